import Foundation

/// A named thread that can be joined.
///
/// Unchecked Sendable: it keeps only a semaphore, which is thread-safe.
final class WorkerThread: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread at once. The body, and what it captures, is handed over: the
    /// caller keeps no use of it, so the new thread is its only user.
    init(name: String, stackSize: Int = 1 << 20, body: sending @escaping () -> Void) {
        // `sending` has proved that nothing else holds the body; Thread's block cannot take that proof.
        nonisolated(unsafe) let body = body
        let thread = Thread { [finished] in
            body()
            finished.signal()
        }
        thread.name = name
        thread.stackSize = stackSize
        thread.start()
    }

    /// Waits until the body has returned.
    func join() { finished.wait() }
}
