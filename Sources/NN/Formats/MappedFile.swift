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
        bytes = try FileIO.withRegularFile(path, op: op, why: ", and only a regular file can be mapped") { fd, size in
            guard size > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
                throw TensorError(.value, "\(op): " + FileIO.failure("cannot map", path).message)
            }
            return UnsafeRawBufferPointer(start: base, count: size)
        }
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
