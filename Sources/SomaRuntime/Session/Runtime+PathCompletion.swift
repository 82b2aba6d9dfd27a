import Foundation

/// Completion of file paths inside string literals (`load("data/tr|`), for the REPL and notebooks.
extension Runtime {
    /// The most paths one completion offers.
    static let maxPathMatches = 500

    /// Where the string literal around `end` starts (the offset just after its opening quote), or nil
    /// when `end` is not inside one, or is inside one's `\(…)`.
    static func stringStart(_ chars: [Character], before end: Int) -> Int? {
        var start: Int?  // inside a string: where its text starts (-1 after an interpolation in it)
        var interpolations: [Int] = []  // open `\(`: the parenthesis depth each started at
        var parens = 0
        var i = 0
        while i < end {
            let c = chars[i]
            if start != nil {
                if c == "\\" {
                    if i + 1 < end, chars[i + 1] == "(" {
                        interpolations.append(parens)
                        parens += 1
                        start = nil
                    }
                    i += 2
                    continue
                }
                if c == "\"" || c == "\n" { start = nil }
            } else if c == "\"" {
                start = i + 1
            } else if c == "#" {
                while i < end && chars[i] != "\n" { i += 1 }
                continue
            } else if c == "(" {
                parens += 1
            } else if c == ")" {
                parens -= 1
                if let open = interpolations.last, parens == open {
                    interpolations.removeLast()
                    start = -1  // back in the string, after code: no path to complete there
                }
            }
            i += 1
        }
        return start.flatMap { $0 >= 0 ? $0 : nil }
    }

    /// Where the word before `end` starts when it is an argument of a `!command` line (one whose first
    /// non-blank character is `!`, with a space before the word), or nil.
    static func shellWordStart(_ chars: [Character], before end: Int) -> Int? {
        var lineStart = end
        while lineStart > 0, chars[lineStart - 1] != "\n" { lineStart -= 1 }
        var first = lineStart
        while first < end, chars[first] == " " || chars[first] == "\t" { first += 1 }
        guard first < end, chars[first] == "!" else { return nil }
        var word = end
        while word > first + 1, !chars[word - 1].isWhitespace { word -= 1 }
        return word > first + 1 ? word : nil
    }

    /// Paths that complete `typed` (relative to the session's folder; `~` is the home folder), a
    /// folder's with a `/` after it; hidden entries only when `typed`'s last part starts with a dot.
    func completePath(_ typed: String) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let folder = slash.map { String(typed[...$0]) } ?? ""
        let base = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var resolved = folder.isEmpty ? "." : folder
        if resolved == "~/" || resolved.hasPrefix("~/") { resolved = NSHomeDirectory() + resolved.dropFirst() }
        if !resolved.hasPrefix("/"), let directory { resolved = directory + "/" + resolved }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: resolved) else { return [] }
        var matches: [String] = []
        for name in names.sorted() where name.hasPrefix(base) && (base.hasPrefix(".") || !name.hasPrefix(".")) {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: resolved + "/" + name, isDirectory: &isFolder)
            matches.append(folder + name + (isFolder.boolValue ? "/" : ""))
            if matches.count == Self.maxPathMatches { break }
        }
        return matches
    }
}
