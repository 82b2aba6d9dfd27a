/// IPython's `!command` lines for the REPL and notebooks: a line whose first non-blank character is
/// `!`, standing where a new top-level statement may start, is `shell("command"); nil` (its output
/// shows as it runs, and like IPython's it shows no value: `shell` itself returns the status).
///
/// "Where a new statement may start" means that the lines before it, on their own, are a whole
/// program or one with an error (never one still open): outside every `(`, `[` and `{`, outside a
/// string, and not after a line that asks for more (`let ok =`, `a and`), nor inside a block: there,
/// `shell("…")` is the way. Inside brackets and continued expressions a `!` stays what the parser makes
/// of it (an error that points at `not`, the language's negation). The command is taken as typed, except that `\(expr)`
/// interpolates as in a string. Scripts get no such lines: there, `shell("…")` is the way.
public enum ShellLines {
    /// `code` with each shell line replaced by its `shell("…")` call, on the same line and with the
    /// same indentation, so that error locations keep their line numbers.
    public static func expand(_ code: String) -> String {
        guard code.contains("!") else { return code }
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in lines.indices {
            let indent = lines[i].prefix(while: { $0 == " " || $0 == "\t" })
            let rest = lines[i].dropFirst(indent.count)
            guard rest.hasPrefix("!"), !rest.hasPrefix("!=") else { continue }
            let before = lines[..<i].joined(separator: "\n")
            guard startsStatement(after: before) else { continue }
            lines[i] = indent + "shell(\"" + literal(String(rest.dropFirst())) + "\"); nil"
        }
        return lines.joined(separator: "\n")
    }

    /// Whether a statement may start on the line after `code`.
    static func startsStatement(after code: String) -> Bool {
        if code.allSatisfy(\.isWhitespace) { return true }
        if case .incomplete = Completeness.check(code) { return false }
        return !Completeness.endsInsideOpenBracket(code)
    }

    /// The body of a string literal holding `command`: quotes and backslashes escaped, except the
    /// backslash of an interpolation `\(…)`, which is copied with its expression as written.
    static func literal(_ command: String) -> String {
        let chars = Array(command)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1] == "(" {
                var depth = 0
                repeat {
                    if chars[i] == "(" { depth += 1 } else if chars[i] == ")" { depth -= 1 }
                    out.append(chars[i])
                    i += 1
                } while i < chars.count && !(depth == 0 && chars[i - 1] == ")")
                continue
            }
            if c == "\\" || c == "\"" { out.append("\\") }
            out.append(c)
            i += 1
        }
        return out
    }
}
