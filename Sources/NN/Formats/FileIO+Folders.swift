#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

extension FileIO {
    /// What a folder holds: each entry's name (no `.` or `..`, no hidden names starting with a dot) and
    /// whether it is a folder, sorted by name; a ValueError names the path when it cannot be read.
    public static func entries(_ path: String, op: String) throws -> [(name: String, isFolder: Bool)] {
        try checkPath(path, op)
        let folder = resolved(path)
        guard let stream = opendir(folder) else { throw failure("\(op): cannot read the folder", path) }
        defer { closedir(stream) }
        var found: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            var info = stat()
            let full = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            guard stat(full, &info) == 0 else { continue }   // a dangling link
            found.append((name, (info.st_mode & S_IFMT) == S_IFDIR))
            try EngineContext.checkInterrupt()
        }
        return found.sorted { $0.name < $1.name }
    }
}
