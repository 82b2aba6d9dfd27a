/// The kinds of token the lexer produces. Literal values ride on `Token` itself.
public enum TokenKind: UInt8, Hashable, Sendable {
    // Names and literals.
    case identifier, number, string

    // Brackets.
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace

    // Punctuation.
    case comma, colon, semicolon, dot
    /// `...`: an inclusive range, or the ellipsis of an index (`t[..., -1]`).
    case dotDotDot
    /// `..<`: a half-open range.
    case dotDotLess

    // Assignment.
    case assign, plusAssign, minusAssign, starAssign, slashAssign

    // Operators.
    case plus, minus, star, slash, percent, at, starStar
    case equalEqual, notEqual, less, lessEqual, greater, greaterEqual

    // Keywords.
    case letKeyword, varKeyword, fnKeyword, layerKeyword, ifKeyword, elseKeyword, whileKeyword, forKeyword
    case inKeyword, returnKeyword, breakKeyword, continueKeyword, trueKeyword, falseKeyword, nilKeyword
    case andKeyword, orKeyword, notKeyword, selfKeyword
    case tryKeyword, catchKeyword, finallyKeyword, throwKeyword, importKeyword

    // Layout.
    /// A newline that ends a statement (insignificant newlines are dropped by the lexer).
    case newline
    /// The end of the input, or the `)` that ends a string interpolation's code.
    case eof
    /// Text the lexer could not scan (it reported why); the parser stays quiet about it.
    case invalid

    /// The keywords, by spelling.
    public static let keywords: [String: TokenKind] = [
        "let": .letKeyword, "var": .varKeyword, "fn": .fnKeyword, "layer": .layerKeyword, "if": .ifKeyword,
        "else": .elseKeyword, "while": .whileKeyword, "for": .forKeyword, "in": .inKeyword,
        "return": .returnKeyword, "break": .breakKeyword, "continue": .continueKeyword,
        "true": .trueKeyword, "false": .falseKeyword, "nil": .nilKeyword, "and": .andKeyword,
        "or": .orKeyword, "not": .notKeyword, "self": .selfKeyword, "try": .tryKeyword,
        "catch": .catchKeyword, "finally": .finallyKeyword, "throw": .throwKeyword, "import": .importKeyword,
    ]

    /// Whether this is one of the reserved words.
    public var isKeyword: Bool {
        switch self {
        case .letKeyword, .varKeyword, .fnKeyword, .layerKeyword, .ifKeyword, .elseKeyword, .whileKeyword,
             .forKeyword, .inKeyword, .returnKeyword, .breakKeyword, .continueKeyword, .trueKeyword,
             .falseKeyword, .nilKeyword, .andKeyword, .orKeyword, .notKeyword, .selfKeyword, .tryKeyword,
             .catchKeyword, .finallyKeyword, .throwKeyword, .importKeyword:
            return true
        default:
            return false
        }
    }

    /// Whether a newline right after this token continues the line: after a binary operator, a comma,
    /// `=`, an opening bracket, `.`, `:` or `not` the expression cannot have ended.
    var continuesLine: Bool {
        switch self {
        case .plus, .minus, .star, .slash, .percent, .at, .starStar, .equalEqual, .notEqual, .less,
             .lessEqual, .greater, .greaterEqual, .dotDotDot, .dotDotLess, .andKeyword, .orKeyword,
             .notKeyword, .comma, .colon, .dot, .assign, .plusAssign, .minusAssign, .starAssign,
             .slashAssign, .leftParen, .leftBracket, .leftBrace:
            return true
        default:
            return false
        }
    }

    /// Whether a line that starts with this token continues the previous one (`.method()` chains,
    /// `else`, `catch`, `finally`, `and`, `or`, binary-only operators). `+` and `-` are decided by their spacing instead
    /// (see `LexerInput.isSpacedSign`).
    var continuesPreviousLine: Bool {
        switch self {
        case .dot, .elseKeyword, .catchKeyword, .finallyKeyword, .andKeyword, .orKeyword: return true
        // Operators that are only ever binary cannot start a statement, so they continue the line above.
        case .star, .slash, .percent, .at, .starStar, .equalEqual, .notEqual, .less, .lessEqual,
             .greater, .greaterEqual, .dotDotLess:
            return true
        default: return false
        }
    }
}

extension TokenKind {
    /// Compares kinds by their raw values: the derived `==` was called through the `Equatable` protocol
    /// witness from the other files of the module (each parse function compiled on its own), costing a
    /// call and a dispatch for every token the lexer and the parser looked at.
    @inline(__always) public static func == (a: TokenKind, b: TokenKind) -> Bool { a.rawValue == b.rawValue }
    @inline(__always) public static func != (a: TokenKind, b: TokenKind) -> Bool { a.rawValue != b.rawValue }
}

/// A piece of a string literal: literal text, or the tokens of an embedded `\( … )`.
public enum StringSegment: Equatable, Sendable {
    /// Text with its escapes already decoded.
    case text(String)
    /// The code of an interpolation, ending in an `.eof` token whose text is the closing `)`
    /// (or empty when the input ended first).
    case code([Token])
}

/// One token: its kind, its text as written, where it is, and its value when it is a literal.
///
/// Kept to 48 bytes (the place in 32-bit numbers, the literal's value in one enum, the fields in an
/// order that leaves no padding): a large cell has millions of tokens, and at 72 bytes each, filling
/// fresh memory with them was a fifth of a parse.
public struct Token: Equatable, Sendable {
    /// The text exactly as written (`"\n"` for a newline, `""` for the end of input).
    public var text: String
    private var start: UInt32, line: UInt32, column: UInt32, length: UInt32
    private var literal = Literal.none
    public var kind: TokenKind

    /// The value a literal token carries.
    private enum Literal: Equatable, Sendable {
        case none
        case number(Double)
        case segments([StringSegment])
    }

    public init(_ kind: TokenKind, _ text: String, at location: SourceLocation, offset: Int) {
        self.kind = kind
        self.text = text
        start = UInt32(clamping: offset)
        (line, column, length) = Token.pack(location)
    }

    /// The offset of the first character from the start of the source, in characters (up to 2³² − 1).
    public var offset: Int {
        get { Int(start) }
        set { start = UInt32(clamping: newValue) }
    }

    /// Line, column and length (in characters) of the text (each up to 2³² − 1).
    public var location: SourceLocation {
        get { SourceLocation(line: Int(line), column: Int(column), length: Int(length)) }
        set { (line, column, length) = Token.pack(newValue) }
    }

    private static func pack(_ location: SourceLocation) -> (UInt32, UInt32, UInt32) {
        (UInt32(clamping: location.line), UInt32(clamping: location.column), UInt32(clamping: location.length))
    }

    /// The value of a `.number` token.
    public var number: Double {
        get { if case .number(let value) = literal { value } else { 0 } }
        set { literal = .number(newValue) }
    }

    /// The decoded pieces of a `.string` token.
    public var segments: [StringSegment] {
        get { if case .segments(let segments) = literal { segments } else { [] } }
        set { literal = .segments(newValue) }
    }

    /// The offset just past the last character.
    var end: Int { Int(start) + Int(length) }

    /// Whether this is the real end of the input (not the `)` that ends an interpolation).
    var isEndOfInput: Bool { kind == .eof && text.isEmpty }

    /// How an error message names this token: `'x'`, `keyword 'in'`, `end of input`.
    public var description: String {
        switch kind {
        case .eof: return text.isEmpty ? "end of input" : "'\(text)'"
        case .newline: return "end of line"
        case .string: return "string literal"
        default:
            let shown = text.count > 24 ? text.prefix(21) + "..." : Substring(text)
            return kind.isKeyword ? "keyword '\(shown)'" : "'\(shown)'"
        }
    }
}
