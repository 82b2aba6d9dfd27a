/// The text a lexer scans, read as UTF-8 bytes: a Character is decoded only where a byte is not ASCII,
/// or where an ASCII byte is followed by one that is not (a combining mark joins the character before
/// it). Positions are byte offsets that always fall on Character boundaries.
///
/// A struct of its own, apart from the lexer's moving state, because a non-mutating method called
/// from the lexer's mutating scan loop made Swift copy the whole lexer (and retain its fields) on
/// every character; calling into this small constant value copies nothing.
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
        if next < 0x80 { return b == 13 && next == 10 ? UInt8(ascii: "\n") : b }
        // A mark after an ASCII character combines with it into one Character that is not ASCII.
        return character(at: i).asciiValue ?? Lexer.nonASCII
    }

    /// How many bytes the character that starts at byte `i` takes.
    @inline(__always) func characterLength(at i: Int) -> Int {
        let b = bytes[i]
        let next = i + 1 < bytes.count ? bytes[i + 1] : 0
        if b < 0x80 && next < 0x80 { return b == 13 && next == 10 ? 2 : 1 }
        let start = stringIndex(i)
        return text.utf8.distance(from: start, to: text.index(after: start))
    }

    /// The character that starts at byte `i`.
    func character(at i: Int) -> Character { text[stringIndex(i)] }

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
