extension Lexer {
    /// The length and the message of a run of characters, from `index`, that cannot start a token
    /// (one error for the run, not one per character).
    func unexpectedCharacters() -> (length: Int, message: String) {
        var run = [input.character(at: index)]
        var end = index + input.characterLength(at: index)
        while end < input.count && !input.canStartToken(at: end) {
            run.append(input.character(at: end))
            end += input.characterLength(at: end)
        }
        let described = run.map(Lexer.describe)
        let shown = described.allSatisfy { $0.hasPrefix("'") }
            ? "'\(String(run))'" : described.joined(separator: " ")
        return (run.count, run.count == 1 ? "unexpected character \(shown)" : "unexpected characters \(shown)")
    }

    /// A character as an error message shows it: `'$'`, or `U+0000` when it is invisible.
    static func describe(_ c: Character) -> String {
        let invisible = c.isWhitespace || c.unicodeScalars.contains {
            switch $0.properties.generalCategory {
            case .control, .format, .unassigned, .privateUse, .surrogate, .lineSeparator, .paragraphSeparator,
                 .spaceSeparator, .nonspacingMark, .enclosingMark:
                return true
            default:
                return false
            }
        }
        guard invisible else { return "'\(c)'" }
        return c.unicodeScalars.map { scalar in
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }.joined(separator: " ")
    }
}
