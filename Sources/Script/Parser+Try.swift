/// `try`/`catch`/`finally` and `throw`.
extension Parser {
    // attempt → "try" block ( "catch" catchHead block )* ( "finally" block )?   (a catch or a finally at least)
    mutating func parseAttempt() throws(ParseAbort) -> Expr {
        try nest()
        defer { unnest() }
        let keyword = mark()
        consume()
        let body = try parseBlock(of: "'try'")
        var catches: [CatchClause] = []
        while check(.catchKeyword) { catches.append(try parseCatch()) }
        var finally: Block?
        if match(.finallyKeyword) { finally = try parseBlock(of: "'finally'") }
        if catches.isEmpty && finally == nil {
            // Only newlines left: the error is at the end, so a REPL reads on for a catch on the next line.
            var next = current
            while tokens[next].kind == .newline { next += 1 }
            if tokens[next].isEndOfInput { current = next }
            throw fail("expected 'catch' or 'finally' after the try block, found \(peek().description)")
        }
        return Expr(.attempt(body: body, catches: catches, finally: finally), at: span(from: tokens[keyword]))
    }

    // catchHead → ( IDENTIFIER ( "," IDENTIFIER )* )? IDENTIFIER?
    //   `catch e` binds every error to e; `catch ShapeError e` and `catch ShapeError, ValueError e` only
    //   those kinds; `catch ShapeError, ValueError` and `catch` bind no name.
    mutating func parseCatch() throws(ParseAbort) -> CatchClause {
        let keyword = mark()
        consume()
        var names: [Token] = []
        var listed = false
        if check(.identifier) {
            names.append(advance())
            while match(.comma) {
                listed = true
                names.append(try expect(.identifier, "expected an error kind after ',' in 'catch'"))
            }
        }
        var kinds = names, name: String?
        if check(.identifier) {
            name = advance().text
        } else if !listed, let only = names.first {
            kinds = []
            name = only.text
            if Self.looksLikeKind(only.text) {
                report("'catch \(only.text) { … }' would bind every error to the name '\(only.text)': to catch the kind "
                       + "\(only.text), name the error after it: catch \(only.text) e { … }", at: only)
            }
        }
        for kind in kinds where kind.text == ScriptError.interrupted {
            report("interrupts cannot be caught: 'Interrupted' always stops the program (a finally block still runs)", at: kind)
        }
        let body = try parseBlock(of: "'catch'")
        return CatchClause(kinds: kinds.map(\.text), name: name, body: body, location: span(from: tokens[keyword]))
    }

    /// Whether a name reads as an error kind (`ValueError`, `Interrupted`) rather than a variable.
    static func looksLikeKind(_ name: String) -> Bool {
        (name.first?.isUppercase ?? false) && (name.hasSuffix("Error") || name == ScriptError.interrupted)
    }

    // throw → "throw" expression
    mutating func parseThrow() throws(ParseAbort) -> Stmt {
        let keyword = mark()
        consume()
        let value = try parseExpression()
        return Stmt(.throwError(value), at: span(from: tokens[keyword]))
    }

    /// The error for a `catch` or `finally` that follows no try block.
    mutating func strayHandler() -> ParseAbort {
        let word = peek().text
        return fail("'\(word)' without a try block before it: write try { … } \(word)\(word == "catch" ? " e" : "") { … }")
    }
}
