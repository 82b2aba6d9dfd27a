import Testing
@testable import Script

/// The lexer scans UTF-8 bytes but places tokens in Characters, as diagnostics' carets need: each token's
/// offset and length select exactly its text among the source's Characters, and its column counts the
/// Characters before it on its line.
@Suite struct LexerUnicodeTests {
    @Test(arguments: [
        "let café = 1\nlet cafe\u{301} = 2\nprint(café + cafe\u{301})",
        "let s = \"e\u{301}\u{302} 😀👍🏽 \\(größe) Ω\"\r\nlet n = 3 # ünïcödé — 😀\r\nn",
        "x = \"a\u{301}\" + \"\\u{1F600}\" + \"\u{1F1EB}\u{1F1F7}\"\nnaïve(über: 1, 日本: 2)",
        "let ζ = [1, 2]\n\tζ[0] *= 2 # Ω\n\u{0600}1\n",
        "a = \"\u{00E9}\u{0301}\" + x\u{0308}y\n\"\u{20E3}",
    ])
    func tokensArePlacedInCharacters(_ text: String) {
        let characters = Array(text)
        var lexer = Lexer(Source(text, kind: .cell(1)))
        for token in lexer.scanTokens() where token.kind != .newline && token.kind != .eof {
            let end = token.offset + token.location.length
            #expect(end <= characters.count)
            #expect(String(characters[token.offset..<min(end, characters.count)]) == token.text, "\(token)")
            let lineStart = characters[..<token.offset].lastIndex { $0 == "\n" || $0 == "\r\n" }.map { $0 + 1 } ?? 0
            #expect(token.location.column == token.offset - lineStart + 1, "\(token)")
        }
    }

    @Test func aMarkAfterAnAsciiLetterJoinsIt() {
        // "e" + U+0301 is one Character, a letter: the identifier is two Characters long.
        let (tokens, errors) = Lexer.scan(Source("e\u{301}x = 1", kind: .cell(1)))
        #expect(errors.isEmpty)
        #expect(tokens[0].kind == .identifier && tokens[0].location.length == 2)
        // "#" + U+20E3 (a keycap) is one Character that is not "#": no comment starts there.
        let keycap = Lexer.scan(Source("#\u{20E3} 1", kind: .cell(1)))
        #expect(keycap.errors.map(\.message) == ["unexpected character U+0023 U+20E3"])
    }
}
