import Testing
@testable import Script

@Suite struct CompletenessTests {
    @Test(arguments: [
        "", "   ", "\n\n", "# comment", "x", "1 + 2", "let x = 1\n", "f(x)\n", "if c { 1 }", "if c { 1 } else { 2 }",
        "fn f() { }", "return", "for x in xs { }", "layer L(d) { let f = Linear(d, d) }", "\"a\\nb\"",
        "\"multi\nline\"", "x = [\n 1,\n 2\n]", "model\n  .train()", "x;", "t[::-1]",
    ])
    func complete(text: String) {
        #expect(Completeness.check(text) == .complete)
    }

    @Test(arguments: [
        ("if c {", "    "),
        ("if c {\n", "    "),
        ("fn f(x) {\n    let y = x", "    "),
        ("for i in 0..<3 {\n    if i > 1 {", "        "),
        ("if a { if b {", "    "),
        ("f(", "    "),
        ("f(1,", "    "),
        ("x = [1, 2,\n", "    "),
        ("x = [\n  [1, 2],\n  [3,", "        "),
        ("f(fn(x) {", "    "),
        ("d = [\"a\":", "    "),
        ("x = 1 +", ""),
        ("x = 1 +\n", ""),
        ("a and", ""),
        ("not", ""),
        ("x =", ""),
        ("x +=", ""),
        ("let x =", ""),
        ("let x", ""),
        ("let", ""),
        ("x.", ""),
        ("if c", ""),
        ("if c\n", ""),
        ("if c { 1 } else", ""),
        ("if c { 1 } else if d", ""),
        ("while x < 3", ""),
        ("for x in xs", ""),
        ("for x in", ""),
        ("for x", ""),
        ("fn f()", ""),
        ("fn f", ""),
        ("fn", ""),
        ("layer L(dim)", ""),
        ("\"abc", ""),
        ("print(\"abc", ""),
        ("\"a \\(x", ""),
        ("\"a \\(f(\"b", ""),
        ("\"abc\\", ""),
        ("let s = \"\n", ""),
        ("x = (1 # comment", "    "),
        ("x = 1 + # comment", ""),
    ])
    func incomplete(text: String, indent: String) {
        #expect(Completeness.check(text) == .incomplete(indent: indent))
    }

    @Test(arguments: [
        ")", "]", "}", "let = 3", "x = )", "f(1 2", "1 = 2", "a < b < c", "$", "\\", "\u{0}", "if c { ) ",
        "let x = 1 let", "\"a\\q\" +", "x = [1, 2)", "f(]", "f(x)) + (", "1abc +", "\"\\()\" +", "for 1",
        "let = (", "t[] +",
    ])
    func invalid(text: String) {
        #expect(Completeness.check(text) == .invalid)
    }

    /// An error inside a block still open leaves the block open; a closer of the wrong kind, or one with
    /// nothing open, does not.
    @Test(arguments: [
        ("fn f(x) {\n    let = x", true), ("f(1 2", true), ("x = [1, )", false), ("f(]", false), ("}", false),
        ("let = 3", false), ("fn f(x) {\n    let = x\n}", false), ("if c { 1 }", false),
    ])
    func endsInsideOpenBracket(text: String, open: Bool) {
        #expect(Completeness.endsInsideOpenBracket(text) == open)
    }

    /// Feeding lines to a REPL: each prefix is incomplete until the last line completes it.
    @Test func aReplSessionBuildsUpAProgram() {
        let lines = [
            "layer Residual(dim) {",
            "    let fc = Linear(dim, dim)",
            "    fn forward(x) {",
            "        x + fc(",
            "            x)",
            "    }",
            "}",
        ]
        var buffer = ""
        var answers: [Completeness] = []
        for line in lines {
            buffer += (buffer.isEmpty ? "" : "\n") + line
            answers.append(Completeness.check(buffer))
        }
        #expect(answers == [
            .incomplete(indent: "    "), .incomplete(indent: "    "), .incomplete(indent: "        "),
            .incomplete(indent: "            "), .incomplete(indent: "        "), .incomplete(indent: "    "), .complete,
        ])
    }

    /// What more input could fix is incomplete; after that input the text parses.
    @Test(arguments: [
        ("if c", "\n{ 1 }"),
        ("if c { 1 } else", "\n{ 2 }"),
        ("fn f(x)", "\n{ x }"),
        ("print(\"abc", "\ndef\")"),
        ("let x =", "\n  1"),
        ("x = a +", "\n  b"),
        ("f(1,", "\n  2)"),
        ("\"a \\(x", " + 1)\""),
        ("x.", "\n y"),
    ])
    func moreInputCompletes(prefix: String, rest: String) {
        guard case .incomplete = Completeness.check(prefix) else {
            Issue.record("\(prefix.debugDescription) is \(Completeness.check(prefix))")
            return
        }
        #expect(Completeness.check(prefix + rest) == .complete)
        #expect((try? Parser.parse(prefix + rest)) != nil)
    }
}
