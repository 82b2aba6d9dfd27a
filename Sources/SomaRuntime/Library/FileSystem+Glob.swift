#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import NN
import Script

/// Wildcard patterns: `*` and `?` within a name, `[abc]` sets, and `**` for any depth of folders.
extension FileSystem {
    /// The paths that match `pattern`, sorted by their bytes, as the pattern writes them (a relative
    /// pattern gives relative paths).
    ///
    /// The C library's `glob(3)` matches every part without `**`; a `**` part matches zero or more
    /// folders, found by walking the tree without following links. As in Python and the shell, a
    /// wildcard does not match a name starting with a dot; `folder/**` lists everything under folder.
    static func listFiles(_ pattern: String, op: String, checkInterrupt: () throws -> Void) throws -> [String] {
        let full = FileIO.resolved(pattern)
        // The session's folder that `resolved` put in front; matched literally, and taken off again.
        let base = String(full.utf8.dropLast(pattern.utf8.count)) ?? ""
        var found = Set<String>()
        try expand(prefix: base, pattern.split(separator: "/", omittingEmptySubsequences: false).map(String.init),
                   into: &found, op: op, checkInterrupt: checkInterrupt)
        let paths = found.map { String($0.utf8.dropFirst(base.utf8.count)) ?? $0 }
        try Interpreter.checkCollection(paths.count, "\(op): '\(pattern)' matches too many paths (\(paths.count))")
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Adds the matches of the parts `parts` under `prefix` (a literal path, empty or ending in "/").
    private static func expand(prefix: String, _ parts: [String], into found: inout Set<String>,
                               op: String, checkInterrupt: () throws -> Void) throws {
        try checkInterrupt()
        guard let star = parts.firstIndex(of: "**") else {
            for path in try glob(escaped(prefix) + parts.joined(separator: "/"), op: op) { found.insert(path) }
            return
        }
        let tail = Array(parts[(star + 1)...])
        // The folders the parts before `**` name (a pattern ending in "/" matches only folders): the
        // starting points of the walk.
        let starts = star == 0 ? [prefix]
            : try glob(escaped(prefix) + parts[..<star].joined(separator: "/") + "/", op: op).map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        for start in starts {
            for folder in try [start] + subfolders(start, op: op, checkInterrupt: checkInterrupt) {
                if tail.isEmpty {
                    for name in try entries(of: folder, shown: folder, op: op) { found.insert(folder + name) }
                } else {
                    try expand(prefix: folder, tail, into: &found, op: op, checkInterrupt: checkInterrupt)
                }
            }
        }
    }

    /// Every folder below `folder` (which is empty or ends in "/"), each ending in "/", without
    /// following links (a link to a folder above would never end).
    private static func subfolders(_ folder: String, op: String, checkInterrupt: () throws -> Void) throws -> [String] {
        var out: [String] = []
        var pending = [folder]
        while let next = pending.popLast() {
            try checkInterrupt()
            for name in try entries(of: next, shown: next, op: op) {
                var info = stat()
                let path = next + name
                if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                    out.append(path + "/")
                    pending.append(path + "/")
                }
            }
        }
        return out
    }

    /// The matches of `pattern` by `glob(3)`; none is an empty list, not an error.
    private static func glob(_ pattern: String, op: String) throws -> [String] {
        var matches = glob_t()
        defer { globfree(&matches) }
        switch systemGlob(pattern, &matches) {
        case 0: break
        case GLOB_NOMATCH: return []
        case GLOB_NOSPACE: throw ScriptError("MemoryError", "\(op): no memory to list the matches of '\(pattern)'")
        default: throw ScriptError("ValueError", "\(op): cannot list the matches of '\(pattern)'")
        }
        let paths = (0..<Int(matches.gl_pathc)).compactMap { i in matches.gl_pathv[i].map { String(cString: $0) } }
        // `.*` matches `.` and `..` in glob(3), as in the shell; as in Python, only a pattern that
        // names them gets them.
        let named = pattern.split(separator: "/").last
        return paths.filter { path in
            let last = path.split(separator: "/").last
            return !(last == "." || last == "..") || last == named
        }
    }

    /// `path` with the characters that `glob(3)` reads as wildcards escaped, so it matches only itself.
    private static func escaped(_ path: String) -> String {
        var out = ""
        for c in path {
            if c == "*" || c == "?" || c == "[" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}

/// The C library's `glob(3)`, under a name that `FileSystem.glob` does not hide.
private func systemGlob(_ pattern: String, _ matches: inout glob_t) -> Int32 {
    glob(pattern, 0, nil, &matches)
}
