#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// A regular file mapped read-only into memory, as NumPy's `mmap_mode='r'` maps one: pages are read from
/// disk when touched and the kernel may drop them again, so a file larger than memory can be read.
///
/// The mapping is private and read-only, and it is unmapped when the last reference goes away.
final class MappedFile {
    let path: String
    /// The file's bytes; empty for an empty file.
    let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`, or a ValueError naming it (missing, a folder, not a regular file).
    init(_ path: String, op: String) throws {
        try FileIO.checkPath(path, op)
        self.path = path
        let fd = open(FileIO.resolved(path), O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw TensorError(.value, "\(op): " + FileIO.failure("cannot open", path).message) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw TensorError(.value, "\(op): " + FileIO.failure("cannot read", path).message) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw TensorError(.value, "\(op): '\(path)' is \((info.st_mode & S_IFMT) == S_IFDIR ? "a folder" : "not a regular file"), and only a regular file can be mapped")
        }
        let size = Int(info.st_size)
        guard size > 0 else { bytes = UnsafeRawBufferPointer(start: nil, count: 0); return }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw TensorError(.value, "\(op): " + FileIO.failure("cannot map", path).message)
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
