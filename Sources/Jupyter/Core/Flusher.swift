import Foundation

/// Calls `action` every `interval` seconds on its own thread while resumed: the stream flush rhythm.
///
/// Unchecked Sendable: its mutable state is read and written only under `condition`.
final class Flusher: @unchecked Sendable {
    private let condition = NSCondition()
    private var active = false
    private var stopped = false
    private let interval: TimeInterval
    private let action: () -> Void
    private var thread: WorkerThread?

    init(interval: TimeInterval, action: @escaping () -> Void) {
        self.interval = interval
        self.action = action
    }

    /// Starts the thread (paused).
    func start() {
        thread = WorkerThread(name: "jupyter.flusher") { [self] in loop() }
    }

    /// Begins calling `action` (a cell started).
    func resume() { set { $0.active = true } }

    /// Stops calling `action` until resumed (the cell ended).
    func pause() { set { $0.active = false } }

    /// Ends the thread and waits for it.
    func stop() {
        set { $0.stopped = true }
        thread?.join()
        thread = nil
    }

    private func set(_ change: (Flusher) -> Void) {
        condition.lock()
        change(self)
        condition.broadcast()
        condition.unlock()
    }

    private func loop() {
        condition.lock()
        while !stopped {
            if active {
                _ = condition.wait(until: Date(timeIntervalSinceNow: interval))
                if active && !stopped {
                    condition.unlock()
                    action()
                    condition.lock()
                }
            } else {
                condition.wait()
            }
        }
        condition.unlock()
    }
}
