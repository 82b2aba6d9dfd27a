import Foundation

/// A named thread that can be joined.
final class WorkerThread: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `body` on a new thread at once.
    init(name: String, stackSize: Int = 1 << 20, body: @escaping () -> Void) {
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
