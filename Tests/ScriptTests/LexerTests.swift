import Testing
@testable import Script

/// Scans `text`, returning its tokens without the final `.eof` and the error messages.
private func scan(_ text: String) -> (tokens: [Token], errors: [String]) {
    let (tokens, errors) = Lexer.scan(Source(text, kind: .file("t.soma")))
    return (Array(tokens.dropLast()), errors.map { "\($0.location.line):\($0.location.column) \($0.message)" })
}

private func kinds(_ text: String) -> [TokenKind] { scan(text).tokens.map(\.kind) }

private func texts(_ text: String) -> [String] { scan(text).tokens.map(\.text) }

@Suite struct LexerTests {
    @Test func operatorsAndPunctuation() {
        #expect(kinds("( ) [ ] { } , : ; . ... ..< = += -= *= /=") == [
            .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .colon,
            .semicolon, .dot, .dotDotDot, .dotDotLess, .assign, .plusAssign, .minusAssign, .starAssign, .slashAssign,
        ])
        #expect(kinds("+ - * / % @ ** == != < <= > >=") == [
            .plus, .minus, .star, .slash, .percent, .at, .starStar, .equalEqual, .notEqual, .less, .lessEqual,
            .greater, .greaterEqual,
        ])
        #expect(texts("a**-b<=c") == ["a", "**", "-", "b", "<=", "c"])
        #expect(texts("t[::-1]") == ["t", "[", ":", ":", "-", "1", "]"])
    }

    @Test func keywordsAndIdentifiers() {
        #expect(kinds("let var fn layer if else while for in return break continue true false nil and or not self")
            == [.letKeyword, .varKeyword, .fnKeyword, .layerKeyword, .ifKeyword, .elseKeyword, .whileKeyword,
                .forKeyword, .inKeyword, .returnKeyword, .breakKeyword, .continueKeyword, .trueKeyword,
                .falseKeyword, .nilKeyword, .andKeyword, .orKeyword, .notKeyword, .selfKeyword])
        #expect(kinds("lets _x x1 Self élan") == [.identifier, .identifier, .identifier, .identifier, .identifier])
        #expect(texts("zeroGrad_2") == ["zeroGrad_2"])
    }

    @Test(arguments: [
        ("1", 1.0), ("2.5", 2.5), ("1e-3", 0.001), ("1E3", 1000), ("1.5e+2", 150), ("0x1F", 31), ("0XfF", 255),
        ("1_000", 1000), ("1_000.000_1", 1000.0001), ("0b101", 5), ("0o17", 15), ("007", 7), ("0", 0),
        ("1e400", .infinity),
    ])
    func numbers(text: String, value: Double) {
        let (tokens, errors) = scan(text)
        #expect(errors.isEmpty)
        #expect(tokens.count == 1)
        #expect(tokens.first?.kind == .number)
        #expect(tokens.first?.number == value)
    }

    @Test func numbersStopBeforeRangesAndMembers() {
        #expect(texts("1..<3") == ["1", "..<", "3"])
        #expect(texts("1...3") == ["1", "...", "3"])
        #expect(texts("2.5.x") == ["2.5", ".", "x"])
        #expect(texts("x.0") == ["x", ".", "0"])
    }

    @Test func stringsDecodeEscapes() {
        let (tokens, errors) = scan(#""a\nb\t\"q\" \\ \r\0 \' \u{1F600}\u{e9}""#)
        #expect(errors.isEmpty)
        #expect(tokens.first?.segments == [.text("a\nb\t\"q\" \\ \r\0 ' 😀é")])
        #expect(scan(#""""#).tokens.first?.segments == [.text("")])
    }

    @Test func stringsMaySpanLines() {
        let (tokens, errors) = scan("\"a\nb\" x")
        #expect(errors.isEmpty)
        #expect(tokens.first?.segments == [.text("a\nb")])
        #expect(tokens.last?.location == SourceLocation(line: 2, column: 4, length: 1))
    }

    @Test func interpolationIsScannedIntoTokens() {
        let (tokens, errors) = scan(#""loss \(x + 1)!""#)
        #expect(errors.isEmpty)
        guard tokens.count == 1, tokens[0].segments.count == 3, case .code(let code) = tokens[0].segments[1] else {
            Issue.record("unexpected tokens \(tokens)"); return
        }
        #expect(tokens[0].segments[0] == .text("loss "))
        #expect(tokens[0].segments[2] == .text("!"))
        #expect(code.map(\.text) == ["x", "+", "1", ")"])
        #expect(code.last?.kind == .eof)
        // The embedded tokens know where they are in the source.
        #expect(code[0].location == SourceLocation(line: 1, column: 9, length: 1))
        #expect(code[2].location == SourceLocation(line: 1, column: 13, length: 1))
    }

    @Test func interpolationNestsParenthesesAndStrings() {
        let (tokens, errors) = scan(#""a \(f(")", [1, (2)]) + "\("in")") b""#)
        #expect(errors.isEmpty)
        #expect(tokens.count == 1)
        guard case .code(let code) = tokens[0].segments[1] else { Issue.record("no code"); return }
        #expect(code.map(\.kind) == [.identifier, .leftParen, .string, .comma, .leftBracket, .number, .comma,
                                     .leftParen, .number, .rightParen, .rightBracket, .rightParen, .plus, .string, .eof])
        #expect(tokens[0].segments.last == .text(" b"))
    }

    @Test func commentsAreSkipped() {
        #expect(texts("a # comment ( [ \"\nb#c") == ["a", "\n", "b"])
        #expect(kinds("# only a comment").isEmpty)
    }

    @Test func linesAndColumnsCountCharacters() {
        let (tokens, _) = scan("let x = 1\n  y += \"é😀\" + z\n\tw")
        let located = tokens.filter { $0.kind != .newline }.map { "\($0.text)@\($0.location.line):\($0.location.column)" }
        #expect(located == ["let@1:1", "x@1:5", "=@1:7", "1@1:9", "y@2:3", "+=@2:5", "\"é😀\"@2:8", "+@2:13",
                            "z@2:15", "w@3:2"])
        #expect(tokens[7].location.length == 4)
    }

    @Test func carriageReturnNewlines() {
        let (tokens, errors) = scan("a\r\nb\r\n")
        #expect(errors.isEmpty)
        #expect(tokens.map(\.kind) == [.identifier, .newline, .identifier, .newline])
        #expect(tokens[2].location == SourceLocation(line: 2, column: 1, length: 1))
    }

    @Test func newlinesThatCannotEndAStatementAreDropped() {
        #expect(texts("a +\n b") == ["a", "+", "b"])
        #expect(texts("f(a,\n b)") == ["f", "(", "a", ",", "b", ")"])
        #expect(texts("x =\n 1") == ["x", "=", "1"])
        #expect(texts("{\n x\n}") == ["{", "x", "\n", "}"])
        #expect(texts("a\n  .b()") == ["a", ".", "b", "(", ")"])
        #expect(texts("}\nelse {") == ["}", "else", "{"])
        #expect(texts("a\nand b\nor c") == ["a", "and", "b", "or", "c"])
        #expect(texts("\n\na\n\n\nb\n\n") == ["a", "\n", "b", "\n"])
        #expect(texts("a\n# note\n\n.b") == ["a", ".", "b"])
        #expect(texts("a\n-b") == ["a", "\n", "-", "b"])
    }

    @Test func theEndTokenSitsAfterTheLastToken() {
        let (tokens, _) = Lexer.scan(Source("x = 1   \n\n", kind: .cell(1)))
        #expect(tokens.last?.kind == .eof)
        #expect(tokens.last?.location == SourceLocation(line: 1, column: 6, length: 0))
    }

    @Test(arguments: [
        ("a $ b", ["1:3 unexpected character '$'"]),
        ("a $$? b", ["1:3 unexpected characters '$$?'"]),
        ("\u{0}", ["1:1 unexpected character U+0000"]),
        ("x\u{7}", ["1:2 unexpected character U+0007"]),
        ("\u{A0}", ["1:1 unexpected character U+00A0"]),
        ("\\", ["1:1 unexpected '\\' outside a string"]),
        ("!x", ["1:1 '!' is not an operator; use 'not'"]),
        ("a && b || c", ["1:3 '&&' is not an operator; use 'and'", "1:8 '||' is not an operator; use 'or'"]),
        ("0..5", ["1:2 '..' is not an operator; use '..<' (half-open) or '...' (closed) for a range"]),
        ("a // b", ["1:3 '//' is not an operator; comments start with '#'"]),
        ("1abc", ["1:1 invalid number literal '1abc'"]),
        ("0x", ["1:1 invalid number literal '0x'"]),
        ("0b102", ["1:1 invalid number literal '0b102'"]),
        ("1e", ["1:1 invalid number literal '1e'"]),
        ("\"abc", ["1:1 unterminated string"]),
        ("x\n  \"abc\ndef", ["2:3 unterminated string"]),
        ("\"abc\\", ["1:1 unterminated string"]),
        ("\"a\\qb\"", ["1:3 invalid escape sequence '\\q' in string"]),
        ("\"\\u{D800}\"", ["1:2 invalid unicode scalar '\\u{D800}' in string"]),
        ("\"\\u{110000}\"", ["1:2 invalid unicode scalar '\\u{110000}' in string"]),
        ("\"\\u{}\"", ["1:2 invalid unicode scalar '\\u{}' in string"]),
        ("\"\\u41\"", ["1:2 expected '{' after '\\u' in string (write \\u{1F600})"]),
        ("\"\\u{41\"", ["1:2 expected '}' to end the unicode escape '\\u{41'"]),
        ("\"a \\(x + ", ["1:4 unterminated string interpolation: expected ')' to close '\\(' at line 1, found end of input"]),
    ])
    func errors(text: String, expected: [String]) {
        #expect(scan(text).errors == expected)
    }

    @Test func scanningGoesOnAfterErrors() {
        let (tokens, errors) = scan("a $ b ! c")
        #expect(errors.count == 2)
        #expect(tokens.map(\.kind) == [.identifier, .invalid, .identifier, .invalid, .identifier])
    }

    @Test func deeplyNestedInterpolationIsAnError() {
        let text = String(repeating: "\"\\(", count: 5_000)
        let (_, errors) = scan(text)
        #expect(errors == ["1:194 string interpolation nested too deeply (more than 64 levels)"])
    }

    @Test func endsInsideStringIsReported() {
        var lexer = Lexer(Source("print(\"abc", kind: .cell(1)))
        _ = lexer.scanTokens()
        #expect(lexer.endsInsideString)
        var other = Lexer(Source("print(\"abc\")", kind: .cell(1)))
        _ = other.scanTokens()
        #expect(!other.endsInsideString)
    }
}
