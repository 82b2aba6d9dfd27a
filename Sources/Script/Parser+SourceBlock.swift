/// `distributed(processes: 4) { … }`: a call followed by a block whose code the callee runs elsewhere
/// (in other processes), so it receives the block as text instead of running it here.
extension Parser {
    /// The callees that take a source block.
    static let sourceBlockCallees: Set<String> = ["distributed"]

    /// Whether a `{` on the same line follows a call of a callee that takes a source block, outside a
    /// condition (where `if f(x) { … }` opens the `if`'s body).
    mutating func startsSourceBlock(after callee: Expr) -> Bool {
        guard !inCondition, case .identifier(let name) = callee.kind,
              Self.sourceBlockCallees.contains(name) else { return false }
        return tokens[current].kind == .leftBrace
    }

    // sourceBlock → call block      the call gets code: (the block's text) and line: (where it starts)
    /// Parses the block, for its syntax errors to show here, and passes its text on as the call's
    /// `code:` argument with the line it starts on as `line:`, so errors elsewhere can name the
    /// notebook's or script's own lines.
    mutating func parseSourceBlock(_ callee: Expr, _ arguments: [Argument], from start: Int) throws(ParseAbort) -> Expr {
        let open = tokens[current]
        _ = try parseBlock(of: "'\(callee.kind.identifierName ?? "")'")
        let close = tokens[last]
        let characters = Array(source.text)
        let from = min(open.end, characters.count), to = max(from, min(close.offset, characters.count))
        let code = String(characters[from..<to])
        let location = span(from: tokens[start])
        return Expr(.call(callee, arguments + [
            Argument(label: "code", value: Expr(.string(code), at: open.location)),
            Argument(label: "line", value: Expr(.number(Double(open.location.line)), at: open.location)),
        ]), at: location)
    }
}

extension ExprKind {
    /// The name of an identifier expression.
    var identifierName: String? {
        if case .identifier(let name) = self { return name }
        return nil
    }
}
