import JSONFormat
/// What a running cell can do besides computing: write to stdout/stderr, show rich output, ask for input.
///
/// Only valid during the `execute` call it was given to, and only from that thread.
public protocol ExecutionContext: AnyObject {
    /// The count of the running cell.
    var executionCount: Int { get }

    /// Appends text to a stream. Cheap: text is batched and sent at least every flush interval
    /// (50 ms by default) while the cell runs, and all of it before the reply.
    func write(_ text: String, to stream: StreamName)

    /// Publishes `display_data`. With a `displayID`, later `updateDisplay` calls replace this output.
    func display(_ data: DisplayData, displayID: String?)

    /// Publishes `update_display_data`: replaces every output shown with `displayID`.
    func updateDisplay(_ data: DisplayData, displayID: String)

    /// Publishes `clear_output`; with `wait`, the frontend clears when the next output arrives (no flicker).
    func clearOutput(wait: Bool)

    /// Publishes `execute_result` (the cell's value) with this cell's count.
    func publishResult(_ data: DisplayData)

    /// Asks the frontend for a line of input (`input_request`) and waits for the `input_reply`.
    /// Throws `InputError.notAllowed` when the request said `allow_stdin: false`, and
    /// `InputError.interrupted` when the kernel is interrupted or stopping while it waits.
    func readInput(prompt: String, password: Bool) throws -> String

    /// Sends the batched stream text now.
    func flush()

    /// Shows `data` in the frontend's pager (a `page` payload of the execute reply), as `help` does in
    /// a notebook; only the last call of a cell is kept.
    func page(_ data: DisplayData)

    /// Opens a comm from the kernel's side (`comm_open` on iopub). What the frontend sends on it comes
    /// to `KernelBackend.handleComm`, and `comm_info_request` lists it until either side closes it.
    func openComm(_ id: String, target: String, data: [String: JSON], metadata: [String: JSON])

    /// Sends `comm_msg` on a comm this kernel opened; a comm that is not open is ignored.
    func sendComm(_ id: String, data: [String: JSON], metadata: [String: JSON])

    /// Closes a comm this kernel opened (`comm_close`).
    func closeComm(_ id: String, data: [String: JSON])
}

extension ExecutionContext {
    /// Publishes `display_data` without a display id.
    public func display(_ data: DisplayData) { display(data, displayID: nil) }

    /// Asks for a visible line of input.
    public func readInput(prompt: String) throws -> String { try readInput(prompt: prompt, password: false) }
}

/// The two text streams.
public enum StreamName: String, Sendable {
    case stdout, stderr
}

/// Why `readInput` gave no line.
public enum InputError: Error, Equatable, CustomStringConvertible {
    /// The request said `allow_stdin: false` (for example, a notebook run by nbclient).
    case notAllowed
    /// The kernel was interrupted or is shutting down while waiting.
    case interrupted

    public var description: String {
        switch self {
        case .notAllowed: return "StdinNotImplementedError: this frontend does not support input requests"
        case .interrupted: return "Interrupted while waiting for input"
        }
    }
}
