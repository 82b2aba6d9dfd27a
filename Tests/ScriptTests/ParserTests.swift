import Foundation
import Testing
@testable import Script

@Suite struct ParserTests {
    @Test(arguments: [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a / b * c % d @ e", "(@ (% (* (/ a b) c) d) e)"),
        ("x @ w + b", "(+ (@ x w) b)"),
        ("2 ** 3 ** 2", "(** 2 (** 3 2))"),
        ("-2 ** 2", "(- (** 2 2))"),
        ("2 ** -1", "(** 2 (- 1))"),
        ("2 ** -x * 3", "(* (** 2 (- x)) 3)"),
        ("-a * b", "(* (- a) b)"),
        ("- -a", "(- (- a))"),
        ("+a", "(+ a)"),
        ("-t[0]", "(- (index t 0))"),
        ("-f(x) ** 2", "(- (** (call f x) 2))"),
        ("not a == b", "(not (== a b))"),
        ("not a and b or c", "(or (and (not a) b) c)"),
        ("a or b and c", "(or a (and b c))"),
        ("a and b and c", "(and (and a b) c)"),
        ("not not a", "(not (not a))"),
        ("a < b and b <= c", "(and (< a b) (<= b c))"),
        ("a != b or c >= d", "(or (!= a b) (>= c d))"),
        ("a > -1", "(> a (- 1))"),
        ("0..<n + 1", "(..< 0 (+ n 1))"),
        ("1...3", "(... 1 3)"),
        ("a..<b == c", "(== (..< a b) c)"),
        ("x == y + 1", "(== x (+ y 1))"),
    ])
    func precedence(source: String, expected: String) {
        #expect(tree(source) == expected)
    }

    @Test(arguments: [
        ("f()", "(call f)"),
        ("f(a, lr: 0.1)", "(call f a lr:0.1)"),
        ("f(a, b,)", "(call f a b)"),
        ("Adam(model.parameters(), lr: 0.05)", "(call Adam (call (. model parameters)) lr:0.05)"),
        ("model(X).round()", "(call (. (call model X) round))"),
        ("t.var()", "(call (. t var))"),
        ("x.in.self.let", "(. (. (. x in) self) let)"),
        ("a.b.c(d)[e]", "(index (call (. (. a b) c) d) e)"),
        ("f(g)(h)", "(call (call f g) h)"),
        ("t[0]", "(index t 0)"),
        ("t[0, 1]", "(index t 0 1)"),
        ("t[:, 1:3]", "(index t (: _ _ _) (: 1 3 _))"),
        ("t[::-1]", "(index t (: _ _ (- 1)))"),
        ("t[..., -1]", "(index t ... (- 1))"),
        ("t[...]", "(index t ...)"),
        ("t[nil]", "(index t nil)"),
        ("t[1:]", "(index t (: 1 _ _))"),
        ("t[:2]", "(index t (: _ 2 _))"),
        ("t[a:b:c]", "(index t (: a b c))"),
        ("t[1::2]", "(index t (: 1 _ 2))"),
        ("t[:, nil, ...]", "(index t (: _ _ _) nil ...)"),
        ("t[0...2]", "(index t (... 0 2))"),
        ("t[i,]", "(index t i)"),
        ("m[0][1]", "(index (index m 0) 1)"),
    ])
    func postfix(source: String, expected: String) {
        #expect(tree(source) == expected)
    }

    @Test(arguments: [
        ("1", "1"),
        ("2.5", "2.5"),
        ("0x1F", "31"),
        ("1_000", "1000"),
        ("1e-3", "0.001"),
        ("\"hi\"", "\"hi\""),
        ("true", "true"),
        ("false", "false"),
        ("nil", "nil"),
        ("self", "self"),
        ("[]", "(list)"),
        ("[1, 2, 3]", "(list 1 2 3)"),
        ("[1, 2, 3,]", "(list 1 2 3)"),
        ("[[0, 0], [0, 1]]", "(list (list 0 0) (list 0 1))"),
        ("[:]", "(dict)"),
        ("[\"a\": 1, \"b\": 2]", "(dict (\"a\" 1) (\"b\" 2))"),
        ("[\"a\": 1,]", "(dict (\"a\" 1))"),
        ("[1: [2: 3]]", "(dict (1 (dict (2 3))))"),
        ("\"loss \\(x + 1)\"", "(str \"loss \" (+ x 1))"),
        ("\"\\(a)\\(b)\"", "(str a b)"),
        ("\"a \\(f(\"b)\", (1))) c\"", "(str \"a \" (call f \"b)\" 1) \" c\")"),
        ("\"x \\(\"y \\(z)\")\"", "(str \"x \" (str \"y \" z))"),
        ("\"\\(d[\"k\"])\"", "(str (index d \"k\"))"),
        ("\"\\(x, digits: 3)!\"", "(str (format x digits: 3) \"!\")"),
        ("\"\\(f(a, b: 1), width: n + 2, align: \"left\")\"", "(str (format (call f a b:1) width: (+ n 2) align: \"left\"))"),
        ("fn(x) { x * 2 }", "(fn (x) (block (* x 2)))"),
        ("fn() { }", "(fn () (block))"),
        ("fn(a, b = 2,) { a }(1)", "(call (fn (a (b 2)) (block a)) 1)"),
        ("if c { 1 } else { 2 }", "(if c (block 1) (block 2))"),
        ("if c { 1 }", "(if c (block 1))"),
        ("if a { 1 } else if b { 2 } else { 3 }", "(if a (block 1) (block (if b (block 2) (block 3))))"),
        ("(((x)))", "x"),
    ])
    func primaries(source: String, expected: String) {
        #expect(tree(source) == expected)
    }

    @Test(arguments: [
        ("let x = 1", "(let x 1)"),
        ("var x = 1", "(var x 1)"),
        ("let y = if c { 1 } else { 2 }", "(let y (if c (block 1) (block 2)))"),
        ("x = 2", "(= x 2)"),
        ("x += 1", "(+= x 1)"),
        ("x -= 1; x *= 2; x /= 3", "(-= x 1) (*= x 2) (/= x 3)"),
        ("a[i] = e", "(= (index a i) e)"),
        ("a.b = e", "(= (. a b) e)"),
        ("a[i] += 1", "(+= (index a i) 1)"),
        ("self.w = w", "(= (. self w) w)"),
        ("fn f(a, b = 2) { a + b }", "(fn f (a (b 2)) (block (+ a b)))"),
        ("fn f() {}", "(fn f () (block))"),
        ("while i < 3 { i += 1 }", "(while (< i 3) (block (+= i 1)))"),
        ("for x in xs { print(x) }", "(for x xs (block (call print x)))"),
        ("for i in 0..<10 { }", "(for i (..< 0 10) (block))"),
        ("fn f() { return }", "(fn f () (block (return)))"),
        ("fn f() { return 1 }", "(fn f () (block (return 1)))"),
        ("return\n1", "(return) 1"),
        ("return; 1", "(return) 1"),
        ("while true { break; continue }", "(while true (block (break) (continue)))"),
        ("layer L { }", "(layer L () (block))"),
        ("", ""),
        ("# just a comment", ""),
        (";;\n;", ""),
        ("a; b\nc", "a b c"),
    ])
    func statements(source: String, expected: String) {
        #expect(tree(source) == expected)
    }

    @Test func layerDeclaration() {
        let source = """
            layer Residual(dim, act = nil) {
                let fc = Linear(dim, dim)
                fn forward(x) { x + fc(x) }
            }
            """
        #expect(tree(source) == "(layer Residual (dim (act nil)) (block (let fc (call Linear dim dim)) "
            + "(fn forward (x) (block (+ x (call fc x))))))")
    }

    @Test func newlinesAreInsignificantInsideBracketsAndAfterOperators() {
        #expect(tree("f(1,\n  2\n)") == "(call f 1 2)")
        #expect(tree("f(\n  a\n  ,\n  b\n)") == "(call f a b)")
        #expect(tree("let x = [\n 1,\n 2\n]") == "(let x (list 1 2))")
        #expect(tree("let d = [\n \"a\":\n 1\n]") == "(let d (dict (\"a\" 1)))")
        #expect(tree("let x = 1 +\n 2") == "(let x (+ 1 2))")
        #expect(tree("let x =\n 2") == "(let x 2)")
        #expect(tree("(1\n+ 2)") == "(+ 1 2)")
        #expect(tree("t[\n0\n:\n2\n]") == "(index t (: 0 2 _))")
        #expect(tree("a and\nb") == "(and a b)")
        #expect(tree("not\na") == "(not a)")
    }

    @Test func linesThatContinueThePreviousOne() {
        #expect(tree("model\n  .train()\n  .eval()") == "(call (. (call (. model train)) eval))")
        #expect(tree("if c { 1 }\nelse { 2 }") == "(if c (block 1) (block 2))")
        #expect(tree("if c {\n 1\n}\nelse if d {\n 2\n}\nelse {\n 3\n}")
            == "(if c (block 1) (block (if d (block 2) (block 3))))")
        #expect(tree("a\n  and b\n  or c") == "(or (and a b) c)")
        #expect(tree("x\n# comment\n.y") == "(. x y)")
    }

    @Test func newlinesEndStatements() {
        #expect(tree("a\n-b") == "a (- b)")
        #expect(tree("f\n(x)") == "f x")
        #expect(tree("a\n[0]") == "a (list 0)")
        #expect(tree("\n\n a \n\n\n b \n\n") == "a b")
    }

    @Test func bodiesMayStartOnTheNextLine() {
        #expect(tree("if c\n{ 1 }") == "(if c (block 1))")
        #expect(tree("fn f(x)\n{\n x\n}") == "(fn f (x) (block x))")
        #expect(tree("while c\n{ }") == "(while c (block))")
        #expect(tree("if c { 1 } else\n{ 2 }") == "(if c (block 1) (block 2))")
    }

    @Test func blocksInsideBracketsHaveStatements() {
        let source = """
            let ys = map(xs, fn(x) {
                let y = x * 2
                y + 1
            })
            """
        #expect(tree(source) == "(let ys (call map xs (fn (x) (block (let y (* x 2)) (+ y 1)))))")
        #expect(tree("f(if c { a\n b } else { d })") == "(call f (if c (block a b) (block d)))")
    }

    @Test func theDesignExampleParses() {
        let source = """
            # XOR with a two-layer perceptron
            seed(0)
            let X = tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
            let Y = tensor([[0], [1], [1], [0]])
            let model = Sequential(Linear(2, 8), Tanh(), Linear(8, 1), Sigmoid())
            let opt = Adam(model.parameters(), lr: 0.05)
            var losses = []
            for epoch in 0..<500 {
                let loss = mse(model(X), Y)
                opt.zeroGrad()
                loss.backward()
                opt.step()
                losses.append(loss.item())
            }
            plot(losses, title: "XOR", ylabel: "loss", logy: true)
            model(X).round()          # last expression of a cell is displayed

            layer Residual(dim) {
                let fc1 = Linear(dim, dim)
                let fc2 = Linear(dim, dim)
                fn forward(x) { x + fc2(relu(fc1(x))) }
            }
            fn accuracy(logits, labels) { (logits.argmax(axis: 1) == labels).mean().item() }
            """
        let program = try? Parser.parse(Source(source, kind: .cell(1)))
        #expect(program?.statements.count == 11)
        #expect(tree(source).hasSuffix(
            "(fn accuracy (logits labels) (block (call (. (call (. (== (call (. logits argmax) axis:1) labels) mean)) item))))"))
    }

    @Test func locationsCoverTheirText() throws {
        let program = try Parser.parse("let x = 1 + 22\n  foo(a, b)\nlet s = \"é😀\" + y")
        let s = program.statements
        #expect(s[0].location == SourceLocation(line: 1, column: 1, length: 14))
        guard case .declaration(_, _, let sum) = s[0].kind else { Issue.record("not a declaration"); return }
        #expect(sum.location == SourceLocation(line: 1, column: 9, length: 6))
        guard case .binary(_, let one, let two) = sum.kind else { Issue.record("not binary"); return }
        #expect(one.location == SourceLocation(line: 1, column: 9, length: 1))
        #expect(two.location == SourceLocation(line: 1, column: 13, length: 2))
        #expect(s[1].location == SourceLocation(line: 2, column: 3, length: 9))
        guard case .expression(let call) = s[1].kind, case .call(let callee, let arguments) = call.kind else {
            Issue.record("not a call"); return
        }
        #expect(callee.location == SourceLocation(line: 2, column: 3, length: 3))
        #expect(arguments[1].value.location == SourceLocation(line: 2, column: 10, length: 1))
        // Columns count characters, not bytes.
        guard case .declaration(_, _, let concat) = s[2].kind, case .binary(_, _, let y) = concat.kind else {
            Issue.record("not a declaration"); return
        }
        #expect(y.location == SourceLocation(line: 3, column: 16, length: 1))
    }

    @Test func blockAndFunctionLocations() throws {
        let program = try Parser.parse("fn f(a, b = 1) {\n  a\n}")
        guard case .function(let f) = program.statements[0].kind else { Issue.record("not a function"); return }
        #expect(f.location == SourceLocation(line: 1, column: 1, length: 22))
        #expect(f.body.location == SourceLocation(line: 1, column: 16, length: 7))
        #expect(f.parameters[1].location == SourceLocation(line: 1, column: 9, length: 5))
        #expect(f.body.statements[0].location == SourceLocation(line: 2, column: 3, length: 1))
    }

    @Test func stringValuesAreDecoded() throws {
        let program = try Parser.parse(#"let s = "a\tb\n\"c\" \\ \u{1F600} \u{41}""#)
        guard case .declaration(_, _, let value) = program.statements[0].kind, case .string(let s) = value.kind else {
            Issue.record("not a string"); return
        }
        #expect(s == "a\tb\n\"c\" \\ 😀 A")
    }

    @Test func deepButLegalNestingParses() {
        let depth = 150
        let source = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        #expect(tree(source) == "1")
        let list = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(tree(list).hasPrefix("(list (list"))
        let powers = Array(repeating: "2", count: 150).joined(separator: " ** ")
        #expect(tree(powers).hasPrefix("(** 2 (** 2"))
    }

    @Test func longFlatInputParses() {
        let list = "[" + Array(repeating: "1", count: 20_000).joined(separator: ", ") + "]"
        #expect(tree(list).hasPrefix("(list 1 1 1"))
        let statements = Array(repeating: "x = 1", count: 20_000).joined(separator: "\n")
        #expect((try? Parser.parse(statements))?.statements.count == 20_000)
        let sum = Array(repeating: "x", count: 150).joined(separator: " + ")
        #expect(tree(sum).hasPrefix("(+ (+ (+"))
    }

    /// Operator and postfix chains are read in a loop, so they do not count as nesting; they still make
    /// the tree deeper for the stages that walk it, so one chain stops at `Parser.maxTreeDepth` (a tree
    /// that deep is still freed and walked within a 1 MiB stack, as the kernel's threads have).
    @Test func longChainsParseUpToTheTreeLimit() {
        let sum = Array(repeating: "x", count: 1_500).joined(separator: " + ")
        #expect(tree(sum).hasPrefix("(+ (+ (+"))
        let calls = "a" + String(repeating: ".b()", count: 900)
        #expect(tree(calls).hasPrefix("(call (. (call"))
        let tooLong = Array(repeating: "x", count: Parser.maxTreeDepth + 10).joined(separator: " + ")
        #expect(tree(tooLong).hasPrefix("error: expression too long"))
        let tooLongChain = "a" + String(repeating: ".b", count: Parser.maxTreeDepth + 10)
        #expect(tree(tooLongChain).hasPrefix("error: expression too long"))
    }

    /// The kernel checks completeness on a thread with a 1 MiB stack: the deepest tree the parser
    /// allows is built and freed there without overflowing it.
    @Test func theDeepestTreeFitsASmallStack() {
        let sum = Array(repeating: "x", count: Parser.maxTreeDepth - 5).joined(separator: " + ")
        let calls = "a" + String(repeating: ".b()", count: Parser.maxTreeDepth / 2 - 5)
        let done = DispatchSemaphore(value: 0)
        // Written by the thread before it signals, read after the wait: the semaphore orders the two.
        nonisolated(unsafe) var parsed = 0
        let thread = Thread {
            for text in [sum, calls] where (try? Parser.parse(Source(text, kind: .cell(1)))) != nil {
                parsed += Completeness.check(text) == .complete ? 1 : 0
            }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
        done.wait()
        #expect(parsed == 2)
    }
}
