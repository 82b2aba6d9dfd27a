#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Whole-file reads and atomic writes over POSIX calls, with errors that name the path.
///
/// NN reads and writes model files without Foundation; the calls it needs are few.
public enum FileIO {
    /// The most bytes `read` returns from a regular file (loading more than this is a MemoryError).
    public static let maxFileBytes = 1 << 32
    /// The most bytes `read` takes from a pipe, a device or anything else that is not a regular file,
    /// whose size is not known beforehand (`/dev/zero` never ends).
    public static let maxStreamBytes = 1 << 28

    /// Every byte of the file at `path`, or a ValueError (cannot open or read) or MemoryError (too large).
    ///
    /// A regular file is checked against `maxFileBytes` before reading; anything else is read in chunks
    /// up to `maxStreamBytes`, asking `checkInterrupt` (the engine's interrupt hook unless a caller passes
    /// its own) between chunks, so a pipe that never ends can be stopped.
    public static func read(_ path: String, maxFileBytes: Int = FileIO.maxFileBytes, maxStreamBytes: Int = FileIO.maxStreamBytes,
                            checkInterrupt: () throws -> Void = { try EngineContext.checkInterrupt() }) throws -> [UInt8] {
        try checkPath(path, "load")
        // Non-blocking, so that opening a FIFO without a writer does not hang, and a pipe that is slow to
        // write can be waited on in short polls between which an interrupt is noticed.
        let fd = open(resolved(path), O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw failure("cannot open", path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("cannot read", path) }
        let regular = (info.st_mode & S_IFMT) == S_IFREG
        if (info.st_mode & S_IFMT) == S_IFDIR { throw TensorError(.value, "cannot read '\(path)': it is a folder, not a file") }
        let limit = regular ? maxFileBytes : maxStreamBytes
        if regular && Int(info.st_size) > limit {
            throw TensorError(.memory, "cannot read '\(path)': the file is \(Memory.bytes(Double(info.st_size))), more than the \(Memory.bytes(Double(limit))) a file may have")
        }
        var out: [UInt8] = []
        if regular {
            // Swift's array growth aborts when memory runs out; ask first, which can say no.
            guard Memory.available(bytes: Int(info.st_size)) else {
                throw TensorError(.memory, "cannot read '\(path)': \(Memory.bytes(Double(info.st_size))) do not fit in memory")
            }
            out.reserveCapacity(Int(info.st_size))
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if !regular { try checkInterrupt() }
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    var waiting = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    _ = poll(&waiting, 1, 100)
                    continue
                }
                if errno == EINTR { try checkInterrupt(); continue }
                throw failure("cannot read", path)
            }
            if n == 0 { break }
            guard out.count + n <= limit else {
                throw TensorError(.memory, regular
                    ? "cannot read '\(path)': the file grew past the \(Memory.bytes(Double(limit))) a file may have"
                    : "cannot read '\(path)': it is not a regular file and gave more than \(Memory.bytes(Double(limit))) (a device or pipe that does not end?)")
            }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// Throws a ValueError when `path` cannot name a file: empty, or with a NUL byte, which the C calls
    /// would silently take as the end of the path (writing "a.npy\0x" to "a.npy").
    public static func checkPath(_ path: String, _ op: String) throws {
        guard !path.isEmpty else { throw TensorError(.value, "\(op): the path is empty") }
        guard !path.utf8.contains(0) else {
            throw TensorError(.value, "\(op): the path \(String(reflecting: path)) contains a NUL character")
        }
    }

    /// Writes `bytes` to `path` so that readers see the old file or the whole new one, never a part:
    /// the bytes go to a temporary file in the same folder, which is flushed and then renamed over `path`.
    ///
    /// A failure removes the temporary file and leaves the old one as it was. The new file keeps the
    /// old one's permissions; a link is written through (its target replaced), not replaced itself.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        try checkPath(path, "save")
        var target = resolved(path)
        var info = stat()
        if lstat(target, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK, let real = realpath(target, nil) {
            target = String(cString: real)
            free(real)
        }
        let existing: mode_t? = stat(target, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? info.st_mode & 0o777 : nil
        let (folder, name) = split(target)
        guard !name.isEmpty else { throw TensorError(.value, "save: '\(path)' names a folder, not a file") }
        var suffix = RNG(seed: UInt64(truncatingIfNeeded: Int(getpid())) &* 0x9E37_79B9 &+ UInt64(truncatingIfNeeded: time(nil)))
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<16 {
            temporary = folder + "." + name + ".tmp-" + String(suffix.next() & 0xFFFF_FFFF, radix: 16)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw failure("cannot write", path) }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return (existing.map { fchmod(fd, $0) == 0 } ?? true) && fsync(fd) == 0
        }
        let code = errno
        close(fd)
        guard ok, rename(temporary, folder + name) == 0 else {
            let renameCode = errno
            unlink(temporary)
            errno = ok ? renameCode : code
            throw failure("cannot write", path)
        }
        // The rename is durable once the folder is flushed too; a failure here loses nothing written.
        let folderFD = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
        if folderFD >= 0 { fsync(folderFD); close(folderFD) }
    }

    /// Whether a regular file exists at `path`.
    public static func isFile(_ path: String) -> Bool {
        guard (try? checkPath(path, "isFile")) != nil else { return false }
        var info = stat()
        return stat(resolved(path), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// `path` as the running session reads it: a relative path starts from the session's folder
    /// (`EngineContext.directory`) when it has one. Messages keep the path as the user wrote it.
    public static func resolved(_ path: String) -> String {
        guard !path.hasPrefix("/"), let folder = EngineContext.current?.directory, !folder.isEmpty else { return path }
        return folder.hasSuffix("/") ? folder + path : folder + "/" + path
    }

    /// The folder part of `path` with its trailing slash ("" for a bare name), and the file name.
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }

    /// A ValueError for the current `errno`: "load: cannot open 'x.npy': No such file or directory".
    /// Opens the regular file at `path` read-only for `body(descriptor, size)` and closes it after;
    /// a ValueError naming it when it cannot be opened or is a folder or other non-regular file
    /// (`why` ends that message: why a regular file is needed).
    static func withRegularFile<R>(_ path: String, op: String, why: String, _ body: (Int32, Int) throws -> R) throws -> R {
        let fd = open(resolved(path), O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw TensorError(.value, "\(op): " + failure("cannot open", path).message) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw TensorError(.value, "\(op): " + failure("cannot read", path).message) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw TensorError(.value, "\(op): '\(path)' is \((info.st_mode & S_IFMT) == S_IFDIR ? "a folder" : "not a regular file")\(why)")
        }
        return try body(fd, Int(info.st_size))
    }

    static func failure(_ what: String, _ path: String) -> TensorError {
        TensorError(.value, "\(what) '\(path)': \(String(cString: strerror(errno)))")
    }
}

/// POSIX `read`, under a name that the enum's own `read(_:)` does not hide.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
