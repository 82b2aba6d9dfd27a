extension Parser {
    // program → ( statement terminator )* EOF
    mutating func parseProgram() -> Program {
        var statements: [Stmt] = []
        while true {
            skipSeparators()
            if check(.eof) { break }
            if check(.rightBrace) {
                report("unmatched '}': there is no '{' open", at: advance())
                continue
            }
            parseStatementRecovering(into: &statements)
        }
        return Program(statements: statements)
    }

    /// Parses one statement and its terminator into `statements`; after an error, skips to the next
    /// statement boundary instead.
    mutating func parseStatementRecovering(into statements: inout [Stmt]) {
        let start = current
        do {
            statements.append(try parseStatement())
            try expectTerminator()
        } catch {
            synchronize(after: error)
            if current == start { advance() }
        }
    }

    // terminator → newline | ";" | (before "}" or the end of input)
    mutating func expectTerminator() throws(ParseAbort) {
        switch peekKind {
        case .newline, .semicolon: advance()
        case .rightBrace, .eof: break
        default:
            throw fail("expected end of line or ';' after the statement, found \(peek().description)")
        }
    }

    // block → "{" ( statement terminator )* "}"
    mutating func parseBlock(of construct: String) throws(ParseAbort) -> Block {
        skipNewlines()  // the body may start on the next line: `if c` ⏎ `{`
        let open = try expect(.leftBrace, "expected '{' to begin the body of \(construct)")
        try nest()
        defer { unnest() }
        let outerParens = parenDepth
        parenDepth = 0
        defer { parenDepth = outerParens }
        var statements: [Stmt] = []
        while true {
            skipSeparators()
            if check(.rightBrace) || check(.eof) { break }
            parseStatementRecovering(into: &statements)
        }
        let close = try expectClosing(.rightBrace, of: open)
        return Block(statements: statements, location: span(from: open, to: close))
    }

    // statement → declaration | function | layer | whileLoop | forLoop | return | "break" | "continue"
    //           | expressionStatement
    mutating func parseStatement() throws(ParseAbort) -> Stmt {
        switch peekKind {
        case .letKeyword, .varKeyword:
            return try parseDeclaration()
        case .fnKeyword where peekSecondKind() == .identifier:
            return try parseFunction()
        case .layerKeyword:
            return try parseLayer()
        case .whileKeyword:
            return try parseWhile()
        case .forKeyword:
            return try parseFor()
        case .returnKeyword:
            return try parseReturn()
        case .breakKeyword:
            return Stmt(.breakLoop, at: advance().location)
        case .continueKeyword:
            return Stmt(.continueLoop, at: advance().location)
        default:
            return try parseExpressionStatement()
        }
    }

    // declaration → ( "let" | "var" ) IDENTIFIER "=" expression
    mutating func parseDeclaration() throws(ParseAbort) -> Stmt {
        let keyword = advance()
        let name = try expect(.identifier, "expected a name after '\(keyword.text)'")
        try expect(.assign, "expected '=' and a value after '\(keyword.text) \(name.text)'")
        let value = try parseExpression()
        return Stmt(.declaration(name: name.text, isConstant: keyword.kind == .letKeyword, value: value),
                    at: span(from: keyword))
    }

    // function → "fn" IDENTIFIER parameters block
    mutating func parseFunction() throws(ParseAbort) -> Stmt {
        let keyword = advance()
        let name = advance()
        let parameters = try parseParameters(of: "'fn \(name.text)'")
        let body = try parseBlock(of: "'fn \(name.text)'")
        let declaration = FunctionDecl(name: name.text, parameters: parameters, body: body,
                                       location: span(from: keyword))
        return Stmt(.function(declaration), at: declaration.location)
    }

    // parameters → "(" ( parameter ( "," parameter )* ","? )? ")"
    // parameter → IDENTIFIER ( "=" expression )?
    mutating func parseParameters(of construct: String) throws(ParseAbort) -> [Parameter] {
        let open = try expect(.leftParen, "expected '(' and the parameters of \(construct)")
        parenDepth += 1
        defer { parenDepth -= 1 }
        var parameters: [Parameter] = []
        while !check(.rightParen) {
            let name = try expect(.identifier, "expected a parameter name")
            var defaultValue: Expr?
            if match(.assign) { defaultValue = try parseExpression() }
            parameters.append(Parameter(name: name.text, defaultValue: defaultValue, location: span(from: name)))
            if !match(.comma) { break }
        }
        try expectClosing(.rightParen, of: open, inList: true)
        return parameters
    }

    // layer → "layer" IDENTIFIER parameters? block
    mutating func parseLayer() throws(ParseAbort) -> Stmt {
        let keyword = advance()
        let name = try expect(.identifier, "expected the layer's name after 'layer'")
        var parameters: [Parameter] = []
        if check(.leftParen) { parameters = try parseParameters(of: "'layer \(name.text)'") }
        let body = try parseBlock(of: "'layer \(name.text)'")
        let declaration = LayerDecl(name: name.text, parameters: parameters, body: body, location: span(from: keyword))
        return Stmt(.layer(declaration), at: declaration.location)
    }

    // whileLoop → "while" expression block
    mutating func parseWhile() throws(ParseAbort) -> Stmt {
        let keyword = advance()
        let condition = try parseCondition(after: "'while'")
        let body = try parseBlock(of: "'while'")
        return Stmt(.whileLoop(condition: condition, body: body), at: span(from: keyword))
    }

    // forLoop → "for" IDENTIFIER "in" expression block
    mutating func parseFor() throws(ParseAbort) -> Stmt {
        let keyword = advance()
        let variable = try expect(.identifier, "expected a loop variable after 'for'")
        try expect(.inKeyword, "expected 'in' after 'for \(variable.text)'")
        let iterable = try parseCondition(after: "'for \(variable.text) in'")
        let body = try parseBlock(of: "'for'")
        return Stmt(.forLoop(variable: variable.text, iterable: iterable, body: body), at: span(from: keyword))
    }

    // return → "return" expression?      (no value before a newline, ";", "}" or the end)
    mutating func parseReturn() throws(ParseAbort) -> Stmt {
        let keyword = advance()
        switch peekKind {
        case .newline, .semicolon, .rightBrace, .eof:
            return Stmt(.returnValue(nil), at: keyword.location)
        default:
            let value = try parseExpression()
            return Stmt(.returnValue(value), at: span(from: keyword))
        }
    }

    // expressionStatement → expression ( ( "=" | "+=" | "-=" | "*=" | "/=" ) expression )?
    mutating func parseExpressionStatement() throws(ParseAbort) -> Stmt {
        let start = peek()
        let expression = try parseExpression()
        let kind = peekKind
        guard kind == .assign || OperatorTable.compoundAssignment[kind] != nil else {
            return Stmt(.expression(expression), at: expression.location)
        }
        let op = advance()
        if !Parser.isAssignable(expression) {
            report("'\(op.text)' cannot assign to this expression: only a name, a member (a.b) or an element (a[i]) can be assigned",
                   at: expression.location, offset: start.offset)
        }
        let value = try parseExpression()
        return Stmt(.assign(target: expression, op: OperatorTable.compoundAssignment[kind], value: value),
                    at: span(from: start))
    }

    /// Whether an expression can be the target of an assignment.
    static func isAssignable(_ expression: Expr) -> Bool {
        switch expression.kind {
        case .identifier, .member, .index: return true
        default: return false
        }
    }
}
