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
        pollInterrupt()
        if interrupted { return }
        let start = current
        do {
            statements.append(try parseStatement())
            try expectTerminator()
        } catch {
            synchronize(after: error)
            if current == start { consume() }
        }
    }

    // terminator → newline | ";" | (before "}" or the end of input)
    mutating func expectTerminator() throws(ParseAbort) {
        switch peekKind {
        case .newline, .semicolon: advance()
        case .rightBrace, .eof: break
        case .catchKeyword, .finallyKeyword: throw strayHandler()
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
        let outerParens = parenDepth, outerCondition = inCondition
        parenDepth = 0
        inCondition = false
        defer { parenDepth = outerParens; inCondition = outerCondition }
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
    //           | throw | import | expressionStatement
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
        case .throwKeyword:
            return try parseThrow()
        case .importKeyword:
            return try parseImport()
        case .catchKeyword, .finallyKeyword:
            throw strayHandler()
        default:
            return try parseExpressionStatement()
        }
    }

    // declaration → ( "let" | "var" ) ( IDENTIFIER | listPattern ) "=" expression
    mutating func parseDeclaration() throws(ParseAbort) -> Stmt {
        let keyword = mark()
        consume()
        if check(.leftBracket) { return try parseDestructuring(after: keyword) }
        let name = try expectName(after: keyword)
        try expectAssign(after: keyword, name)
        let value = try parseExpression()
        return makeDeclaration(keyword, name, value)
    }

    mutating func expectName(after keyword: Int) throws(ParseAbort) -> Int {
        let word = tokens[keyword].text
        try expect(.identifier, "expected a name after '\(word)'")
        return last
    }

    mutating func expectAssign(after keyword: Int, _ name: Int) throws(ParseAbort) {
        let (word, declared) = (tokens[keyword].text, tokens[name].text)  // joined only for the message
        try expect(.assign, "expected '=' and a value after '\(word) \(declared)'")
    }

    mutating func makeDeclaration(_ keyword: Int, _ name: Int, _ value: Expr) -> Stmt {
        let isConstant = tokens[keyword].kind == .letKeyword
        return Stmt(.declaration(name: tokens[name].text, isConstant: isConstant, value: value),
                    at: span(from: tokens[keyword]))
    }

    // function → "fn" IDENTIFIER parameters block
    mutating func parseFunction() throws(ParseAbort) -> Stmt {
        let keyword = mark()
        consume()
        let name = mark()
        consume()
        let construct = "'fn \(tokens[name].text)'"
        let parameters = try parseParameters(of: construct)
        let body = try parseBlock(of: construct)
        let declaration = FunctionDecl(name: tokens[name].text, parameters: parameters, body: body,
                                       location: span(from: tokens[keyword]))
        return Stmt(.function(declaration), at: declaration.location)
    }

    // parameters → "(" ( parameter ( "," parameter )* ","? )? ")"
    mutating func parseParameters(of construct: String) throws(ParseAbort) -> [Parameter] {
        let open = try expect(.leftParen, "expected '(' and the parameters of \(construct)")
        parenDepth += 1
        defer { parenDepth -= 1 }
        var parameters: [Parameter] = []
        while !check(.rightParen) && !check(.eof) {
            parameters.append(try parseParameter())
            if !match(.comma) { break }
        }
        try expectClosing(.rightParen, of: open, inList: true)
        return parameters
    }

    // parameter → IDENTIFIER ( "=" expression )?
    mutating func parseParameter() throws(ParseAbort) -> Parameter {
        let name = try expect(.identifier, "expected a parameter name")
        var defaultValue: Expr?
        if match(.assign) { defaultValue = try parseExpression() }
        return Parameter(name: name.text, defaultValue: defaultValue, location: span(from: name))
    }

    // layer → "layer" IDENTIFIER parameters? block
    mutating func parseLayer() throws(ParseAbort) -> Stmt {
        let keyword = mark()
        consume()
        let name = try expect(.identifier, "expected the layer's name after 'layer'").text
        var parameters: [Parameter] = []
        if check(.leftParen) { parameters = try parseParameters(of: "'layer \(name)'") }
        let body = try parseBlock(of: "'layer \(name)'")
        let declaration = LayerDecl(name: name, parameters: parameters, body: body,
                                    location: span(from: tokens[keyword]))
        return Stmt(.layer(declaration), at: declaration.location)
    }

    // whileLoop → "while" expression block
    mutating func parseWhile() throws(ParseAbort) -> Stmt {
        let keyword = mark()
        consume()
        let condition = try parseCondition(after: "'while'")
        let body = try parseBlock(of: "'while'")
        return Stmt(.whileLoop(condition: condition, body: body), at: span(from: tokens[keyword]))
    }

    // forLoop → "for" ( IDENTIFIER | listPattern ) "in" expression block
    mutating func parseFor() throws(ParseAbort) -> Stmt {
        let keyword = mark()
        consume()
        if check(.leftBracket) {
            let pattern = try parsePattern()
            try expect(.inKeyword, "expected 'in' after 'for [\u{2026}]'")
            let iterable = try parseCondition(after: "'for [\u{2026}] in'")
            let body = try parseBlock(of: "'for'")
            return Stmt(.forDestructure(pattern: pattern, iterable: iterable, body: body), at: span(from: tokens[keyword]))
        }
        let variable = try expect(.identifier, "expected a loop variable after 'for'").text
        try expect(.inKeyword, "expected 'in' after 'for \(variable)'")
        let iterable = try parseCondition(after: "'for \(variable) in'")
        let body = try parseBlock(of: "'for'")
        return Stmt(.forLoop(variable: variable, iterable: iterable, body: body), at: span(from: tokens[keyword]))
    }

    // return → "return" expression?      (no value before a newline, ";", "}" or the end)
    mutating func parseReturn() throws(ParseAbort) -> Stmt {
        let keyword = mark()
        consume()
        switch peekKind {
        case .newline, .semicolon, .rightBrace, .eof:
            return Stmt(.returnValue(nil), at: tokens[keyword].location)
        default:
            let value = try parseExpression()
            return Stmt(.returnValue(value), at: span(from: tokens[keyword]))
        }
    }

    // expressionStatement → expression ( ( "=" | "+=" | "-=" | "*=" | "/=" ) expression )?
    mutating func parseExpressionStatement() throws(ParseAbort) -> Stmt {
        let start = mark()
        let expression = try parseExpression()
        guard let op = assignmentOperator() else { return Stmt(.expression(expression), at: expression.location) }
        checkAssignable(expression, from: start)
        let value = try parseExpression()
        return Stmt(.assign(target: expression, op: op.compound, value: value), at: span(from: tokens[start]))
    }

    /// Consumes `=` or a compound assignment, returning the operator a compound one applies.
    mutating func assignmentOperator() -> (compound: BinaryOp?, token: Int)? {
        let kind = peekKind
        guard kind == .assign || OperatorTable.compoundAssignment(kind) != nil else { return nil }
        consume()
        return (OperatorTable.compoundAssignment(kind), last)
    }

    /// Reports a target that cannot be assigned (the assignment operator was just consumed).
    mutating func checkAssignable(_ target: Expr, from start: Int) {
        switch target.kind {
        case .identifier, .member, .index:
            return
        case .list(let items) where tokens[last].kind == .assign && !items.isEmpty:
            // `[a, b] = [b, a]`: each item is a target in turn.
            for item in items { checkAssignable(item, from: start) }
        default:
            report("'\(tokens[last].text)' cannot assign to this expression: only a name, a member (a.b) "
                   + "or an element (a[i]) can be assigned", at: target.location, offset: tokens[start].offset)
        }
    }
}
