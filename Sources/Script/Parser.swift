/// Thrown inside the parser to unwind to the innermost statement loop after an error was reported.
struct ParseAbort: Error {
    /// How many `(`/`[` were open in the statement when it failed, so that recovery skips to their end.
    var parenDepth: Int
}

/// Parses program text into a `Program` by recursive descent.
///
/// One function per grammar rule, each with its rule in a comment above it (statements in
/// `Parser+Statements.swift`, expressions in `Parser+Expressions.swift`); binary operators are climbed by
/// the table in `Precedence.swift`. Every node carries the span of its text. After an error the parser
/// skips to the next statement boundary and goes on, so that one run reports every error in the input.
/// Nesting deeper than `maxDepth` is an error, never a stack overflow.
///
/// Helpers that only read (`span`, `makeInfix`, …) are `mutating` all the same: called from the
/// mutating parse functions, a non-mutating method made Swift copy the whole parser, retaining each of
/// its fields, for every node built.
public struct Parser {
    /// How deeply brackets, blocks and operators may nest.
    public static let maxDepth = 200
    /// How deep a syntax tree may grow through chains, which the parser reads in a loop but the later
    /// stages walk by recursion: `a + b + c` nests `+` in `+`, `x.f().g()` a call in a member.
    public static let maxTreeDepth = 2_000

    let source: Source
    let tokens: [Token]
    var current = 0
    /// The index of the last token consumed (never a newline): where the node being built ends.
    var last = 0
    /// How many `(`/`[` are open in the current statement: newlines inside them are ignored.
    var parenDepth: Int
    /// How deeply the parse functions are nested (guarded by `maxDepth`).
    var depth: Int
    /// How many chain links the expressions being parsed have so far (with `depth`, guarded by
    /// `maxTreeDepth`).
    var links = 0
    var diagnostics: [Diagnostic] = []
    /// Asked every few thousand statements whether the user wants the parse to stop.
    var interruption = ParseInterruption.never
    /// Set when the parse stopped early because of an interrupt.
    var interrupted = false
    var statementsParsed = 0
    /// Inside the condition of `if`/`while` or the sequence of `for` (outside any block in it).
    var inCondition = false

    init(tokens: [Token], source: Source, depth: Int = 0, parenDepth: Int = 0) {
        self.tokens = tokens
        self.source = source
        self.depth = depth
        self.parenDepth = parenDepth
    }

    /// Scans and parses `source`; the process's interrupt (`Interpreter.requestInterrupt()`, Ctrl-C) stops it.
    ///
    /// Uses typed throws: the error is always `SyntaxErrors`, holding every error found (lexer and
    /// parser, in source order), each a `ScriptError` of kind `SyntaxError` with its location and source;
    /// or, when interrupted, only `SyntaxErrors.interrupted`'s single `Interrupted` error.
    public static func parse(_ source: Source) throws(SyntaxErrors) -> Program {
        try parse(source, interruption: .process)
    }

    static func parse(_ source: Source, interruption: ParseInterruption) throws(SyntaxErrors) -> Program {
        let result = analyze(source, interruption: interruption)
        if result.interrupted { throw SyntaxErrors.interrupted(in: source) }
        guard result.diagnostics.isEmpty else { throw SyntaxErrors(result.diagnostics.map(\.error)) }
        return result.program
    }

    /// Scans and parses `text` as a file named `path` (for tests and tools).
    public static func parse(_ text: String, path: String = "<input>") throws(SyntaxErrors) -> Program {
        try parse(Source(text, kind: .file(path)))
    }

    /// Everything a run of the lexer and the parser found.
    struct Analysis {
        var program: Program
        var tokens: [Token]
        /// All errors, in source order.
        var diagnostics: [Diagnostic]
        /// Whether the input ended inside a string or an interpolation.
        var endsInsideString: Bool
        /// Whether an interrupt stopped the scan or the parse: the rest is then incomplete.
        var interrupted = false
    }

    /// Scans and parses, keeping what `Completeness` needs besides the tree.
    static func analyze(_ source: Source, interruption: ParseInterruption = .process) -> Analysis {
        var lexer = Lexer(source, interruption: interruption)
        let tokens = lexer.scanTokens()
        if lexer.interrupted {
            return Analysis(program: Program(statements: []), tokens: tokens, diagnostics: [],
                            endsInsideString: false, interrupted: true)
        }
        var parser = Parser(tokens: tokens, source: source)
        parser.interruption = interruption
        let program = parser.parseProgram()
        if parser.interrupted {
            return Analysis(program: Program(statements: []), tokens: tokens, diagnostics: [],
                            endsInsideString: false, interrupted: true)
        }
        let endsInsideString = lexer.endsInsideString
        // When a string ran to the end, the parser's complaints about the end are the same problem.
        let found = lexer.diagnostics + parser.diagnostics.filter { !(endsInsideString && $0.atEnd) }
        let ordered = found.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
        return Analysis(program: program, tokens: tokens, diagnostics: ordered.map(\.element),
                        endsInsideString: endsInsideString)
    }

    // MARK: Tokens

    /// Passes over the newlines that do not count here: those inside `( )` and `[ ]`.
    @inline(__always) mutating func skipIgnoredNewlines() {
        if parenDepth > 0 {
            while tokens[current].kind == .newline { current += 1 }
        }
    }

    /// The next token.
    mutating func peek() -> Token {
        skipIgnoredNewlines()
        return tokens[current]
    }

    /// The kind of the next token.
    var peekKind: TokenKind {
        mutating get {
            skipIgnoredNewlines()
            return tokens[current].kind
        }
    }

    /// The index of the next token: where a node starts.
    mutating func mark() -> Int {
        skipIgnoredNewlines()
        return current
    }

    /// The kind of the token after the next one (newlines passed over as in `peek`).
    mutating func peekSecondKind() -> TokenKind {
        skipIgnoredNewlines()
        var i = current
        if tokens[i].kind != .eof { i += 1 }
        while parenDepth > 0 && tokens[i].kind == .newline { i += 1 }
        return tokens[i].kind
    }

    mutating func check(_ kind: TokenKind) -> Bool { peekKind == kind }

    /// Consumes the next token (never past the end).
    mutating func consume() {
        skipIgnoredNewlines()
        let kind = tokens[current].kind
        guard kind != .eof else { return }
        if kind != .newline { last = current }
        current += 1
    }

    /// Consumes the next token and returns it.
    @discardableResult
    mutating func advance() -> Token {
        let token = peek()
        consume()
        return token
    }

    /// Consumes the next token if it is of `kind`.
    mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        consume()
        return true
    }

    /// Consumes a token of `kind`, or fails with "`expected`, found …".
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ expected: @autoclosure () -> String) throws(ParseAbort) -> Token {
        if check(kind) { return advance() }
        throw fail("\(expected()), found \(peek().description)")
    }

    /// Consumes the bracket that closes `opener`, or fails naming the opener and where it is.
    /// In a comma-separated list the message says that a comma would also do.
    @discardableResult
    mutating func expectClosing(_ kind: TokenKind, of opener: Token, inList: Bool = false) throws(ParseAbort) -> Token {
        if check(kind) { return advance() }
        let closer = kind == .rightParen ? "')'" : kind == .rightBracket ? "']'" : "'}'"
        let found = peek()
        let expected = inList && !found.isEndOfInput ? "',' or \(closer)" : closer
        let opened = opener.text == "\\(" ? "'\\('" : "'\(opener.text)'"
        let line = opener.location.line
        throw fail("expected \(expected) to close \(opened) at line \(line), found \(found.description)")
    }

    /// Skips newlines whatever the context (a body's `{` may start on the next line).
    mutating func skipNewlines() {
        while tokens[current].kind == .newline { current += 1 }
    }

    /// Skips statement separators: newlines and `;`.
    mutating func skipSeparators() {
        while tokens[current].kind == .newline || tokens[current].kind == .semicolon { current += 1 }
    }

    // MARK: Locations

    /// The span from the start of `start` to the end of the last token consumed.
    mutating func span(from start: Token) -> SourceLocation { span(from: start, to: tokens[last]) }

    mutating func span(from start: Token, to end: Token) -> SourceLocation {
        SourceLocation(line: start.location.line, column: start.location.column, length: max(0, end.end - start.offset))
    }

    // MARK: Errors and recovery

    /// Records an error at `token` and goes on parsing. Errors at `.invalid` tokens are left to the
    /// lexer's report; a second error at the same place as the previous one is dropped.
    mutating func report(_ message: String, at token: Token) {
        guard token.kind != .invalid else { return }
        report(message, at: token.location, offset: token.offset, atEnd: token.isEndOfInput)
    }

    mutating func report(_ message: String, at location: SourceLocation, offset: Int, atEnd: Bool = false) {
        if let last = diagnostics.last, last.offset == offset { return }
        diagnostics.append(Diagnostic(error: ScriptError("SyntaxError", message, at: location, in: source),
                                      offset: offset, atEnd: atEnd))
    }

    /// Records an error at `token` (the next one by default) and returns the abort to throw.
    mutating func fail(_ message: String, at token: Token? = nil) -> ParseAbort {
        report(message, at: token ?? peek())
        return ParseAbort(parenDepth: parenDepth)
    }

    /// Enters one more level of nesting, or fails when there are too many.
    mutating func nest() throws(ParseAbort) {
        guard depth < Parser.maxDepth else {
            throw fail("nesting too deep: more than \(Parser.maxDepth) levels of brackets, blocks or operators")
        }
        depth += 1
    }

    mutating func unnest() { depth -= 1 }

    /// Adds one link to the chain being parsed (an infix operator applied, a call, member or index),
    /// or fails when the tree would grow too deep.
    mutating func link() throws(ParseAbort) {
        guard depth + links < Parser.maxTreeDepth else {
            throw fail("expression too long: more than \(Parser.maxTreeDepth) operators, calls or members in one chain")
        }
        links += 1
    }

    /// Skips to the next statement boundary after an error: past a newline or `;` once the brackets
    /// open at the error are closed, or up to a `}` that closes the enclosing block, or up to a keyword
    /// that can only start a statement. When the brackets open at the error never close, the first
    /// line break ends the statement instead (a forgotten `)` costs one error, not the rest of the input).
    mutating func synchronize(after abort: ParseAbort) {
        var parens = abort.parenDepth
        if parens > 0 && !bracketsClose(open: parens) {
            if current > 0 && tokens[current - 1].kind == .newline { return }
            parens = 0
        }
        var braces = 0
        while true {
            let token = tokens[current]
            switch token.kind {
            case .eof:
                return
            case .newline, .semicolon:
                if parens == 0 && braces == 0 {
                    current += 1
                    return
                }
            case .leftParen, .leftBracket:
                parens += 1
            case .rightParen, .rightBracket:
                parens = max(0, parens - 1)
            case .leftBrace:
                braces += 1
            case .rightBrace:
                if braces == 0 { return }
                braces -= 1
            default:
                if braces == 0 && startsStatementOnly(at: current) { return }
            }
            current += 1
        }
    }

    /// Whether `open` brackets are closed later in the statement that holds the next token.
    mutating func bracketsClose(open: Int) -> Bool {
        var depth = open
        var braces = 0
        var i = current
        while true {
            switch tokens[i].kind {
            case .eof:
                return false
            case .leftParen, .leftBracket:
                depth += 1
            case .rightParen, .rightBracket:
                depth -= 1
                if depth == 0 { return true }
            case .leftBrace:
                braces += 1
            case .rightBrace:
                if braces == 0 { return false }
                braces -= 1
            default:
                if braces == 0 && startsStatementOnly(at: i) { return false }
            }
            i += 1
        }
    }

    /// Whether the token at `i` can only begin a statement (so recovery may resume there).
    mutating func startsStatementOnly(at i: Int) -> Bool {
        switch tokens[i].kind {
        case .letKeyword, .varKeyword, .layerKeyword, .whileKeyword, .returnKeyword, .breakKeyword, .continueKeyword:
            return true
        case .forKeyword:
            // Inside a list comprehension `for` continues the expression; a loop starts a line or block.
            guard i > 0 else { return true }
            switch tokens[i - 1].kind {
            case .newline, .semicolon, .leftBrace, .rightBrace: return true
            default: return false
            }
        case .fnKeyword:
            return tokens[i + 1].kind == .identifier
        default:
            return false
        }
    }
}
