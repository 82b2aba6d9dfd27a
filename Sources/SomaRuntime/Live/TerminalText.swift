/// Measures and shortens text as a terminal lays it out: ANSI escapes take no columns, East Asian wide
/// characters and most emoji take two, combining marks none.
enum TerminalText {
    /// The columns `text` takes on one line.
    static func width(_ text: String) -> Int {
        plain(text).unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// `text` without its escapes (colors): what a file or a drawing of it should hold.
    static func plain(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var result = String.UnicodeScalarView()
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { escaping = false }
            } else if scalar == "\u{1B}" {
                escaping = true
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// `text` cut to at most `columns` columns, ending in `…` where it was cut; its escapes are kept,
    /// and colors are reset after a cut.
    static func fit(_ text: String, to columns: Int) -> String {
        guard width(text) > columns else { return text }
        guard columns > 0 else { return "" }
        var result = ""
        var used = 0
        var escaping = false
        var colored = false
        for scalar in text.unicodeScalars {
            if escaping {
                result.unicodeScalars.append(scalar)
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { escaping = false }
                continue
            }
            if scalar == "\u{1B}" {
                escaping = true
                colored = true
                result.unicodeScalars.append(scalar)
                continue
            }
            let w = width(of: scalar)
            if used + w > columns - 1 { break }
            result.unicodeScalars.append(scalar)
            used += w
        }
        return result + "…" + (colored ? "\u{1B}[0m" : "")
    }

    /// The rows a line of `text` takes in a terminal `columns` wide (a line that is too long wraps).
    static func rows(_ text: String, columns: Int) -> Int {
        max(1, (width(text) + max(1, columns) - 1) / max(1, columns))
    }

    /// The columns one character takes: 0, 1 or 2.
    static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }
}
