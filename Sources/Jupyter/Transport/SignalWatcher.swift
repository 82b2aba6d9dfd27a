#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The write end of the SIGINT pipe; the only thing the signal handler touches.
nonisolated(unsafe) private var interruptPipeWriter: Int32 = -1

/// Turns SIGINT into calls of `onInterrupt` on an ordinary thread: the handler only writes a byte to a
/// pipe (async-signal-safe), and a watcher thread reads it.
final class SignalWatcher {
    private let reader: Int32
    private let writer: Int32
    private let previous: (@convention(c) (Int32) -> Void)?
    private var thread: WorkerThread?

    /// Installs the SIGINT handler; nil when a pipe cannot be made. Only one may be installed at a time.
    init?(onInterrupt: @escaping @Sendable () -> Void) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        reader = fds[0]
        writer = fds[1]
        interruptPipeWriter = writer
        previous = signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(interruptPipeWriter, &byte, 1)
        }
        thread = WorkerThread(name: "jupyter.signals") { [reader] in
            var byte: UInt8 = 0
            while true {
                let count = read(reader, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 || byte == 0 { return }
                onInterrupt()
            }
        }
    }

    /// Restores the previous SIGINT disposition and ends the watcher thread.
    func stop() {
        guard let thread else { return }
        signal(SIGINT, previous)
        var byte: UInt8 = 0
        _ = write(writer, &byte, 1)
        thread.join()
        self.thread = nil
        interruptPipeWriter = -1
        close(reader)
        close(writer)
    }

    deinit { stop() }
}
