/// Whether some input is a whole program yet: what a REPL asks before running an entry, and what a
/// Jupyter kernel answers to `is_complete_request`.
public enum Completeness: Equatable, Sendable {
    /// It parses (empty input too): run it.
    case complete
    /// It ends too soon, and more lines could finish it: inside an open `(`, `[` or `{`, inside a string
    /// or an interpolation, after a binary operator, a `,` or an `=`, or after `if c`, `else`, `while c`,
    /// `for x in xs`, `fn f()` or `layer L()` without a body, or after a `try { … }` with no `catch` or
    /// `finally` yet. `indent` is what the next line could start
    /// with: four spaces for each line that left a bracket open, nothing inside a string.
    case incomplete(indent: String)
    /// It has an error that no further input can fix (`)` with nothing open, `let = 3`).
    case invalid

    /// Classifies `text` by scanning and parsing it. An interrupt stops the check and answers
    /// `.complete`: running the input then reports what is wrong with it.
    public static func check(_ text: String) -> Completeness {
        let analysis = Parser.analyze(Source(text, kind: .cell(0)))
        if analysis.interrupted || analysis.diagnostics.isEmpty { return .complete }
        if analysis.diagnostics.contains(where: { !$0.atEnd }) { return .invalid }
        if analysis.endsInsideString { return .incomplete(indent: "") }
        return .incomplete(indent: indent(openIn: analysis.tokens))
    }

    /// Whether `text` ends with a `(`, `[` or `{` still open, every bracket closed so far having closed
    /// its own kind, whatever errors it has. A REPL reads on while this holds, even for `.invalid`
    /// input: an error inside a block is then reported once, with the whole block, instead of with the
    /// block cut short and again for each line typed after it.
    public static func endsInsideOpenBracket(_ text: String) -> Bool {
        let analysis = Parser.analyze(Source(text, kind: .cell(0)))
        if analysis.interrupted { return false }
        var open: [TokenKind] = []
        for token in analysis.tokens {
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace:
                open.append(token.kind)
            case .rightParen, .rightBracket, .rightBrace:
                let opener: TokenKind = token.kind == .rightParen ? .leftParen : token.kind == .rightBracket ? .leftBracket : .leftBrace
                guard open.last == opener else { return false }
                open.removeLast()
            default:
                break
            }
        }
        return !open.isEmpty
    }

    /// Four spaces for each line that holds a bracket still open at the end of `tokens`.
    static func indent(openIn tokens: [Token]) -> String {
        var open: [Int] = []  // the lines of the open brackets, innermost last
        for token in tokens {
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace:
                open.append(token.location.line)
            case .rightParen, .rightBracket, .rightBrace:
                if !open.isEmpty { open.removeLast() }
            default:
                break
            }
        }
        return String(repeating: "    ", count: Set(open).count)
    }
}
