import Testing
@testable import Script

@Suite struct ParserErrorTests {
    @Test func everyErrorIsReportedWithItsPlace() {
        let source = """
            let = 3
            let y = (1 + 2
            x = 2
            f(1 2)
            1 = 2
            let z = $
            let ok = [1, 2
            print(ok)
            """
        #expect(errors(source) == [
            "1:5 expected a name after 'let', found '='",
            "3:1 expected ')' to close '(' at line 2, found 'x'",
            "4:5 expected ',' or ')' to close '(' at line 4, found '2'",
            "5:1 '=' cannot assign to this expression: only a name, a member (a.b) or an element (a[i]) can be assigned",
            "6:9 unexpected character '$'",
            "8:1 expected ',' or ']' to close '[' at line 7, found 'print'",
        ])
    }

    @Test func errorsInsideBlocksRecoverInsideTheBlock() {
        let source = """
            fn f(x) {
                let a = )
                let b = x +* 2
                a + b
            }
            for i in 0..<3 {
                g(i
            }
            while { }
            """
        #expect(errors(source) == [
            "2:13 expected an expression, found ')'",
            "3:16 expected an expression, found '*'",
            "8:1 expected ',' or ')' to close '(' at line 7, found '}'",
            "9:7 expected a condition after 'while', found '{'",
        ])
    }

    @Test func aMissingCloserNamesTheOpener() {
        #expect(errors("x = 1\n\nprint(f(1), 2") == ["3:14 expected ')' to close '(' at line 3, found end of input"])
        #expect(errors("if c {\n  x = [1,\n") == ["2:10 expected ']' to close '[' at line 2, found end of input"])
        #expect(errors("fn f() {\n  1\n") == ["2:4 expected '}' to close '{' at line 1, found end of input"])
    }

    @Test func theRenderedErrorShowsTheLineAndACaret() {
        do {
            _ = try Parser.parse(Source("let x = 1\nlet y = (x +* 1)\n", kind: .file("train.soma")))
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.render() == """
                SyntaxError: expected an expression, found '*'
                  --> train.soma:2:13
                   |
                 2 | let y = (x +* 1)
                   |             ^
                """)
        }
    }

    @Test func errorsCarryKindAndSource() {
        do {
            _ = try Parser.parse(Source("1 +", kind: .cell(4)))
            Issue.record("expected an error")
        } catch {
            let first = error.errors[0]
            #expect(first.kind == "SyntaxError")
            #expect(first.description == "SyntaxError: expected an expression, found end of input")
            #expect(first.source.map { $0.describe(first.location) } == "cell 4, line 1")
        }
    }

    @Test(arguments: [
        ("a < b < c", "1:7 comparison operators cannot be chained: '<' follows another comparison; combine comparisons with 'and'"),
        ("a == b != c", "1:8 comparison operators cannot be chained: '!=' follows another comparison; combine comparisons with 'and'"),
        ("0..<3...5", "1:6 range operators cannot be chained: '...' follows another range"),
        ("f(lr: 1, 2)", "1:10 positional argument cannot follow labelled arguments"),
        ("1 + 2 = 3", "1:1 '=' cannot assign to this expression: only a name, a member (a.b) or an element (a[i]) can be assigned"),
        ("f() += 1", "1:1 '+=' cannot assign to this expression: only a name, a member (a.b) or an element (a[i]) can be assigned"),
        ("x = 1 = 2", "1:7 expected end of line or ';' after the statement, found '='"),
        ("let x = 1 let y = 2", "1:11 expected end of line or ';' after the statement, found keyword 'let'"),
        ("let in = 3", "1:5 expected a name after 'let', found keyword 'in'"),
        ("let x 3", "1:7 expected '=' and a value after 'let x', found '3'"),
        ("fn f(1) {}", "1:6 expected a parameter name, found '1'"),
        ("fn f(a b) {}", "1:8 expected ',' or ')' to close '(' at line 1, found 'b'"),
        ("fn f() 1", "1:8 expected '{' to begin the body of 'fn f', found '1'"),
        ("fn 1", "1:4 expected '(' and the parameters of the closure ('fn(x) { … }'), found '1'"),
        ("layer { }", "1:7 expected the layer's name after 'layer', found '{'"),
        ("for x xs { }", "1:7 expected 'in' after 'for x', found 'xs'"),
        ("for 1 in xs { }", "1:5 expected a loop variable after 'for', found '1'"),
        ("if x { 1 } else 2", "1:17 expected '{' to begin the body of 'else', found '2'"),
        ("if { }", "1:4 expected a condition after 'if', found '{'"),
        ("t[]", "1:3 expected an index between '[' and ']', found ']'"),
        ("t[1:2:3:4]", "1:8 expected ',' or ']' to close '[' at line 1, found ':'"),
        ("x = [1, 2: 3]", "1:10 expected ',' or ']' to close '[' at line 1, found ':'"),
        ("x = [1: 2, 3]", "1:13 expected ':' and a value after the dictionary key, found ']'"),
        ("a.1", "1:3 expected a member name after '.', found '1'"),
        ("{ }", "1:1 expected an expression, found '{' (a dictionary is written [\"key\": value])"),
        ("}", "1:1 unmatched '}': there is no '{' open"),
        (")", "1:1 expected an expression, found ')'"),
        ("return return", "1:8 expected an expression, found keyword 'return'"),
        ("(1, 2)", "1:3 expected ')' to close '(' at line 1, found ','"),
        ("\"\\()\"", "1:4 expected an expression inside '\\( )', found ')'"),
        ("\"\\(1 2)\"", "1:6 expected ')' to end the interpolation, found '2'"),
        ("\"\\(let)\"", "1:4 expected an expression, found keyword 'let'"),
    ])
    func oneError(source: String, expected: String) {
        #expect(errors(source) == [expected])
    }

    @Test func lexerErrorsDoNotCascade() {
        #expect(errors("let x = $\nlet y = !z\nlet w = a && b") == [
            "1:9 unexpected character '$'",
            "2:9 '!' is not an operator; use 'not'",
            "3:11 '&&' is not an operator; use 'and'",
        ])
    }

    @Test func anUnterminatedStringIsOneError() {
        #expect(errors("print(\"abc") == ["1:7 unterminated string"])
        #expect(errors("let s = \"a \\(f(x") == [
            "1:12 unterminated string interpolation: expected ')' to close '\\(' at line 1, found end of input",
        ])
    }

    @Test(arguments: [
        String(repeating: "(", count: 10_000),
        String(repeating: "[", count: 10_000),
        String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
        String(repeating: "-", count: 10_000) + "1",
        String(repeating: "not ", count: 10_000) + "x",
        Array(repeating: "2", count: 10_000).joined(separator: " ** "),
        String(repeating: "f(", count: 10_000),
        String(repeating: "t[", count: 10_000),
        String(repeating: "[1: ", count: 10_000),
        String(repeating: "if c { ", count: 10_000),
        "if c { }" + String(repeating: " else if c { }", count: 10_000),
        String(repeating: "f(fn() { ", count: 10_000),
        String(repeating: "fn g() { ", count: 10_000),
        String(repeating: "\"\\(", count: 10_000),
    ])
    func deepNestingIsAnErrorNotACrash(source: String) {
        let found = errors(source)
        #expect(found.first?.contains("nesting too deep") == true || found.first?.contains("nested too deeply") == true)
        #expect(Completeness.check(source) == .invalid)
    }
}
