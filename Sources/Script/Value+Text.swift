/// How values print: `print(x)` and `str(x)` use `text`; inside lists and dictionaries strings are quoted.
///
/// A list or dictionary that contains itself prints as `[...]` where it recurs; nesting deeper than
/// `maxDepth` prints as `…`. `repr`, the form a result is displayed in, also summarises: lists and
/// dictionaries show their first `reprItems` entries and strings their first `reprCharacters`
/// characters, each with a count of what it left out (as IPython does); `print` shows everything.
extension Value {
    public var text: String {
        var f = Formatter(summarize: false)
        return f.format(self, quoted: false, depth: 0)
    }

    /// The form shown when a value is displayed as a result (strings quoted, long values summarised).
    public var repr: String {
        var f = Formatter(summarize: true)
        return f.format(self, quoted: true, depth: 0)
    }

    /// How many items of a list or dictionary `repr` shows.
    public static let reprItems = 1000
    /// How many characters of a string `repr` shows.
    public static let reprCharacters = 10_000
    /// How deep nested lists, dictionaries and layers print before `…`.
    static let maxDepth = 20

    /// One formatting pass: the containers being printed now, to print a cycle as `[...]`.
    private struct Formatter {
        let summarize: Bool
        var open = Set<ObjectIdentifier>()

        mutating func format(_ v: Value, quoted: Bool, depth: Int) -> String {
            if depth > Value.maxDepth { return "…" }
            switch v {
            case .null: return "nil"
            case .bool(let b): return b ? "true" : "false"
            case .number(let n): return Value.formatNumber(n)
            case .string(let s):
                guard summarize, s.count > Value.reprCharacters else { return quoted ? Value.quote(s) : s }
                let shown = String(s.prefix(Value.reprCharacters))
                return (quoted ? Value.quote(shown) : shown) + "… (\(s.count - Value.reprCharacters) more characters)"
            case .list(let l):
                return nested(l, "[...]") { f in
                    f.items(l.items.count) { f, i in f.format(l.items[i], quoted: true, depth: depth + 1) }
                }
            case .dictionary(let d):
                if d.count == 0 { return "[:]" }
                return nested(d, "[...]") { f in
                    f.items(d.count) { f, i in
                        f.format(d.keys[i], quoted: true, depth: depth + 1) + ": " + f.format(d.values[i], quoted: true, depth: depth + 1)
                    }
                }
            case .range(let lo, let hi): return "\(lo)..<\(hi)"
            case .function(let f): return "<fn \(f.name)>"
            case .object(let o): return o.text
            case .instance(let i):
                return nested(i, "\(i.type.name)(...)") { f in
                    let fields = i.fields.filter { if case .function = $0.value { return false }; return true }
                    return "\(i.type.name)(" + fields.map { "\($0.name): \(f.format($0.value, quoted: true, depth: depth + 1))" }.joined(separator: ", ") + ")"
                }
            }
        }

        /// Formats a container unless it is already being formatted further out (a cycle).
        private mutating func nested(_ container: AnyObject, _ cycle: String, _ body: (inout Formatter) -> String) -> String {
            let id = ObjectIdentifier(container)
            guard open.insert(id).inserted else { return cycle }
            defer { open.remove(id) }
            return body(&self)
        }

        /// `[a, b, …]` from `count` formatted items, cut to `reprItems` when summarising.
        private mutating func items(_ count: Int, _ item: (inout Formatter, Int) -> String) -> String {
            let shown = summarize ? min(count, Value.reprItems) : count
            var parts: [String] = []
            parts.reserveCapacity(shown + 1)
            for i in 0..<shown { parts.append(item(&self, i)) }
            if shown < count { parts.append("… (\(count - shown) more)") }
            return "[" + parts.joined(separator: ", ") + "]"
        }
    }

    /// Whole numbers print without a fraction (`3`), others in the shortest form that reads back.
    public static func formatNumber(_ n: Double) -> String {
        if n.isNaN { return "nan" }
        if n.isInfinite { return n < 0 ? "-inf" : "inf" }
        if n == n.rounded(), Swift.abs(n) < 1e16 { return String(Int64(n)) }
        return "\(n)"
    }

    public static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
