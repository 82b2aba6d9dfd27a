#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// A regular text file read in chunks of whole lines, so that a file larger than memory can be read
/// with a bounded buffer: each chunk ends after a newline (or at the end of the file), which keeps a
/// UTF-8 sequence or a \r\n pair from being split.
struct TextChunks {
    /// The bytes asked of each `read`.
    static let chunkBytes = 1 << 16
    /// The longest line read; a longer one (or a file without \n line ends) is an error, not a buffer
    /// that grows with the file.
    static let maxLineBytes = 1 << 24

    let path: String, op: String

    /// Checks that `path` is a regular file that can be opened.
    init(_ path: String, op: String) throws {
        try FileIO.checkPath(path, op)
        self.path = path
        self.op = op
        try withFile { _ in }
    }

    /// Calls `body` with each chunk of text in order, until it returns false; asks the engine's
    /// interrupt hook between chunks.
    func forEach(_ body: (String) throws -> Bool) throws {
        try withFile { fd in
            var pending: [UInt8] = [], chunk = [UInt8](repeating: 0, count: Self.chunkBytes)
            var line = 1
            func emit(_ bytes: ArraySlice<UInt8>) throws -> Bool {
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw TensorError(.value, "\(op): '\(path)' is not UTF-8 text (in or after line \(line))")
                }
                line += bytes.lazy.filter { $0 == 0x0A }.count
                return try body(text)
            }
            while true {
                try EngineContext.checkInterrupt()
                let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw TensorError(.value, "\(op): " + FileIO.failure("cannot read", path).message)
                }
                if n == 0 { break }
                pending.append(contentsOf: chunk[0..<n])
                guard let newline = pending.lastIndex(of: 0x0A) else {
                    guard pending.count <= Self.maxLineBytes else {
                        throw TensorError(.memory, "\(op): '\(path)' has a line longer than \(Memory.bytes(Double(Self.maxLineBytes))) after line \(line) (or no \\n line ends)")
                    }
                    continue
                }
                guard try emit(pending[...newline]) else { return }
                pending.removeSubrange(...newline)
            }
            if !pending.isEmpty { _ = try emit(pending[...]) }
        }
    }

    private func withFile(_ body: (Int32) throws -> Void) throws {
        try FileIO.withRegularFile(path, op: op, why: "; a stream is read once per pass, so it must be a regular file") { fd, _ in
            try body(fd)
        }
    }
}

/// POSIX `read`, under a name that no method hides.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
