#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import NN
import Script

/// The file-system calls behind the file builtins, over POSIX, with ValueErrors that start with the
/// builtin's name and name the path as the user wrote it.
///
/// A relative path starts from the session's folder, as `FileIO.resolved` says.
enum FileSystem {
    /// Whether anything is at `path` (a link counts by what it points to, as Python's `exists`).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(FileIO.resolved(path), &info) == 0
    }

    /// Whether `path` is a folder (or a link to one).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(FileIO.resolved(path), &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Appends `bytes` to the file at `path`, creating it when missing.
    ///
    /// The file is opened with `O_APPEND` and written in place: a failure part way (a full disk) can
    /// leave part of the new text at the end, but never touches what was there before.
    static func append(_ bytes: [UInt8], to path: String, op: String) throws {
        let fd = open(FileIO.resolved(path), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(op, "cannot append to", path) }
        defer { close(fd) }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { raw in
            while written < raw.count {
                guard let base = raw.baseAddress else { return false }
                let n = write(fd, base + written, raw.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return fsync(fd) == 0
        }
        guard ok else { throw failure(op, "cannot append to", path) }
    }

    /// Makes the folder `path` and every missing folder above it, as `mkdir -p`: a folder that is
    /// already there is fine; a file in the way is an error naming it.
    static func makeDirs(_ path: String, op: String) throws {
        let full = FileIO.resolved(path)
        var prefix = full.hasPrefix("/") ? "/" : ""
        for part in full.split(separator: "/") {
            prefix += part
            defer { prefix += "/" }
            if mkdir(prefix, 0o777) == 0 { continue }
            let code = errno
            var info = stat()
            if stat(prefix, &info) == 0 {
                if (info.st_mode & S_IFMT) == S_IFDIR { continue }
                throw ScriptError("ValueError", "\(op): cannot make '\(path)': '\(prefix)' is a file, not a folder")
            }
            errno = code
            throw failure(op, "cannot make", path)
        }
    }

    /// Makes a new, empty folder that only this user can enter, named `prefix` and six random
    /// characters, in `$TMPDIR` (or `/tmp`), as Python's `tempfile.mkdtemp`; returns its path.
    static func makeTemporaryFolder(prefix: String, op: String) throws -> String {
        guard prefix.count <= 100, !prefix.contains("/"), !prefix.contains("\0") else {
            throw ScriptError("ValueError", "\(op): the prefix must be a name of at most 100 characters without '/', not \(Value.quote(prefix))")
        }
        var base = getenv("TMPDIR").map { String(cString: $0) } ?? ""
        if base.isEmpty || !isDirectory(base) { base = "/tmp" }
        if base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        var template = Array((base + "/" + prefix + "XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else { throw failure(op, "cannot make a folder in", base) }
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Removes the file at `path`; a folder only when `recursive`, with everything in it.
    ///
    /// A link is removed itself, never what it points to, and a folder's walk never follows links.
    static func remove(_ path: String, recursive: Bool, op: String, checkInterrupt: () throws -> Void) throws {
        let full = FileIO.resolved(path)
        let last = full.split(separator: "/").last.map(String.init) ?? ""
        guard !last.isEmpty, last != ".", last != ".." else {
            throw ScriptError("ValueError", "\(op): refusing to remove '\(path)'; name the folder itself")
        }
        var info = stat()
        guard lstat(full, &info) == 0 else { throw failure(op, "cannot remove", path) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            guard unlink(full) == 0 else { throw failure(op, "cannot remove", path) }
            return
        }
        guard recursive else {
            throw ScriptError("ValueError", "\(op): '\(path)' is a folder; remove(path, recursive: true) removes it with everything in it")
        }
        let fd = open(full, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw failure(op, "cannot remove", path) }
        try removeContents(fd, shown: path, op: op, checkInterrupt: checkInterrupt)
        guard rmdir(full) == 0 else { throw failure(op, "cannot remove", path) }
    }

    /// Removes everything in the folder open as `fd` (closed after), then nothing else: the caller
    /// removes the folder itself. Entries go by name relative to their folder, so names that are not
    /// UTF-8 and trees deeper than `PATH_MAX` are removed too.
    private static func removeContents(_ fd: Int32, shown: String, op: String, checkInterrupt: () throws -> Void) throws {
        guard let dir = fdopendir(fd) else { close(fd); throw failure(op, "cannot list", shown) }
        defer { closedir(dir) }
        let folder = dirfd(dir)
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 0
        try checkInterrupt()
        while let entry = readdir(dir) {
            let name = UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self)
            if strcmp(name, ".") == 0 || strcmp(name, "..") == 0 { continue }
            let shownChild = shown + "/" + String(cString: name)
            var info = stat()
            guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { throw failure(op, "cannot remove", shownChild) }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                let child = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else { throw failure(op, "cannot remove", shownChild) }
                try removeContents(child, shown: shownChild, op: op, checkInterrupt: checkInterrupt)
                guard unlinkat(folder, name, AT_REMOVEDIR) == 0 else { throw failure(op, "cannot remove", shownChild) }
            } else if unlinkat(folder, name, 0) != 0 {
                throw failure(op, "cannot remove", shownChild)
            }
        }
    }

    /// The names in `folder` (`""` is the current one) that a wildcard matches: not those starting with a dot.
    static func entries(of folder: String, shown: String, op: String) throws -> [String] {
        guard let dir = opendir(folder.isEmpty ? "." : folder) else { throw failure(op, "cannot list", shown) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            names.append(name)
        }
        return names
    }

    /// A ValueError for the current `errno`: "remove: cannot remove 'x': No such file or directory".
    static func failure(_ op: String, _ what: String, _ path: String) -> ScriptError {
        ScriptError("ValueError", "\(op): \(what) '\(path)': \(String(cString: strerror(errno)))")
    }
}
