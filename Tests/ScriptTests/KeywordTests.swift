import Testing
@testable import Script

/// The lexer's keyword lookup by length agrees with the keyword table.
@Suite struct KeywordTests {
    @Test func everyKeywordIsFoundAndNothingElse() {
        for (word, kind) in TokenKind.keywords {
            #expect(TokenKind.keyword(word, length: word.utf8.count) == kind, "\(word)")
            #expect(TokenKind.keyword(word + "s", length: word.utf8.count + 1) == nil, "\(word)s")
        }
        #expect(TokenKind.keyword("x", length: 1) == nil)
        #expect(TokenKind.keyword("print", length: 5) == nil)
    }
}
