extension Parser {
    // import → "import" STRING ( "as" IDENTIFIER )?
    //
    // The path is a plain string literal, so what a program imports is known by reading it; `as` is a
    // word only here, so a variable named `as` keeps working.
    mutating func parseImport() throws(ParseAbort) -> Stmt {
        let keyword = mark()
        consume()
        guard check(.string) else {
            throw fail("expected the module's file as a string after 'import', as in import \"layers.soma\", found \(peek().description)")
        }
        let literal = advance()
        var path = ""
        for segment in literal.segments {
            guard case .text(let text) = segment else {
                throw fail("the path after 'import' must be plain text, without \\( … ) interpolation", at: literal)
            }
            path += text
        }
        if path.isEmpty { report("the path after 'import' is empty", at: literal) }
        var alias: String?
        if peekKind == .identifier && peek().text == "as" {
            consume()
            alias = try expect(.identifier, "expected a name after 'as', as in import \"layers.soma\" as L").text
        }
        return Stmt(.importModule(path: path, alias: alias, pathLocation: literal.location), at: span(from: tokens[keyword]))
    }
}
