extension Parser {
    // expression → binary(lowest)
    mutating func parseExpression() throws(ParseAbort) -> Expr {
        try parseBinary(.lowest)
    }

    /// The condition of `if`/`while` or the sequence of `for`, which must come before the body's `{`.
    /// In it, `time {` is the name `time` and the body, never a time block.
    mutating func parseCondition(after construct: String) throws(ParseAbort) -> Expr {
        if check(.leftBrace) { throw fail("expected a condition after \(construct), found '{'") }
        let outer = inCondition
        inCondition = true
        defer { inCondition = outer }
        return try parseExpression()
    }

    // binary(min) → unary ( op binary(next) )*   for each op in `OperatorTable.infix` whose precedence is at
    //              least min; next is one level tighter than op, or op's own level when right-associative.
    //              Non-associative levels (comparisons, ranges) may not chain.
    //
    // (The functions on the recursive path keep their frames small by moving messages and node building
    // into helpers: at `maxDepth` a debug build uses up to about 1 MiB of stack, a release build less.)
    mutating func parseBinary(_ minimum: Precedence) throws(ParseAbort) -> Expr {
        try nest()
        defer { unnest() }
        let start = mark()
        var left = try parseUnary()
        var lastNonAssociative: Precedence?
        var levels = 0  // each operator applied nests the tree one level deeper
        defer { links -= levels }
        while let op = infixOperator(atLeast: minimum) {
            if op.associativity != .right {  // a right operand nests by recursion instead
                try link()
                levels += 1
            }
            if op.associativity == .none && lastNonAssociative == op.precedence { reportChained(op) }
            consume()
            let right = try parseBinary(op.associativity == .right ? op.precedence : op.precedence.tighter)
            left = makeInfix(op.node, left, right, from: start)
            lastNonAssociative = op.associativity == .none ? op.precedence : nil
        }
        return left
    }

    /// The infix operator that comes next, if it binds at least as tightly as `minimum`.
    mutating func infixOperator(atLeast minimum: Precedence) -> InfixOperator? {
        guard let op = OperatorTable.infix(peekKind), op.precedence >= minimum else { return nil }
        return op
    }

    /// Reports the next operator as chaining a non-associative one (`a < b < c`).
    mutating func reportChained(_ op: InfixOperator) {
        let token = peek()
        if op.precedence == .comparison {
            report("comparison operators cannot be chained: '\(token.text)' follows another comparison; "
                   + "combine comparisons with 'and'", at: token)
        } else {
            report("range operators cannot be chained: '\(token.text)' follows another range", at: token)
        }
    }

    /// The node an infix operator builds, spanning from the token at `start` to the last one consumed.
    mutating func makeInfix(_ node: InfixNode, _ left: Expr, _ right: Expr, from start: Int) -> Expr {
        let location = span(from: tokens[start])
        switch node {
        case .binary(let op): return Expr(.binary(op, left, right), at: location)
        case .logical(let op): return Expr(.logical(op, left, right), at: location)
        case .range(let inclusive): return Expr(.range(left, right, inclusive: inclusive), at: location)
        }
    }

    // unary → ( "-" | "+" ) binary(power) | "not" binary(comparison) | postfix
    mutating func parseUnary() throws(ParseAbort) -> Expr {
        guard let prefix = prefixOperator() else { return try parsePostfix() }
        let start = mark()
        consume()
        let operand = try parseBinary(prefix.operand)
        return makeUnary(prefix.op, operand, from: start)
    }

    /// The prefix operator that comes next, if any.
    mutating func prefixOperator() -> PrefixOperator? { OperatorTable.prefix(peekKind) }

    mutating func makeUnary(_ op: UnaryOp, _ operand: Expr, from start: Int) -> Expr {
        Expr(.unary(op, operand), at: span(from: tokens[start]))
    }

    // postfix → primary ( call | member | index )*
    mutating func parsePostfix() throws(ParseAbort) -> Expr {
        let start = mark()
        var expression = try parsePrimary()
        var levels = 0  // each call, member or index nests the tree one level deeper
        defer { links -= levels }
        while true {
            let kind = peekKind
            guard kind == .leftParen || kind == .leftBracket || kind == .dot else { return expression }
            try link()
            levels += 1
            switch kind {
            case .leftParen:
                expression = try parseCall(expression, from: start)
                if case .call(let callee, let arguments) = expression.kind, startsSourceBlock(after: callee) {
                    expression = try parseSourceBlock(callee, arguments, from: start)
                }
            case .leftBracket: expression = try parseIndex(expression, from: start)
            default: expression = try parseMember(expression, from: start)
            }
        }
    }

    // member → "." ( IDENTIFIER | keyword )
    mutating func parseMember(_ base: Expr, from start: Int) throws(ParseAbort) -> Expr {
        consume()  // '.'
        let name = peek()
        guard name.kind == .identifier || name.kind.isKeyword else {
            throw fail("expected a member name after '.', found \(name.description)")
        }
        consume()
        return Expr(.member(base, name.text), at: span(from: tokens[start]))
    }

    // call → "(" ( argument ( "," argument )* ","? )? ")"
    // argument → ( IDENTIFIER ":" )? expression        (positional arguments come first)
    mutating func parseCall(_ callee: Expr, from start: Int) throws(ParseAbort) -> Expr {
        let open = mark()
        consume()
        parenDepth += 1
        defer { parenDepth -= 1 }
        var arguments: [Argument] = []
        var sawLabel = false
        while !check(.rightParen) && !check(.eof) {
            let first = mark()
            let label = parseLabel()
            let value = try parseExpression()
            if label != nil {
                sawLabel = true
            } else if sawLabel {
                reportPositionalAfterLabel(value, at: first)
            }
            arguments.append(Argument(label: label, value: value))
            if !match(.comma) { break }
        }
        return try finishCall(callee, arguments, from: start, open: open)
    }

    /// Consumes `name:` before an argument and returns the name, if there is one.
    mutating func parseLabel() -> String? {
        let token = peek()
        guard token.kind == .identifier && peekSecondKind() == .colon else { return nil }
        consume()
        consume()
        return token.text
    }

    mutating func reportPositionalAfterLabel(_ value: Expr, at first: Int) {
        report("positional argument cannot follow labelled arguments", at: value.location, offset: tokens[first].offset)
    }

    mutating func finishCall(_ callee: Expr, _ arguments: [Argument], from start: Int,
                             open: Int) throws(ParseAbort) -> Expr {
        let close = try expectClosing(.rightParen, of: tokens[open], inList: true)
        return Expr(.call(callee, arguments), at: span(from: tokens[start], to: close))
    }

    // index → "[" indexItem ( "," indexItem )* ","? "]"
    mutating func parseIndex(_ base: Expr, from start: Int) throws(ParseAbort) -> Expr {
        let open = mark()
        consume()
        parenDepth += 1
        defer { parenDepth -= 1 }
        if check(.rightBracket) { throw fail("expected an index between '[' and ']', found ']'") }
        var items: [IndexItem] = []
        repeat {
            if check(.rightBracket) || check(.eof) { break }
            items.append(try parseIndexItem())
        } while match(.comma)
        return try finishIndex(base, items, from: start, open: open)
    }

    mutating func finishIndex(_ base: Expr, _ items: [IndexItem], from start: Int,
                              open: Int) throws(ParseAbort) -> Expr {
        let close = try expectClosing(.rightBracket, of: tokens[open], inList: true)
        return Expr(.index(base, items), at: span(from: tokens[start], to: close))
    }

    // indexItem → "..." | expression? ":" expression? ( ":" expression? )? | expression
    mutating func parseIndexItem() throws(ParseAbort) -> IndexItem {
        if matchEllipsis() { return .ellipsis }
        var start: Expr?
        if !check(.colon) {
            let value = try parseExpression()
            guard check(.colon) else { return .value(value) }
            start = value
        }
        consume()  // ':'
        var end: Expr?
        if !endsSlicePart() { end = try parseExpression() }
        var step: Expr?
        if match(.colon) && !endsSlicePart() { step = try parseExpression() }
        return .slice(start: start, end: end, step: step)
    }

    /// Consumes a `...` that stands alone as an index item.
    mutating func matchEllipsis() -> Bool {
        guard check(.dotDotDot) else { return false }
        let after = peekSecondKind()
        guard after == .comma || after == .rightBracket else { return false }
        consume()
        return true
    }

    /// Whether the next token ends a part of a slice (so that part is left out: `t[1:]`, `t[::2]`).
    mutating func endsSlicePart() -> Bool {
        let kind = peekKind
        return kind == .colon || kind == .comma || kind == .rightBracket
    }

    // primary → atom | STRING | grouping | collection | closure | conditional | attempt | timed
    mutating func parsePrimary() throws(ParseAbort) -> Expr {
        switch peekKind {
        case .identifier where startsTimeBlock(): return try parseTimed()
        case .leftParen: return try parseGrouping()
        case .leftBracket: return try parseCollection()
        case .fnKeyword: return try parseClosure()
        case .ifKeyword: return try parseConditional()
        case .tryKeyword: return try parseAttempt()
        case .string: return parseString()
        default: return try parseAtom()
        }
    }

    // atom → NUMBER | "true" | "false" | "nil" | "self" | IDENTIFIER
    mutating func parseAtom() throws(ParseAbort) -> Expr {
        let token = peek()
        let kind: ExprKind
        switch token.kind {
        case .number: kind = .number(token.number)
        case .trueKeyword: kind = .bool(true)
        case .falseKeyword: kind = .bool(false)
        case .nilKeyword: kind = .nilLiteral
        case .selfKeyword: kind = .selfReference
        case .identifier: kind = .identifier(token.text)
        case .leftBrace:
            throw fail("expected an expression, found '{' (a dictionary is written [\"key\": value])")
        default:
            throw fail("expected an expression, found \(token.description)")
        }
        consume()
        return Expr(kind, at: token.location)
    }

    // string → STRING      (its interpolations: interpolation → expression ")")
    mutating func parseString() -> Expr {
        let token = advance()
        if token.segments.count == 1, case .text(let text) = token.segments[0] {
            return Expr(.string(text), at: token.location)
        }
        var parts: [InterpolationPart] = []
        for segment in token.segments {
            switch segment {
            case .text(let text):
                parts.append(.text(text))
            case .code(let code):
                if let (expression, options) = parseInterpolation(code) {
                    parts.append(options.isEmpty ? .expression(expression) : .formatted(expression, options))
                }
            }
        }
        return Expr(.interpolated(parts), at: token.location)
    }

    /// Parses the tokens of one `\( … )` with a parser of their own, keeping its errors.
    mutating func parseInterpolation(_ code: [Token]) -> (Expr, [Argument])? {
        var inner = Parser(tokens: code, source: source, depth: depth, parenDepth: 1)
        let expression = inner.parseInterpolation()
        for diagnostic in inner.diagnostics {
            report(diagnostic.error.message, at: diagnostic.error.location, offset: diagnostic.offset,
                   atEnd: diagnostic.atEnd)
        }
        return expression
    }

    // interpolation → expression ( "," IDENTIFIER ":" expression )* ")"
    //                  (the tokens of one `\( … )`, ending in `.eof`; the labelled options are format's)
    mutating func parseInterpolation() -> (Expr, [Argument])? {
        do {
            if check(.eof) { throw fail("expected an expression inside '\\( )', found \(peek().description)") }
            let expression = try parseExpression()
            var options: [Argument] = []
            while match(.comma) {
                guard let label = parseLabel() else {
                    throw fail("expected a labelled format option after ',' in an interpolation (as in \\(x, digits: 3)), found \(peek().description)")
                }
                options.append(Argument(label: label, value: try parseExpression()))
            }
            if !check(.eof) { throw fail("expected ')' to end the interpolation, found \(peek().description)") }
            return (expression, options)
        } catch {
            return nil
        }
    }

    // grouping → "(" expression ")"
    mutating func parseGrouping() throws(ParseAbort) -> Expr {
        let open = mark()
        consume()
        parenDepth += 1
        defer { parenDepth -= 1 }
        let inner = try parseBinary(.lowest)
        try expectClosing(.rightParen, of: tokens[open])
        return inner
    }

    // collection → "[" "]" | "[" ":" "]" | "[" expression ( listRest | dictionaryRest | comprehension )
    //              (a list `[1, 2]`, a dictionary `["a": 1]`, or the empty ones `[]` and `[:]`)
    mutating func parseCollection() throws(ParseAbort) -> Expr {
        let open = mark()
        consume()
        parenDepth += 1
        defer { parenDepth -= 1 }
        if let empty = try parseEmptyCollection(open: open) { return empty }
        let first = try parseExpression()
        if match(.colon) { return try parseDictionary(first: first, open: open) }
        if check(.forKeyword) { return try parseComprehension(element: first, open: open) }
        return try parseList(first: first, open: open)
    }

    /// `[]` or `[:]`, after the `[`.
    mutating func parseEmptyCollection(open: Int) throws(ParseAbort) -> Expr? {
        if match(.colon) {
            let close = try expectClosing(.rightBracket, of: tokens[open])
            return Expr(.dictionary([]), at: span(from: tokens[open], to: close))
        }
        guard check(.rightBracket) else { return nil }
        return Expr(.list([]), at: span(from: tokens[open], to: advance()))
    }

    // listRest → ( "," expression )* ","? "]"
    mutating func parseList(first: Expr, open: Int) throws(ParseAbort) -> Expr {
        var elements = [first]
        while match(.comma) && !check(.rightBracket) && !check(.eof) {
            elements.append(try parseExpression())
        }
        let close = try expectClosing(.rightBracket, of: tokens[open], inList: true)
        return Expr(.list(elements), at: span(from: tokens[open], to: close))
    }

    // dictionaryRest → ":" expression ( "," expression ":" expression )* ","? "]"   (from the value on)
    mutating func parseDictionary(first: Expr, open: Int) throws(ParseAbort) -> Expr {
        var entries = [(key: first, value: try parseExpression())]
        while match(.comma) && !check(.rightBracket) && !check(.eof) {
            let key = try parseExpression()
            try expect(.colon, "expected ':' and a value after the dictionary key")
            entries.append((key: key, value: try parseExpression()))
        }
        let close = try expectClosing(.rightBracket, of: tokens[open], inList: true)
        return Expr(.dictionary(entries), at: span(from: tokens[open], to: close))
    }

    // closure → "fn" parameters block
    mutating func parseClosure() throws(ParseAbort) -> Expr {
        let keyword = mark()
        consume()
        let parameters = try parseParameters(of: "the closure ('fn(x) { … }')")
        let body = try parseBlock(of: "the closure")
        let declaration = FunctionDecl(name: nil, parameters: parameters, body: body,
                                       location: span(from: tokens[keyword]))
        return Expr(.closure(declaration), at: declaration.location)
    }

    // conditional → "if" expression block ( "else" ( conditional | block ) )?
    mutating func parseConditional() throws(ParseAbort) -> Expr {
        try nest()
        defer { unnest() }
        let keyword = mark()
        consume()
        let condition = try parseCondition(after: "'if'")
        let then = try parseBlock(of: "'if'")
        let otherwise = try parseElse()
        return Expr(.conditional(condition: condition, then: then, otherwise: otherwise),
                    at: span(from: tokens[keyword]))
    }

    /// The `else` part of a conditional, if there is one: a block, or a block holding the `else if`.
    mutating func parseElse() throws(ParseAbort) -> Block? {
        guard match(.elseKeyword) else { return nil }
        skipNewlines()
        guard check(.ifKeyword) else { return try parseBlock(of: "'else'") }
        let nested = try parseConditional()
        return Block(statements: [Stmt(.expression(nested), at: nested.location)], location: nested.location)
    }
}
