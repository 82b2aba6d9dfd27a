import Foundation
import SomaRuntime

/// Standard output for scripts and the REPL: batched into one `write` per line, so a loop that prints
/// costs a copy and a system call per line, while every finished line reaches a terminal, a pipe or a
/// file at once (`soma train.soma | tee log` shows the log as it grows, and a crash or SIGTERM loses
/// no finished line). Text without a newline (a prompt, a progress redraw) waits for `flush()`.
///
/// Locked, because the signal watcher flushes it from its own thread before a hard exit.
final class OutputBuffer: @unchecked Sendable {
    private var buffer: [UInt8] = []
    private let lock = NSLock()

    /// Live displays redraw in place on a terminal that understands cursor movement, and print
    /// plain lines to files, pipes and dumb terminals.
    static var liveOutput: LiveOutput {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        return isatty(1) != 0 && term != "dumb" && !term.isEmpty ? .terminal : .lines
    }

    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(contentsOf: text.utf8)
        if buffer.count > 1 << 16 || text.utf8.contains(UInt8(ascii: "\n")) { flushLocked() }
    }

    func flush() {
        lock.lock()
        defer { lock.unlock() }
        flushLocked()
    }

    /// Flushes unless another thread holds the buffer (a crash handler must not wait for a lock that the
    /// crashed thread may hold).
    func flushWithoutWaiting() {
        guard lock.try() else { return }
        defer { lock.unlock() }
        flushLocked()
    }

    private func flushLocked() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBufferPointer { p in
            var offset = 0
            while offset < p.count {
                let n = Foundation.write(1, p.baseAddress! + offset, p.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
