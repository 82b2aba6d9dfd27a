import Foundation

/// State shared by the kernel's threads: whether a cell runs, interrupts so far, and whether to stop.
///
/// Unchecked Sendable: every stored variable is read and written only under `lock`.
final class Lifecycle: @unchecked Sendable {
    private let lock = NSLock()
    private var executing = false
    private var interrupts = 0
    private var stopping = false
    private var restart: Bool?

    /// Whether a cell is running now.
    var isExecuting: Bool {
        get { lock.withLock { executing } }
        set { lock.withLock { executing = newValue } }
    }

    /// How many interrupts have arrived; a waiter compares it with the count it started with.
    var interruptCount: Int { lock.withLock { interrupts } }

    /// Counts an interrupt and says whether a cell was running to receive it.
    func noteInterrupt() -> Bool {
        lock.withLock {
            interrupts += 1
            return executing
        }
    }

    /// Whether the loops should end.
    var isStopping: Bool { lock.withLock { stopping } }

    /// The `restart` flag of the shutdown request that stopped the kernel, if one did.
    var shutdownRestart: Bool? { lock.withLock { restart } }

    /// Asks every loop to end; a shutdown request also records its `restart` flag.
    func stop(restart: Bool? = nil) {
        lock.withLock {
            stopping = true
            if let restart { self.restart = restart }
        }
    }
}
