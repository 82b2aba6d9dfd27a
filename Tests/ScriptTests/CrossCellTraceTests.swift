import Testing
@testable import Script

/// An error inside code written in an earlier cell is shown where it was written, with each call that
/// led there quoted from its own cell, innermost first, as a traceback does.
@Suite struct CrossCellTraceTests {
    /// Runs `cells` one after another in one interpreter; returns the error the last one raised.
    func failure(_ cells: [String], setUp: (Interpreter) -> Void = { _ in }) throws -> ScriptError {
        let vm = Interpreter()
        vm.output = { _ in }
        setUp(vm)
        for (i, code) in cells.dropLast().enumerated() { try vm.run(Source(code, kind: .cell(i + 1))) }
        do {
            try vm.run(Source(cells.last!, kind: .cell(cells.count)))
        } catch let error as ScriptError {
            return error
        }
        Issue.record("the last cell ran without an error")
        return ScriptError("None", "")
    }

    @Test func aFunctionFromAnEarlierCellIsQuotedFromThatCell() throws {
        let error = try failure(["fn scale(x) {\n    let y = x * 2\n    return y.size\n}", "let a = 1\nscale(a)"])
        #expect(error.function == "scale")
        #expect(error.location.line == 3)
        let text = error.render()
        #expect(text.contains("--> cell 1, line 3, in scale\n   |\n 3 |     return y.size\n   |            ^^^^^^"), "\(text)")
        #expect(text.contains("called from cell 2, line 2\n   |\n 2 | scale(a)\n   | ^^^^^^^^"), "\(text)")
    }

    @Test func callsAreListedInnermostFirstWithTheFunctionHoldingEach() throws {
        let error = try failure([
            "fn inner(x) { x.missing }",
            "layer Box(n) {\n    fn forward(x) { inner(x) * n }\n}",
            "let b = Box(2)",
            "b(3)",
        ])
        let lines = error.render().split(separator: "\n").map(String.init)
        let places = lines.filter { $0.hasPrefix("  --> ") || $0.hasPrefix("  called from ") }
        #expect(places == [
            "  --> cell 1, line 1, in inner",
            "  called from cell 2, line 2, in Box.forward",
            "  called from cell 4, line 1",
        ])
    }

    @Test func aDefaultArgumentIsPartOfItsFunction() throws {
        let error = try failure(["fn f(x, k = [].first) { x }", "f(1)"])
        #expect(error.function == "f")
        #expect(error.source?.describe(error.location) == "cell 1, line 1")
        #expect(error.trace.map { $0.source?.describe($0.location) } == ["cell 2, line 1"])
    }

    @Test func aCallbackAHostMakesKeepsTheCallThatReachedTheHost() throws {
        let error = try failure(["fn callback() {\n    nil.value\n}", "apply(callback)"]) { vm in
            vm.globals.define("apply", .function(NativeFunction(Signature("apply", ["f"], "calls f.")) { a, vm in
                try vm.call(try a.value("f"), Arguments())
            }))
        }
        let text = error.render()
        #expect(text.contains("--> cell 1, line 2, in callback"), "\(text)")
        #expect(text.contains("called from cell 2, line 1\n   |\n 1 | apply(callback)"), "\(text)")
    }

    @Test func theCellThatCalledGetsItsSourceBackAfterTheCall() throws {
        // A function from cell 1 returns normally; the error after it must quote cell 2, not cell 1.
        let error = try failure(["fn id(x) { x }", "let v = id(1)\nv.nothing"])
        #expect(error.function == nil)
        #expect(error.render().contains("--> cell 2, line 2\n   |\n 2 | v.nothing"))
    }

    @Test func recursionInAnEarlierCellIsCountedNotRepeated() throws {
        let error = try failure(["fn down(n) {\n    if n == 0 { return n.nothing }\n    return down(n - 1)\n}", "down(50)"])
        let text = error.render()
        #expect(text.contains("called from cell 1, line 3, in down"))
        #expect(text.contains("[previous frame repeated 49 more times]"), "\(text)")
        #expect(text.contains("called from cell 2, line 1"))
    }
}
