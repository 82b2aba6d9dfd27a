extension Parser {
    // expression → binary(lowest)
    mutating func parseExpression() throws(ParseAbort) -> Expr {
        try parseBinary(.lowest)
    }

    /// The condition of `if`/`while` or the sequence of `for`, which must come before the body's `{`.
    mutating func parseCondition(after construct: String) throws(ParseAbort) -> Expr {
        if check(.leftBrace) { throw fail("expected a condition after \(construct), found '{'") }
        return try parseExpression()
    }

    // binary(min) → unary ( op binary(next) )*   for each op in `OperatorTable.infix` whose precedence is at
    //              least min; next is one level tighter than op, or op's own level when right-associative.
    //              Non-associative levels (comparisons, ranges) may not chain.
    mutating func parseBinary(_ minimum: Precedence) throws(ParseAbort) -> Expr {
        try nest()
        defer { unnest() }
        let start = peek()
        var left = try parseUnary()
        var lastNonAssociative: Precedence?
        while let op = OperatorTable.infix[peekKind], op.precedence >= minimum {
            let opToken = advance()
            if op.associativity == .none && lastNonAssociative == op.precedence {
                let what = op.precedence == .comparison ? "comparison operators" : "range operators"
                let hint = op.precedence == .comparison ? "; combine comparisons with 'and'" : ""
                report("\(what) cannot be chained: '\(opToken.text)' follows another one\(hint)", at: opToken)
            }
            let right = try parseBinary(op.associativity == .right ? op.precedence : op.precedence.tighter)
            let location = span(from: start)
            switch op.node {
            case .binary(let binary): left = Expr(.binary(binary, left, right), at: location)
            case .logical(let logical): left = Expr(.logical(logical, left, right), at: location)
            case .range(let inclusive): left = Expr(.range(left, right, inclusive: inclusive), at: location)
            }
            lastNonAssociative = op.associativity == .none ? op.precedence : nil
        }
        return left
    }

    // unary → ( "-" | "+" ) binary(power) | "not" binary(comparison) | postfix
    mutating func parseUnary() throws(ParseAbort) -> Expr {
        guard let prefix = OperatorTable.prefix[peekKind] else { return try parsePostfix() }
        let opToken = advance()
        let operand = try parseBinary(prefix.operand)
        return Expr(.unary(prefix.op, operand), at: span(from: opToken))
    }

    // postfix → primary ( "(" arguments ")" | "." memberName | "[" indexItems "]" )*
    // memberName → IDENTIFIER | keyword
    mutating func parsePostfix() throws(ParseAbort) -> Expr {
        let start = peek()
        var expression = try parsePrimary()
        while true {
            switch peekKind {
            case .leftParen:
                expression = try parseCall(expression, from: start)
            case .leftBracket:
                expression = try parseIndex(expression, from: start)
            case .dot:
                advance()
                let name = peek()
                guard name.kind == .identifier || name.kind.isKeyword else {
                    throw fail("expected a member name after '.', found \(name.description)")
                }
                advance()
                expression = Expr(.member(expression, name.text), at: span(from: start))
            default:
                return expression
            }
        }
    }

    // call → "(" ( argument ( "," argument )* ","? )? ")"
    // argument → ( IDENTIFIER ":" )? expression        (positional arguments come first)
    mutating func parseCall(_ callee: Expr, from start: Token) throws(ParseAbort) -> Expr {
        let open = advance()
        parenDepth += 1
        defer { parenDepth -= 1 }
        var arguments: [Argument] = []
        var sawLabel = false
        while !check(.rightParen) {
            let first = peek()
            var label: String?
            if first.kind == .identifier && peekSecondKind() == .colon {
                advance()
                advance()
                label = first.text
            }
            let value = try parseExpression()
            if label != nil {
                sawLabel = true
            } else if sawLabel {
                report("positional argument cannot follow labelled arguments", at: value.location, offset: first.offset)
            }
            arguments.append(Argument(label: label, value: value))
            if !match(.comma) { break }
        }
        let close = try expectClosing(.rightParen, of: open, inList: true)
        return Expr(.call(callee, arguments), at: span(from: start, to: close))
    }

    // index → "[" indexItem ( "," indexItem )* ","? "]"
    mutating func parseIndex(_ base: Expr, from start: Token) throws(ParseAbort) -> Expr {
        let open = advance()
        parenDepth += 1
        defer { parenDepth -= 1 }
        if check(.rightBracket) { throw fail("expected an index between '[' and ']', found ']'") }
        var items: [IndexItem] = []
        repeat {
            if check(.rightBracket) { break }
            items.append(try parseIndexItem())
        } while match(.comma)
        let close = try expectClosing(.rightBracket, of: open, inList: true)
        return Expr(.index(base, items), at: span(from: start, to: close))
    }

    // indexItem → "..." | expression? ":" expression? ( ":" expression? )? | expression
    mutating func parseIndexItem() throws(ParseAbort) -> IndexItem {
        if check(.dotDotDot) {
            let after = peekSecondKind()
            if after == .comma || after == .rightBracket {
                advance()
                return .ellipsis
            }
        }
        var start: Expr?
        if !check(.colon) {
            let value = try parseExpression()
            guard check(.colon) else { return .value(value) }
            start = value
        }
        advance()  // ':'
        func endsPart(_ kind: TokenKind) -> Bool { kind == .colon || kind == .comma || kind == .rightBracket }
        var end: Expr?
        if !endsPart(peekKind) { end = try parseExpression() }
        var step: Expr?
        if match(.colon) && !endsPart(peekKind) { step = try parseExpression() }
        return .slice(start: start, end: end, step: step)
    }

    // primary → NUMBER | STRING | "true" | "false" | "nil" | "self" | IDENTIFIER
    //         | grouping | collection | closure | conditional
    mutating func parsePrimary() throws(ParseAbort) -> Expr {
        let token = peek()
        switch token.kind {
        case .number:
            advance()
            return Expr(.number(token.number), at: token.location)
        case .string:
            advance()
            return parseString(token)
        case .trueKeyword, .falseKeyword:
            advance()
            return Expr(.bool(token.kind == .trueKeyword), at: token.location)
        case .nilKeyword:
            advance()
            return Expr(.nilLiteral, at: token.location)
        case .selfKeyword:
            advance()
            return Expr(.selfReference, at: token.location)
        case .identifier:
            advance()
            return Expr(.identifier(token.text), at: token.location)
        case .leftParen:
            return try parseGrouping()
        case .leftBracket:
            return try parseCollection()
        case .fnKeyword:
            return try parseClosure()
        case .ifKeyword:
            return try parseConditional()
        case .leftBrace:
            throw fail("expected an expression, found '{' (a dictionary is written [\"key\": value])")
        default:
            throw fail("expected an expression, found \(token.description)")
        }
    }

    // string → STRING      (its interpolations: interpolation → expression ")")
    mutating func parseString(_ token: Token) -> Expr {
        if token.segments.count == 1, case .text(let text) = token.segments[0] {
            return Expr(.string(text), at: token.location)
        }
        var parts: [InterpolationPart] = []
        for segment in token.segments {
            switch segment {
            case .text(let text):
                parts.append(.text(text))
            case .code(let code):
                var inner = Parser(tokens: code, source: source, depth: depth, parenDepth: 1)
                if let expression = inner.parseInterpolation() { parts.append(.expression(expression)) }
                for diagnostic in inner.diagnostics {
                    report(diagnostic.error.message, at: diagnostic.error.location, offset: diagnostic.offset,
                           atEnd: diagnostic.atEnd)
                }
            }
        }
        return Expr(.interpolated(parts), at: token.location)
    }

    /// interpolation → expression ")"    (the tokens of one `\( … )`, ending in `.eof`)
    mutating func parseInterpolation() -> Expr? {
        do {
            if check(.eof) { throw fail("expected an expression inside '\\( )', found \(peek().description)") }
            let expression = try parseExpression()
            if !check(.eof) { throw fail("expected ')' to end the interpolation, found \(peek().description)") }
            return expression
        } catch {
            return nil
        }
    }

    // grouping → "(" expression ")"
    mutating func parseGrouping() throws(ParseAbort) -> Expr {
        let open = advance()
        parenDepth += 1
        defer { parenDepth -= 1 }
        let inner = try parseExpression()
        try expectClosing(.rightParen, of: open)
        return inner
    }

    // collection → list | dictionary
    // list → "[" ( expression ( "," expression )* ","? )? "]"
    // dictionary → "[" ":" "]" | "[" entry ( "," entry )* ","? "]"
    // entry → expression ":" expression
    mutating func parseCollection() throws(ParseAbort) -> Expr {
        let open = advance()
        parenDepth += 1
        defer { parenDepth -= 1 }
        if match(.colon) {
            let close = try expectClosing(.rightBracket, of: open)
            return Expr(.dictionary([]), at: span(from: open, to: close))
        }
        if check(.rightBracket) {
            return Expr(.list([]), at: span(from: open, to: advance()))
        }
        let first = try parseExpression()
        if match(.colon) {
            var entries = [(key: first, value: try parseExpression())]
            while match(.comma) && !check(.rightBracket) {
                let key = try parseExpression()
                try expect(.colon, "expected ':' and a value after the dictionary key")
                entries.append((key: key, value: try parseExpression()))
            }
            let close = try expectClosing(.rightBracket, of: open, inList: true)
            return Expr(.dictionary(entries), at: span(from: open, to: close))
        }
        var elements = [first]
        while match(.comma) && !check(.rightBracket) {
            elements.append(try parseExpression())
        }
        let close = try expectClosing(.rightBracket, of: open, inList: true)
        return Expr(.list(elements), at: span(from: open, to: close))
    }

    // closure → "fn" parameters block
    mutating func parseClosure() throws(ParseAbort) -> Expr {
        let keyword = advance()
        let parameters = try parseParameters(of: "the closure ('fn(x) { … }')")
        let body = try parseBlock(of: "the closure")
        let declaration = FunctionDecl(name: nil, parameters: parameters, body: body, location: span(from: keyword))
        return Expr(.closure(declaration), at: declaration.location)
    }

    // conditional → "if" expression block ( "else" ( conditional | block ) )?
    mutating func parseConditional() throws(ParseAbort) -> Expr {
        try nest()
        defer { unnest() }
        let keyword = advance()
        let condition = try parseCondition(after: "'if'")
        let then = try parseBlock(of: "'if'")
        var otherwise: Block?
        if match(.elseKeyword) {
            skipNewlines()
            if check(.ifKeyword) {
                let nested = try parseConditional()
                otherwise = Block(statements: [Stmt(.expression(nested), at: nested.location)], location: nested.location)
            } else {
                otherwise = try parseBlock(of: "'else'")
            }
        }
        return Expr(.conditional(condition: condition, then: then, otherwise: otherwise), at: span(from: keyword))
    }
}
