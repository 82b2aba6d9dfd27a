#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Finds the data files that ship with Soma (`data/digits.csv.gz`) at run time.
///
/// The package has no resources, so the files are looked for where a checkout or an install keeps
/// them: the folder named by `SOMA_DATA_DIR`, else `data/` in the executable's folder or any folder
/// above it, else `data/` in the current folder or any folder above it.
public enum DataFiles {
    /// The environment variable naming the folder that holds the data files.
    public static let environmentVariable = "SOMA_DATA_DIR"

    /// The path of data file `name`, or a ValueError listing where it was looked for.
    public static func locate(_ name: String) throws -> String {
        try FileIO.checkPath(name, "dataFile")
        var tried: [String] = []
        if let dir = getenv(environmentVariable).map({ String(cString: $0) }), !dir.isEmpty {
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            if FileIO.isFile(path) { return path }
            tried.append(path)
        }
        for start in [executableFolder(), currentFolder()].compactMap({ $0 }) {
            var folder = start
            while true {
                let path = (folder == "/" ? "" : folder) + "/data/" + name
                if FileIO.isFile(path) { return path }
                if tried.count < 3 { tried.append(path) }
                guard let parent = parentFolder(folder) else { break }
                folder = parent
            }
        }
        throw TensorError(.value, "cannot find the data file '\(name)'; set \(environmentVariable) to the folder that holds it (looked in \(tried.joined(separator: ", ")) and the folders above)")
    }

    /// The folder of the running executable, symbolic links resolved.
    static func executableFolder() -> String? {
        #if os(Linux)
        let candidate = "/proc/self/exe"
        #else
        let candidate = CommandLine.arguments.first ?? ""
        #endif
        guard let resolved = realpath(candidate, nil) else { return nil }
        defer { free(resolved) }
        return parentFolder(String(cString: resolved))
    }

    static func currentFolder() -> String? {
        guard let cwd = getcwd(nil, 0) else { return nil }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    /// `/a/b` → `/a`, `/a` → `/`, `/` → nil.
    static func parentFolder(_ path: String) -> String? {
        guard path != "/", let slash = path.lastIndex(of: "/") else { return nil }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
