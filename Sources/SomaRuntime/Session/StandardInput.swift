import Foundation
import Script

/// Lines of the process's standard input, read so that an interrupt ends the wait: `input()` in a
/// script and the REPL reading a piped script share it, so neither reads ahead of the other.
///
/// It reads the file descriptor directly (no stdio buffer) and polls in short slices, looking at the
/// interrupt flag between them, so Ctrl-C while `input()` waits raises `Interrupted` instead of being
/// noticed only after Enter.
///
/// Unchecked Sendable: the buffer and the end flag are touched only under `lock`.
public final class StandardInput: @unchecked Sendable {
    /// The reader of file descriptor 0.
    public static let shared = StandardInput(fileDescriptor: 0)

    private let fd: Int32
    private var pending: [UInt8] = []
    private var atEnd = false
    private let lock = NSLock()

    public init(fileDescriptor: Int32) { fd = fileDescriptor }

    /// Why a read gave no line.
    public enum Failure: Error { case interrupted }

    /// The next line without its newline; nil at end of input. Throws `.interrupted` as soon as
    /// `interrupted()` says so (looked at every `slice` seconds while waiting).
    public func readLine(slice: Double = 0.05, interrupted: () -> Bool = { Interpreter.interruptRequested }) throws -> String? {
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line.hasSuffix("\r") ? String(line.dropLast()) : line
            }
            // An interrupt wins over the end of input that often follows it (the terminal closing).
            if interrupted() { throw Failure.interrupted }
            if atEnd {
                guard !pending.isEmpty else { return nil }
                defer { pending.removeAll() }
                return String(decoding: pending, as: UTF8.self)
            }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(slice * 1000))
            if ready < 0 && errno != EINTR { atEnd = true; continue }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if count <= 0 { atEnd = true; continue }
            pending.append(contentsOf: chunk[..<count])
        }
    }
}
