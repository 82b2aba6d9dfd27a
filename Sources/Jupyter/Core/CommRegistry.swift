/// The comms the kernel opened and the frontend has not closed: comm id → target name, for
/// `comm_info_request` and for routing `comm_msg` to the backend.
///
/// Used on the shell thread only (cells and comm handlers run there).
final class CommRegistry {
    private(set) var targets: [String: String] = [:]

    func opened(_ id: String, target: String) { targets[id] = target }

    /// Forgets a comm; returns its target, or nil when it was not open.
    @discardableResult
    func closed(_ id: String) -> String? { targets.removeValue(forKey: id) }
}
