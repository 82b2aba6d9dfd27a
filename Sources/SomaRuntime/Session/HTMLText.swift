/// The text of an HTML fragment, as a terminal shows `html("…")`: tags removed, entities decoded,
/// whitespace collapsed as a browser collapses it (kept inside `<pre>`), block elements on lines of
/// their own, list items marked with "- ", table cells two spaces apart, scripts, styles and comments
/// dropped. A forgiving reader, not a validator: a stray `<` is text.
enum HTMLText {
    static func plain(_ html: String) -> String {
        var out = Lines()
        let chars = Array(html)
        var i = 0
        var preDepth = 0
        while i < chars.count {
            let c = chars[i]
            if c == "<", let tag = Tag(chars, at: i) {
                i = tag.end
                switch tag.name {
                case "!--": i = skip(chars, from: i, past: "-->")
                case "script", "style": if !tag.closing { i = skip(chars, from: i, past: "</\(tag.name)") }
                case "br": out.breakLine(force: true)
                case "li" where !tag.closing:
                    out.breakLine()
                    out.append("- ")
                case "td", "th": if !tag.closing, !out.current.isEmpty { out.append("  ") }
                case "pre":
                    preDepth = max(0, preDepth + (tag.closing ? -1 : 1))
                    out.breakLine()
                default: if blocks.contains(tag.name) { out.breakLine() }
                }
                continue
            }
            if c == "&", let (decoded, end) = entity(chars, at: i) {
                out.append(decoded)
                i = end
                continue
            }
            if preDepth > 0 {
                if c == "\n" { out.breakLine(force: true) } else { out.append(String(c)) }
            } else if c.isWhitespace {
                out.space()
            } else {
                out.append(String(c))
            }
            i += 1
        }
        return out.text
    }

    /// Elements that start and end a line of their own.
    static let blocks: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "tr", "table", "thead", "tbody",
        "blockquote", "hr", "section", "article", "header", "footer", "nav", "aside", "main", "figure",
        "figcaption", "caption", "dl", "dt", "dd", "details", "summary", "form", "address",
    ]

    /// Named entities beside the numeric ones (`&#233;`, `&#xE9;`).
    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "copy": "©", "reg": "®",
        "mdash": "—", "ndash": "–", "hellip": "…", "times": "×", "divide": "÷", "minus": "−", "middot": "·",
        "laquo": "«", "raquo": "»", "deg": "°", "plusmn": "±", "micro": "µ", "para": "¶", "sect": "§",
        "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "le": "≤", "ge": "≥", "ne": "≠", "infin": "∞",
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "lambda": "λ", "mu": "μ",
        "pi": "π", "sigma": "σ", "theta": "θ", "bull": "•", "euro": "€", "pound": "£", "yen": "¥",
    ]

    /// The character of the entity at `i` and the index past it, or nil when it is no entity.
    static func entity(_ chars: [Character], at i: Int) -> (String, Int)? {
        var j = i + 1
        var name = ""
        while j < chars.count, j - i <= 32, chars[j] != ";" {
            guard chars[j].isLetter || chars[j].isNumber || chars[j] == "#" else { return nil }
            name.append(chars[j])
            j += 1
        }
        guard j < chars.count, chars[j] == ";" else { return nil }
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let code = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let code, let scalar = Unicode.Scalar(code) else { return nil }
            return (String(Character(scalar)), j + 1)
        }
        return entities[name].map { ($0, j + 1) }
    }

    /// The index just past the first `marker` (compared without case) at or after `start`, or the end.
    static func skip(_ chars: [Character], from start: Int, past marker: String) -> Int {
        let m = Array(marker.lowercased())
        var i = max(0, start)
        while i + m.count <= chars.count {
            if String(chars[i..<(i + m.count)]).lowercased() == String(m) {
                if m.first == "<" {
                    // A closing tag: past its `>`.
                    var j = i + m.count
                    while j < chars.count, chars[j] != ">" { j += 1 }
                    return min(chars.count, j + 1)
                }
                return i + m.count
            }
            i += 1
        }
        return chars.count
    }

    /// One tag: its lowercased name (`!--` for a comment), whether it closes, and where it ends.
    struct Tag {
        let name: String
        let closing: Bool
        let end: Int

        init?(_ chars: [Character], at start: Int) {
            var i = start + 1
            if i + 2 < chars.count, chars[i] == "!", chars[i + 1] == "-", chars[i + 2] == "-" {
                name = "!--"
                closing = false
                end = start + 4
                return
            }
            closing = i < chars.count && chars[i] == "/"
            if closing { i += 1 }
            guard i < chars.count, chars[i].isLetter || chars[i] == "!" || chars[i] == "?" else { return nil }
            var name = ""
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "!" || chars[i] == "?" {
                name.append(chars[i])
                i += 1
            }
            // Attributes may hold a quoted `>`.
            var quote: Character?
            while i < chars.count {
                let c = chars[i]
                if let q = quote { if c == q { quote = nil } }
                else if c == "\"" || c == "'" { quote = c }
                else if c == ">" { break }
                i += 1
            }
            guard i < chars.count else { return nil }
            self.name = name.lowercased()
            end = i + 1
        }
    }

    /// The text being built, line by line, with whitespace collapsed.
    struct Lines {
        var done: [String] = []
        var current = ""
        var pendingSpace = false

        mutating func append(_ s: String) {
            if pendingSpace, !current.isEmpty { current += " " }
            pendingSpace = false
            current += s
        }

        mutating func space() { pendingSpace = true }

        /// Ends the line; an empty line is kept only when `force`d (`<br>`, a newline in `<pre>`).
        mutating func breakLine(force: Bool = false) {
            pendingSpace = false
            if !current.isEmpty || force { done.append(current) }
            current = ""
        }

        var text: String {
            var lines = done + (current.isEmpty ? [] : [current])
            lines = lines.map(\.droppingTrailingSpaces)
            while lines.last == "" { lines.removeLast() }
            while lines.first == "" { lines.removeFirst() }
            return lines.joined(separator: "\n")
        }
    }
}
