/// Unpacking patterns (`let [a, b] = …`, `for [i, x] in …`) and list comprehensions.
extension Parser {
    // destructuring → ( "let" | "var" ) listPattern "=" expression      (from the pattern on)
    mutating func parseDestructuring(after keyword: Int) throws(ParseAbort) -> Stmt {
        let pattern = try parsePattern()
        let word = tokens[keyword].text
        try expect(.assign, "expected '=' and a value after '\(word) [\u{2026}]'")
        let value = try parseExpression()
        return Stmt(.destructure(pattern: pattern, isConstant: tokens[keyword].kind == .letKeyword, value: value),
                    at: span(from: tokens[keyword]))
    }

    // pattern → IDENTIFIER | listPattern
    // listPattern → "[" pattern ( "," pattern )* ","? "]"
    mutating func parsePattern() throws(ParseAbort) -> Pattern {
        try nest()
        defer { unnest() }
        guard check(.leftBracket) else {
            let name = try expect(.identifier, "expected a name or '[' in the unpacking pattern")
            return .name(name.text, name.location)
        }
        let open = mark()
        consume()
        parenDepth += 1
        defer { parenDepth -= 1 }
        var items: [Pattern] = []
        while !check(.rightBracket) && !check(.eof) {
            items.append(try parsePattern())
            if !match(.comma) { break }
        }
        let close = try expectClosing(.rightBracket, of: tokens[open], inList: true)
        let location = span(from: tokens[open], to: close)
        if items.isEmpty { report("an unpacking pattern needs at least one name: [a, b]", at: location, offset: tokens[open].offset) }
        return .list(items, location)
    }

    // comprehension → ( "for" pattern "in" expression ( "if" expression )* )+ "]"   (from the first "for" on)
    mutating func parseComprehension(element: Expr, open: Int) throws(ParseAbort) -> Expr {
        var clauses: [ComprehensionClause] = []
        while match(.forKeyword) {
            let pattern = try parsePattern()
            try expect(.inKeyword, "expected 'in' after 'for' in the list comprehension")
            let items = try parseExpression()
            var condition: Expr?
            while match(.ifKeyword) {
                let test = try parseExpression()
                condition = condition.map { Expr(.logical(.and, $0, test), at: test.location) } ?? test
            }
            clauses.append(ComprehensionClause(pattern: pattern, items: items, condition: condition))
        }
        let close = try expectClosing(.rightBracket, of: tokens[open])
        return Expr(.comprehension(element: element, clauses: clauses), at: span(from: tokens[open], to: close))
    }
}
