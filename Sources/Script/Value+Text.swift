/// How values print: `print(x)` and `str(x)` use `text`; inside lists and dictionaries strings are quoted.
extension Value {
    public var text: String { format(quoted: false, depth: 0) }

    /// The form shown when a value is displayed as a result (strings quoted).
    public var repr: String { format(quoted: true, depth: 0) }

    func format(quoted: Bool, depth: Int) -> String {
        if depth > 20 { return "…" }
        switch self {
        case .null: return "nil"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return Value.formatNumber(n)
        case .string(let s): return quoted ? Value.quote(s) : s
        case .list(let l): return "[" + l.items.map { $0.format(quoted: true, depth: depth + 1) }.joined(separator: ", ") + "]"
        case .dictionary(let d):
            if d.count == 0 { return "[:]" }
            return "[" + zip(d.keys, d.values).map {
                $0.format(quoted: true, depth: depth + 1) + ": " + $1.format(quoted: true, depth: depth + 1)
            }.joined(separator: ", ") + "]"
        case .range(let lo, let hi): return "\(lo)..<\(hi)"
        case .function(let f): return "<fn \(f.name)>"
        case .object(let o): return o.text
        case .instance(let i):
            let fields = i.fields.filter { if case .function = $0.value { return false }; return true }
            return "\(i.type.name)(" + fields.map { "\($0.name): \($0.value.format(quoted: true, depth: depth + 1))" }.joined(separator: ", ") + ")"
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
