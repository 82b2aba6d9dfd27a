/// `time { … }`, IPython's `%time` as a block.
extension Parser {
    /// Whether the next tokens open a time block: the name `time` right before a `{` on the same line,
    /// outside a condition. `time` stays an ordinary name everywhere else (`let time = 3`, `time(x)`,
    /// `if time { … }`), so code that used it as one keeps working.
    mutating func startsTimeBlock() -> Bool {
        !inCondition && peek().text == "time" && peekSecondKind() == .leftBrace
    }

    // timed → "time" block      (`time` is a contextual keyword: only before a `{` on its line)
    mutating func parseTimed() throws(ParseAbort) -> Expr {
        try nest()
        defer { unnest() }
        let keyword = mark()
        consume()
        let body = try parseBlock(of: "'time'")
        return Expr(.timed(body), at: span(from: tokens[keyword]))
    }
}
