/// A syntax error found by the lexer or the parser, with whether more input could have fixed it.
struct Diagnostic {
    var error: ScriptError
    /// Where it starts, in characters from the start of the source (for ordering).
    var offset: Int
    /// Whether the error is about the input ending too soon (an unterminated string, a missing `)`).
    var atEnd: Bool
}

/// Turns program text into tokens.
///
/// Comments and spaces are skipped; newlines become `.newline` tokens only where they can end a
/// statement: never at the start, never twice in a row, not after a token that cannot end an expression
/// (a binary operator, `,`, `=`, `(`, `[`, `{`, `.`), and not before a line that starts with `.`, `else`,
/// `and` or `or`. (Inside `( )` and `[ ]` the parser ignores the newlines that remain.)
/// String literals may span lines; an interpolation's code is scanned into tokens of its own.
/// Scanning never stops at an error: the bad text becomes an `.invalid` token and scanning goes on.
public struct Lexer {
    /// How deeply string interpolations may nest (`"\("\(…)")"`).
    static let maxInterpolationDepth = 64

    /// The source being scanned.
    public let source: Source
    let chars: [Character]
    var index = 0
    var line = 1
    var column = 1
    /// Just past the last real token: where the end-of-input token sits.
    private var endLine = 1, endColumn = 1, endOffset = 0
    var interpolationDepth = 0
    /// Set after an error that made the lexer skip the rest of the input.
    var abandoned = false
    var diagnostics: [Diagnostic] = []

    public init(_ source: Source) {
        self.source = source
        chars = Array(source.text)
    }

    /// The errors found so far, all `SyntaxError`s, in the order found.
    public var errors: [ScriptError] { diagnostics.map(\.error) }

    /// Whether the input ended inside a string or an interpolation, so that more input could finish it.
    public var endsInsideString: Bool { diagnostics.contains(where: \.atEnd) }

    /// Scans the whole source into tokens that end with `.eof`; `errors` then holds what went wrong.
    public mutating func scanTokens() -> [Token] {
        Lexer.layout(scanTokens(endingInterpolation: false))
    }

    /// Scans `source`, returning its tokens (ending with `.eof`) and the errors found.
    public static func scan(_ source: Source) -> (tokens: [Token], errors: [ScriptError]) {
        var lexer = Lexer(source)
        let tokens = lexer.scanTokens()
        return (tokens, lexer.errors)
    }

    /// Scans tokens up to the end of the input or, for an interpolation's code, up to the `)` that
    /// closes it, which becomes the `.eof` token (an empty one when the input ends first).
    mutating func scanTokens(endingInterpolation: Bool) -> [Token] {
        var tokens: [Token] = []
        var depth = 0
        while true {
            skipSpaceAndComments()
            guard index < chars.count else { break }
            if endingInterpolation && depth == 0 && chars[index] == ")" {
                let end = Token(.eof, ")", at: here(length: 1), offset: index)
                advance()
                tokens.append(end)
                return tokens
            }
            let token = scanToken()
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth = max(0, depth - 1)
            case .newline: break
            default: break
            }
            if token.kind != .newline {
                (endLine, endColumn, endOffset) = (line, column, index)
            }
            tokens.append(token)
        }
        tokens.append(Token(.eof, "", at: SourceLocation(line: endLine, column: endColumn, length: 0),
                            offset: endOffset))
        return tokens
    }

    /// Drops the newlines that cannot end a statement (see the type's summary).
    static func layout(_ raw: [Token]) -> [Token] {
        // The kind of the next token that is not a newline, for each position.
        var nextKind = [TokenKind](repeating: .eof, count: raw.count)
        var following = TokenKind.eof
        for i in raw.indices.reversed() {
            nextKind[i] = following
            if raw[i].kind != .newline { following = raw[i].kind }
        }
        var out: [Token] = []
        out.reserveCapacity(raw.count)
        for (i, token) in raw.enumerated() {
            if token.kind == .newline {
                guard let last = out.last, last.kind != .newline, !last.kind.continuesLine,
                      !nextKind[i].continuesPreviousLine
                else { continue }
            }
            out.append(token)
        }
        return out
    }

    // MARK: Scanning one token

    /// Scans the token that starts at `index` (which is not a space or a comment).
    mutating func scanToken() -> Token {
        let start = index, startLine = line, startColumn = column
        let c = chars[index]
        if c == "\n" || c == "\r\n" {
            advance()
            return Token(.newline, "\n", at: SourceLocation(line: startLine, column: startColumn), offset: start)
        }
        if Lexer.isIdentifierStart(c) { return scanIdentifier() }
        if Lexer.digitValue(c).map({ $0 < 10 }) == true { return scanNumber() }
        if c == "\"" { return scanString() }

        let next: Character? = index + 1 < chars.count ? chars[index + 1] : nil
        let third: Character? = index + 2 < chars.count ? chars[index + 2] : nil
        var kind: TokenKind
        var length = 1
        var problem: String?
        switch c {
        case "(": kind = .leftParen
        case ")": kind = .rightParen
        case "[": kind = .leftBracket
        case "]": kind = .rightBracket
        case "{": kind = .leftBrace
        case "}": kind = .rightBrace
        case ",": kind = .comma
        case ":": kind = .colon
        case ";": kind = .semicolon
        case "@": kind = .at
        case "%": kind = .percent
        case ".":
            if next == "." && third == "<" { kind = .dotDotLess; length = 3 }
            else if next == "." && third == "." { kind = .dotDotDot; length = 3 }
            else if next == "." {
                kind = .invalid; length = 2
                problem = "'..' is not an operator; use '..<' (half-open) or '...' (closed) for a range"
            } else { kind = .dot }
        case "=": (kind, length) = next == "=" ? (.equalEqual, 2) : (.assign, 1)
        case "<": (kind, length) = next == "=" ? (.lessEqual, 2) : (.less, 1)
        case ">": (kind, length) = next == "=" ? (.greaterEqual, 2) : (.greater, 1)
        case "+": (kind, length) = next == "=" ? (.plusAssign, 2) : (.plus, 1)
        case "-": (kind, length) = next == "=" ? (.minusAssign, 2) : (.minus, 1)
        case "*":
            if next == "*" { kind = .starStar; length = 2 }
            else { (kind, length) = next == "=" ? (.starAssign, 2) : (.star, 1) }
        case "/":
            if next == "/" {
                kind = .invalid; length = 2
                problem = "'//' is not an operator; comments start with '#'"
            } else { (kind, length) = next == "=" ? (.slashAssign, 2) : (.slash, 1) }
        case "!":
            if next == "=" { kind = .notEqual; length = 2 }
            else { kind = .invalid; problem = "'!' is not an operator; use 'not'" }
        case "&" where next == "&":
            kind = .invalid; length = 2; problem = "'&&' is not an operator; use 'and'"
        case "|" where next == "|":
            kind = .invalid; length = 2; problem = "'||' is not an operator; use 'or'"
        case "\\":
            kind = .invalid; problem = "unexpected '\\' outside a string"
        default:
            // A run of characters that cannot start a token is one error.
            kind = .invalid
            var end = index + 1
            while end < chars.count && !Lexer.canStartToken(chars[end]) { end += 1 }
            length = end - index
            let run = chars[index..<end].map(Lexer.describe)
            let shown = run.allSatisfy { $0.hasPrefix("'") } ? "'\(String(chars[index..<end]))'" : run.joined(separator: " ")
            problem = length == 1 ? "unexpected character \(shown)" : "unexpected characters \(shown)"
        }
        for _ in 0..<length { advance() }
        let location = SourceLocation(line: startLine, column: startColumn, length: length)
        if let problem { report(problem, at: location, offset: start) }
        return Token(kind, String(chars[start..<index]), at: location, offset: start)
    }

    /// identifier → (letter | "_") (letter | digit | "_")*, or a keyword.
    mutating func scanIdentifier() -> Token {
        let start = index, location = here(length: 0)
        while index < chars.count && Lexer.isIdentifierContinue(chars[index]) { advance() }
        let text = String(chars[start..<index])
        return Token(TokenKind.keywords[text] ?? .identifier, text,
                     at: SourceLocation(line: location.line, column: location.column, length: index - start),
                     offset: start)
    }

    /// number → digits ("." digits)? (("e" | "E") ("+" | "-")? digits)? | "0x" hex | "0o" octal | "0b" binary,
    /// where digits may be separated by "_".
    mutating func scanNumber() -> Token {
        let start = index, location = here(length: 0)
        var value: Double?
        let radix: Int? = index + 1 < chars.count && chars[index] == "0"
            ? ["x": 16, "X": 16, "o": 8, "O": 8, "b": 2, "B": 2][chars[index + 1]] : nil
        if let radix {
            advance(); advance()
            var total = 0.0, sawDigit = false
            while index < chars.count {
                if chars[index] == "_" { advance(); continue }
                guard let d = Lexer.digitValue(chars[index]), d < radix else { break }
                total = total * Double(radix) + Double(d)
                sawDigit = true
                advance()
            }
            value = sawDigit ? total : nil
        } else {
            var digits = ""
            scanDigits(into: &digits)
            if index + 1 < chars.count && chars[index] == "." && Lexer.isDecimalDigit(chars[index + 1]) {
                digits.append("."); advance()
                scanDigits(into: &digits)
            }
            if index < chars.count && (chars[index] == "e" || chars[index] == "E") {
                var j = index + 1
                if j < chars.count && (chars[j] == "+" || chars[j] == "-") { j += 1 }
                if j < chars.count && Lexer.isDecimalDigit(chars[j]) {
                    digits.append("e")
                    if j == index + 2 { digits.append(chars[index + 1]) }
                    while index < j { advance() }
                    scanDigits(into: &digits)
                }
            }
            value = Double(digits)
        }
        // Letters or digits glued to the number make it invalid (`1abc`, `0b102`, `0x`).
        var glued = false
        while index < chars.count && Lexer.isIdentifierContinue(chars[index]) { advance(); glued = true }
        let text = String(chars[start..<index])
        let span = SourceLocation(line: location.line, column: location.column, length: index - start)
        if glued || value == nil { report("invalid number literal '\(text)'", at: span, offset: start) }
        var token = Token(.number, text, at: span, offset: start)
        token.number = glued ? 0 : value ?? 0
        return token
    }

    /// Appends decimal digits, skipping the `_` separators.
    mutating func scanDigits(into digits: inout String) {
        while index < chars.count {
            let c = chars[index]
            if c == "_" { advance(); continue }
            guard Lexer.isDecimalDigit(c) else { return }
            digits.append(c)
            advance()
        }
    }

    // MARK: Positions and errors

    /// Moves past one character, keeping line and column.
    mutating func advance() {
        let c = chars[index]
        index += 1
        if c == "\n" || c == "\r\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    /// The current position as a location of `length` characters.
    func here(length: Int) -> SourceLocation {
        SourceLocation(line: line, column: column, length: length)
    }

    /// Skips spaces, tabs, carriage returns and `#` comments (not newlines: they are tokens).
    mutating func skipSpaceAndComments() {
        while index < chars.count {
            switch chars[index] {
            case " ", "\t", "\r", "\u{0B}", "\u{0C}":
                advance()
            case "#":
                while index < chars.count && chars[index] != "\n" && chars[index] != "\r\n" { advance() }
            default:
                return
            }
        }
    }

    /// Gives up on the rest of the input after an error that leaves nothing sensible to scan.
    mutating func skipToEnd() {
        while index < chars.count { advance() }
        abandoned = true
    }

    mutating func report(_ message: String, at location: SourceLocation, offset: Int, atEnd: Bool = false) {
        guard !abandoned else { return }
        diagnostics.append(Diagnostic(error: ScriptError("SyntaxError", message, at: location, in: source),
                                      offset: offset, atEnd: atEnd))
    }

    // MARK: Character classes

    static func isIdentifierStart(_ c: Character) -> Bool { c == "_" || c.isLetter }

    static func isIdentifierContinue(_ c: Character) -> Bool {
        c == "_" || c.isLetter || isDecimalDigit(c) || (c.isNumber && !c.isASCII)
    }

    static func isDecimalDigit(_ c: Character) -> Bool {
        guard let a = c.asciiValue, c != "\r\n" else { return false }
        return a >= 48 && a <= 57
    }

    /// The value of an ASCII digit or letter as a digit (`0`-`9`, `a`-`z` = 10-35), or nil.
    static func digitValue(_ c: Character) -> Int? {
        guard let a = c.asciiValue, c != "\r\n" else { return nil }
        switch a {
        case 48...57: return Int(a - 48)
        case 97...122: return Int(a - 97 + 10)
        case 65...90: return Int(a - 65 + 10)
        default: return nil
        }
    }

    /// Whether `c` can begin a token, a space or a comment (used to group unexpected characters).
    static func canStartToken(_ c: Character) -> Bool {
        isIdentifierStart(c) || isDecimalDigit(c) || tokenStarts.contains(c)
    }

    private static let tokenStarts: Set<Character> = [
        "(", ")", "[", "]", "{", "}", ",", ":", ";", "@", "%", ".", "=", "<", ">", "+", "-", "*", "/",
        "!", "&", "|", "\\", "\"", "#", " ", "\t", "\r", "\n", "\r\n", "\u{0B}", "\u{0C}",
    ]

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
