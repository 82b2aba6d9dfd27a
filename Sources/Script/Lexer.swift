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
/// `and`, `or`, a binary-only operator (`*`, `==`, `<`, …) or a `+`/`-` followed by a space (Swift's
/// rule: `+ b` is binary, `-b` a negation). (Inside `( )` and `[ ]` the parser ignores the newlines
/// that remain.)
/// String literals may span lines; an interpolation's code is scanned into tokens of its own.
/// Scanning never stops at an error: the bad text becomes an `.invalid` token and scanning goes on.
public struct Lexer {
    /// How deeply string interpolations may nest (`"\("\(…)")"`).
    static let maxInterpolationDepth = 64

    /// The source being scanned.
    public let source: Source
    /// The source's text as UTF-8 bytes.
    let input: LexerInput
    /// The byte offset of the next character.
    var index = 0
    /// The offset of the next character in Characters, which is what tokens and diagnostics count.
    var offset = 0
    var line = 1
    var column = 1
    /// Just past the last real token: where the end-of-input token sits.
    private var endLine = 1, endColumn = 1, endOffset = 0
    var interpolationDepth = 0
    /// Set after an error that made the lexer skip the rest of the input.
    var abandoned = false
    var diagnostics: [Diagnostic] = []
    /// Asked every few thousand tokens whether the user wants the scan to stop.
    let interruption: ParseInterruption
    /// Set when the scan stopped early because of an interrupt; the tokens then are incomplete.
    private(set) var interrupted = false
    private var tokensScanned = 0

    /// The code of a character that is not ASCII.
    static let nonASCII: UInt8 = 0x80
    /// The code `LexerInput.code(at:)` gives past the end of the input.
    static let endCode: UInt8 = 0xFF

    public init(_ source: Source) {
        self.init(source, interruption: .never)
    }

    init(_ source: Source, interruption: ParseInterruption) {
        self.source = source
        input = LexerInput(source.text)
        self.interruption = interruption
    }

    /// The errors found so far, all `SyntaxError`s, in the order found.
    public var errors: [ScriptError] { diagnostics.map(\.error) }

    /// Whether the input ended inside a string or an interpolation, so that more input could finish it.
    public var endsInsideString: Bool { diagnostics.contains(where: \.atEnd) }

    /// Scans the whole source into tokens that end with `.eof`; `errors` then holds what went wrong.
    public mutating func scanTokens() -> [Token] {
        scanTokens(endingInterpolation: false)
    }

    /// Scans `source`, returning its tokens (ending with `.eof`) and the errors found.
    public static func scan(_ source: Source) -> (tokens: [Token], errors: [ScriptError]) {
        var lexer = Lexer(source)
        let tokens = lexer.scanTokens()
        return (tokens, lexer.errors)
    }

    /// Scans tokens up to the end of the input or, for an interpolation's code, up to the `)` that
    /// closes it, which becomes the `.eof` token (an empty one when the input ends first).
    ///
    /// Newlines are laid out as they are scanned (see the type's summary): a newline that may end a
    /// statement waits until the next token shows whether it continues the line. (A separate pass over
    /// the tokens cost as much as the scan for a large cell.)
    mutating func scanTokens(endingInterpolation: Bool) -> [Token] {
        var tokens: [Token] = []
        // About one token per four bytes in typical code: growing the array by doubling copied it
        // several times over for a large cell.
        if !endingInterpolation { tokens.reserveCapacity(input.count / 4 + 16) }
        var depth = 0
        // The kind of the last token kept, and a newline after it that the next token decides on.
        var lastKind: TokenKind?
        var pendingNewline: Token?
        while true {
            skipSpaceAndComments()
            guard index < input.count else { break }
            tokensScanned &+= 1
            if tokensScanned & 4095 == 0 && interruption.requested() {
                stopForInterrupt()
                break
            }
            if endingInterpolation && depth == 0 && input.code(at: index) == UInt8(ascii: ")") {
                let end = Token(.eof, ")", at: SourceLocation(line: line, column: column, length: 1), offset: offset)
                advance()
                if let pendingNewline { tokens.append(pendingNewline) }
                tokens.append(end)
                return tokens
            }
            let token = scanToken()
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth = max(0, depth - 1)
            default: break
            }
            if token.kind == .newline {
                // Never at the start, never twice in a row, never after a token that continues the line.
                if pendingNewline == nil, let lastKind, !lastKind.continuesLine { pendingNewline = token }
                continue
            }
            (endLine, endColumn, endOffset) = (line, column, offset)
            if let newline = pendingNewline {
                pendingNewline = nil
                let isSign = token.kind == .plus || token.kind == .minus
                if !token.kind.continuesPreviousLine && !(isSign && input.isSpacedSign(endingAt: index)) {
                    tokens.append(newline)
                }
            }
            tokens.append(token)
            lastKind = token.kind
        }
        if let pendingNewline { tokens.append(pendingNewline) }
        tokens.append(Token(.eof, "", at: SourceLocation(line: endLine, column: endColumn, length: 0),
                            offset: endOffset))
        return tokens
    }

    // MARK: Scanning one token

    /// Scans the token that starts at `index` (which is not a space or a comment).
    mutating func scanToken() -> Token {
        let start = index, startOffset = offset, startLine = line, startColumn = column
        let c = input.code(at: index)
        if c == UInt8(ascii: "\n") {
            advance()
            return Token(.newline, "\n", at: SourceLocation(line: startLine, column: startColumn), offset: startOffset)
        }
        if input.isIdentifierStart(at: index) { return scanIdentifier() }
        if Lexer.isDigit(c) { return scanNumber() }
        if c == UInt8(ascii: "\"") { return scanString() }

        let next = input.code(at: index + 1), third = input.code(at: index + 2)
        var kind: TokenKind
        var length = 1
        var problem: String?
        switch c {
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: "["): kind = .leftBracket
        case UInt8(ascii: "]"): kind = .rightBracket
        case UInt8(ascii: "{"): kind = .leftBrace
        case UInt8(ascii: "}"): kind = .rightBrace
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ":"): kind = .colon
        case UInt8(ascii: ";"): kind = .semicolon
        case UInt8(ascii: "@"): kind = .at
        case UInt8(ascii: "%"): kind = .percent
        case UInt8(ascii: "."):
            if next == UInt8(ascii: ".") && third == UInt8(ascii: "<") { kind = .dotDotLess; length = 3 }
            else if next == UInt8(ascii: ".") && third == UInt8(ascii: ".") { kind = .dotDotDot; length = 3 }
            else if next == UInt8(ascii: ".") {
                kind = .invalid; length = 2
                problem = "'..' is not an operator; use '..<' (half-open) or '...' (closed) for a range"
            } else { kind = .dot }
        case UInt8(ascii: "="): (kind, length) = next == UInt8(ascii: "=") ? (.equalEqual, 2) : (.assign, 1)
        case UInt8(ascii: "<"): (kind, length) = next == UInt8(ascii: "=") ? (.lessEqual, 2) : (.less, 1)
        case UInt8(ascii: ">"): (kind, length) = next == UInt8(ascii: "=") ? (.greaterEqual, 2) : (.greater, 1)
        case UInt8(ascii: "+"): (kind, length) = next == UInt8(ascii: "=") ? (.plusAssign, 2) : (.plus, 1)
        case UInt8(ascii: "-"): (kind, length) = next == UInt8(ascii: "=") ? (.minusAssign, 2) : (.minus, 1)
        case UInt8(ascii: "*"):
            if next == UInt8(ascii: "*") { kind = .starStar; length = 2 }
            else { (kind, length) = next == UInt8(ascii: "=") ? (.starAssign, 2) : (.star, 1) }
        case UInt8(ascii: "/"):
            if next == UInt8(ascii: "/") {
                kind = .invalid; length = 2
                problem = "'//' is not an operator; comments start with '#'"
            } else { (kind, length) = next == UInt8(ascii: "=") ? (.slashAssign, 2) : (.slash, 1) }
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") { kind = .notEqual; length = 2 }
            else { kind = .invalid; problem = "'!' is not an operator; use 'not'" }
        case UInt8(ascii: "&") where next == UInt8(ascii: "&"):
            kind = .invalid; length = 2; problem = "'&&' is not an operator; use 'and'"
        case UInt8(ascii: "|") where next == UInt8(ascii: "|"):
            kind = .invalid; length = 2; problem = "'||' is not an operator; use 'or'"
        case UInt8(ascii: "\\"):
            kind = .invalid; problem = "unexpected '\\' outside a string"
        default:
            kind = .invalid
            (length, problem) = unexpectedCharacters()
        }
        for _ in 0..<length { advance() }
        let location = SourceLocation(line: startLine, column: startColumn, length: length)
        if let problem { report(problem, at: location, offset: startOffset) }
        return Token(kind, TokenKind.spelling(of: kind) ?? input.text(from: start, to: index), at: location,
                     offset: startOffset)
    }

    /// identifier → (letter | "_") (letter | digit | "_")*, or a keyword.
    mutating func scanIdentifier() -> Token {
        let start = index, startOffset = offset, location = SourceLocation(line: line, column: column, length: 0)
        while input.isIdentifierContinue(at: index) { advance() }
        let spelling = input.text(from: start, to: index)
        return Token(TokenKind.keyword(spelling, length: index - start) ?? .identifier, spelling,
                     at: SourceLocation(line: location.line, column: location.column, length: offset - startOffset),
                     offset: startOffset)
    }

    /// number → digits ("." digits)? (("e" | "E") ("+" | "-")? digits)? | "0x" hex | "0o" octal | "0b" binary,
    /// where digits may be separated by "_".
    mutating func scanNumber() -> Token {
        let start = index, startOffset = offset, location = SourceLocation(line: line, column: column, length: 0)
        var value: Double?
        var radix: Int?
        if input.bytes[index] == UInt8(ascii: "0") {
            switch input.code(at: index + 1) {
            case UInt8(ascii: "x"), UInt8(ascii: "X"): radix = 16
            case UInt8(ascii: "o"), UInt8(ascii: "O"): radix = 8
            case UInt8(ascii: "b"), UInt8(ascii: "B"): radix = 2
            default: break
            }
        }
        if let radix {
            advance()
            advance()
            var total = 0.0, sawDigit = false
            while index < input.count {
                if input.code(at: index) == UInt8(ascii: "_") { advance(); continue }
                guard let d = Lexer.digitValue(input.code(at: index)), d < radix else { break }
                total = total * Double(radix) + Double(d)
                sawDigit = true
                advance()
            }
            value = sawDigit ? total : nil
        } else {
            var digits = ""  // a small string: no allocation per number
            scanDigits(into: &digits)
            if input.code(at: index) == UInt8(ascii: ".") && Lexer.isDigit(input.code(at: index + 1)) {
                digits.append(".")
                advance()
                scanDigits(into: &digits)
            }
            if input.code(at: index) == UInt8(ascii: "e") || input.code(at: index) == UInt8(ascii: "E") {
                var j = index + 1
                let sign = input.code(at: j)
                if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { j += 1 }
                if Lexer.isDigit(input.code(at: j)) {
                    digits.append("e")
                    if j == index + 2 { digits.unicodeScalars.append(Unicode.Scalar(sign)) }
                    while index < j { advance() }
                    scanDigits(into: &digits)
                }
            }
            value = Double(digits)
        }
        // Letters or digits glued to the number make it invalid (`1abc`, `0b102`, `0x`).
        var glued = false
        while input.isIdentifierContinue(at: index) {
            advance()
            glued = true
        }
        let spelling = input.text(from: start, to: index)
        let span = SourceLocation(line: location.line, column: location.column, length: offset - startOffset)
        if glued || value == nil { report("invalid number literal '\(spelling)'", at: span, offset: startOffset) }
        var token = Token(.number, spelling, at: span, offset: startOffset)
        token.number = glued ? 0 : value ?? 0
        return token
    }

    /// Appends decimal digits, skipping the `_` separators.
    mutating func scanDigits(into digits: inout String) {
        while index < input.count {
            let c = input.code(at: index)
            if c == UInt8(ascii: "_") {
                advance()
                continue
            }
            guard Lexer.isDigit(c) else { return }
            digits.unicodeScalars.append(Unicode.Scalar(c))
            advance()
        }
    }

    // MARK: Positions and errors

    /// Moves past one character, keeping line and column.
    @inline(__always) mutating func advance() {
        let b = input.bytes[index]
        let next = index + 1 < input.count ? input.bytes[index + 1] : 0
        if b == 10 || (b == 13 && next == 10) {
            index += b == 10 ? 1 : 2
            line += 1
            column = 1
        } else {
            index += b < 0x80 && next < 0x80 ? 1 : input.characterLength(at: index)
            column += 1
        }
        offset += 1
    }

    /// Skips spaces, tabs, carriage returns and `#` comments (not newlines: they are tokens).
    mutating func skipSpaceAndComments() {
        while index < input.count {
            switch input.code(at: index) {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                advance()
            case UInt8(ascii: "#"):
                while index < input.count && input.code(at: index) != UInt8(ascii: "\n") { advance() }
            default:
                return
            }
        }
    }

    /// Gives up on the rest of the input after an error that leaves nothing sensible to scan.
    mutating func skipToEnd() {
        while index < input.count { advance() }
        abandoned = true
    }

    /// Stops scanning for an interrupt: the rest of the input is dropped and nothing more reported.
    mutating func stopForInterrupt() {
        index = input.count
        interrupted = true
        abandoned = true
    }

    mutating func report(_ message: String, at location: SourceLocation, offset: Int, atEnd: Bool = false) {
        guard !abandoned else { return }
        diagnostics.append(Diagnostic(error: ScriptError("SyntaxError", message, at: location, in: source),
                                      offset: offset, atEnd: atEnd))
    }

    // MARK: Character classes

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    static func isASCIILetter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || c == UInt8(ascii: "_")
    }

    /// The value of an ASCII digit or letter as a digit (`0`-`9`, `a`-`z` = 10-35), or nil.
    static func digitValue(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}

/// The text a lexer scans, read as UTF-8 bytes: a Character is decoded only where a byte is not ASCII,
/// or where an ASCII byte is followed by one that is not (a combining mark joins the character before
/// it). Positions are byte offsets that always fall on Character boundaries.
///
/// A struct of its own, apart from the lexer's moving state, because a non-mutating method called
/// from the lexer's mutating scan loop made Swift copy the whole lexer (and retain its fields) on
/// every character; calling into this small constant value copies nothing. It lives in this file, with
/// the scan loops that call it per character, because the Script target is compiled file by file and
/// Swift inlines only within a file.
struct LexerInput {
    /// The text, stored as contiguous UTF-8 so that a Character is found from a byte offset in
    /// constant time.
    let text: String
    let bytes: [UInt8]

    init(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        self.text = text
        bytes = Array(text.utf8)
    }

    @inline(__always) var count: Int { bytes.count }

    /// The code of the character that starts at byte `i` (its ASCII value, `\r\n` reading as `\n`, or
    /// `Lexer.nonASCII`), or `Lexer.endCode` past the end.
    @inline(__always) func code(at i: Int) -> UInt8 {
        guard i < bytes.count else { return Lexer.endCode }
        let b = bytes[i]
        guard b < 0x80 else { return Lexer.nonASCII }
        let next = i + 1 < bytes.count ? bytes[i + 1] : 0
        if LexerInput.endsCharacterBefore(next) { return b == 13 && next == 10 ? UInt8(ascii: "\n") : b }
        // A mark after an ASCII character combines with it into one Character that is not ASCII.
        return character(at: i).asciiValue ?? Lexer.nonASCII
    }

    /// Whether the byte `b` that follows a scalar below U+0300 starts a new Character. ASCII and the
    /// scalars below U+0300 (lead bytes 0xC2–0xCB: Latin-1 and the Latin Extended letters) never join
    /// the scalar before them, CR LF aside; marks and joiners, from U+0300 up, may. (Checked for every
    /// pair of such scalars against Swift's grapheme breaking.)
    @inline(__always) static func endsCharacterBefore(_ b: UInt8) -> Bool {
        b < 0x80 || (b >= 0xC2 && b < 0xCC)
    }

    /// The length of the character at byte `i` when it is one scalar below U+0300 that nothing joins,
    /// found without grapheme breaking; 0 otherwise.
    @inline(__always) func quickLength(at i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 {
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            guard LexerInput.endsCharacterBefore(next) else { return 0 }
            return b == 13 && next == 10 ? 2 : 1
        }
        guard b >= 0xC2 && b < 0xCC && i + 1 < bytes.count else { return 0 }
        return i + 2 == bytes.count || LexerInput.endsCharacterBefore(bytes[i + 2]) ? 2 : 0
    }

    /// How many bytes the character that starts at byte `i` takes.
    @inline(__always) func characterLength(at i: Int) -> Int {
        let quick = quickLength(at: i)
        return quick > 0 ? quick : text[stringIndex(i)].utf8.count
    }

    /// The character that starts at byte `i`.
    func character(at i: Int) -> Character {
        let b = bytes[i]
        if b >= 0xC2 && b < 0xCC && quickLength(at: i) == 2 {
            let value = UInt32(b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
            if let scalar = Unicode.Scalar(value) { return Character(scalar) }
        }
        return text[stringIndex(i)]
    }

    /// The index of byte `i` in `text` (constant time: the text is contiguous UTF-8).
    func stringIndex(_ i: Int) -> String.Index { text.utf8.index(text.utf8.startIndex, offsetBy: i) }

    /// The text from byte `start` up to byte `end`.
    func text(from start: Int, to end: Int) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    /// Whether the `+` or `-` that starts a line and ends at byte `end` is followed by a space and
    /// more on its line: as in Swift, `+ b` is the binary operator continuing the expression above,
    /// while `-b` (no space) starts a new statement with a negation. Without this, `let loss = a`
    /// followed by a line `+ b` would silently drop `b`.
    func isSpacedSign(endingAt end: Int) -> Bool {
        var i = end
        while i < bytes.count {
            switch code(at: i) {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                i += characterLength(at: i)
            case UInt8(ascii: "\n"), UInt8(ascii: "#"):
                return false
            default:
                return i > end
            }
        }
        return false
    }

    // MARK: Character classes

    /// identifierStart → letter | "_"   (letters include non-ASCII ones)
    func isIdentifierStart(at i: Int) -> Bool {
        let c = code(at: i)
        return Lexer.isASCIILetter(c) || (c == Lexer.nonASCII && character(at: i).isLetter)
    }

    /// identifierContinue → letter | digit | "_"
    @inline(__always) func isIdentifierContinue(at i: Int) -> Bool {
        let c = code(at: i)
        if c != Lexer.nonASCII { return Lexer.isASCIILetter(c) || Lexer.isDigit(c) }
        let character = character(at: i)
        return character.isLetter || character.isNumber
    }

    /// Whether the character at `i` can begin a token, a space or a comment (used to group unexpected
    /// characters).
    func canStartToken(at i: Int) -> Bool {
        let c = code(at: i)
        if c == Lexer.nonASCII { return character(at: i).isLetter }
        return Lexer.isASCIILetter(c) || Lexer.isDigit(c) || LexerInput.tokenStarts.contains(c)
    }

    private static let tokenStarts = Set("()[]{},:;@%.=<>+-*/!&|\\\"# \t\r\n\u{0B}\u{0C}".utf8)
}
