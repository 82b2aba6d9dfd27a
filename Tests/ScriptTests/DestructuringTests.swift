import Testing
@testable import Script

/// Unpacking patterns, list comprehensions and the collection builtins.
@Suite struct DestructuringTests {
    func run(_ cells: [String]) throws -> Value? {
        let vm = Interpreter()
        CoreLibrary.install(into: vm)
        vm.output = { _ in }
        var last: Value?
        for (i, code) in cells.enumerated() { last = try vm.run(Source(code, kind: .cell(i + 1))) }
        return last
    }

    func repr(_ code: String) throws -> String? { try run([code])?.repr }

    func failure(_ code: String) -> ScriptError? {
        do { _ = try run([code]); return nil } catch { return error as? ScriptError }
    }

    @Test(arguments: [
        ("let [a, b] = xs", "(let [a b] xs)"),
        ("var [[a, b], c] = f()", "(var [[a b] c] (call f))"),
        ("let [a,\n b,\n] = xs", "(let [a b] xs)"),
        ("for [i, x] in enumerate(xs) { }", "(for [i x] (call enumerate xs) (block))"),
        ("[a, b] = [b, a]", "(= (list a b) (list b a))"),
        ("[x * x for x in xs]", "(for-list (* x x) x xs)"),
        ("[k for [k, v] in d if v > 0]", "(for-list k [k v] d (if (> v 0)))"),
        ("[[a, b] for a in xs if a > 0 for b in a if b < 1 if b > -1]", "(for-list (list a b) a xs (if (> a 0)) b a (if (and (< b 1) (> b (- 1)))))"),
    ])
    func parses(source: String, expected: String) {
        #expect(tree(source) == expected)
    }

    @Test(arguments: [
        ("let [] = xs", "an unpacking pattern needs at least one name: [a, b]"),
        ("let [a, 1] = xs", "expected a name or '[' in the unpacking pattern, found '1'"),
        ("let [a, b] xs", "expected '=' and a value after 'let […]', found 'xs'"),
        ("for [a, b] xs { }", "expected 'in' after 'for […]', found 'xs'"),
        ("[f(), b] = [1, 2]", "'=' cannot assign to this expression: only a name, a member (a.b) or an element (a[i]) can be assigned"),
    ])
    func reportsBadPatterns(source: String, message: String) {
        #expect(tree(source) == "error: " + message)
    }

    @Test func anErrorInAComprehensionIsReportedOnce() {
        #expect(tree("[x + for x in xs]") == "error: expected an expression, found keyword 'for'")
        #expect(tree("let ys = [x * for x in xs]\nprint(ys)") == "error: expected an expression, found keyword 'for'")
    }

    @Test func incompletePatternsAndComprehensionsReadOn() {
        #expect(Completeness.check("let [a,") == .incomplete(indent: "    "))
        #expect(Completeness.check("[x for x in") == .incomplete(indent: "    "))
        #expect(Completeness.check("for [k, v] in d {") == .incomplete(indent: "    "))
        #expect(Completeness.check("let [a, b] = [1, 2]") == .complete)
        #expect(Completeness.check("[x for x in xs if x > 0]") == .complete)
    }

    @Test func topLevelNamesOutliveTheirCell() throws {
        #expect(try run(["let [a, [b, c]] = [1, [2, 3]]", "a + b + c"])?.repr == "6")
        #expect(try run(["var [a, b] = [1, 2]", "[a, b] = [b, a]", "[a, b]"])?.repr == "[2, 1]")
    }

    @Test func aMismatchNamesTheCountsAndTheLine() throws {
        let error = try #require(failure("let ok = 1\nlet [a, b] = [1, 2, 3]"))
        #expect(error.kind == "ValueError")
        #expect(error.message == "cannot unpack 3 values into 2 names")
        #expect(error.location.line == 2)
    }

    @Test func aFailedUnpackKeepsEarlierNames() throws {
        let vm = Interpreter()
        CoreLibrary.install(into: vm)
        try vm.run(Source("let kept = 5", kind: .cell(1)))
        #expect(throws: ScriptError.self) { try vm.run(Source("let [x, y] = 3", kind: .cell(2))) }
        #expect(try vm.run(Source("kept", kind: .cell(3)))?.repr == "5")
    }

    @Test func loopVariablesAreFreshEachIteration() throws {
        #expect(try repr("var fs = []\nfor [i, x] in enumerate([5, 6]) { fs.append(fn() { i + x }) }\nfs.map(fn(f) { f() })") == "[5, 7]")
        #expect(try repr("[fn() { i } for i in 0..<3].map(fn(f) { f() })") == "[0, 1, 2]")
    }

    @Test func dictionariesGivePairsToAPatternAndKeysToAName() throws {
        #expect(try repr("[[k, v] for [k, v] in [\"a\": 1, \"b\": 2]]") == "[[\"a\", 1], [\"b\", 2]]")
        #expect(try repr("[k for k in [\"a\": 1]]") == "[\"a\"]")
    }

    @Test func aReturnInsideAComprehensionEndsTheFunction() throws {
        #expect(try repr("fn f() { [if x > 1 { return x } else { x } for x in 0..<5] }\nf()") == "2")
        #expect(try repr("fn f() { [if b == 2 { return [a, b] } else { 0 } for a in 0..<2 for b in 0..<3] }\nf()") == "[0, 2]")
    }

    @Test func breakAndContinueWorkInDestructuringLoops() throws {
        #expect(try repr("var s = 0\nfor [i, x] in enumerate([1, 2, 3, 4]) { if i == 0 { continue }\nif i == 3 { break }\ns += x }\ns") == "5")
    }

    @Test func sortedIsStableBothWays() throws {
        #expect(try repr("sorted([[1, \"a\"], [0, \"b\"], [1, \"c\"]], key: fn(p) { p[0] }, reverse: true)")
                == "[[1, \"a\"], [1, \"c\"], [0, \"b\"]]")
    }

    @Test func builtinsTakeLabels() throws {
        #expect(try repr("reduce(items: [1, 2], function: fn(a, b) { a + b }, initial: 10)") == "13")
        #expect(try repr("map(items: [1], function: str)") == "[\"1\"]")
    }
}
