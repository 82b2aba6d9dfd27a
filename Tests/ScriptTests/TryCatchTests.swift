import Testing
@testable import Script

/// `try`/`catch`/`finally` and `throw`: how they parse, what a catch handles, and what it never does.
@Suite struct TryCatchTests {
    /// Runs `code` in a fresh interpreter with the core library and `interrupt()`, which asks the
    /// interpreter to stop as Ctrl-C or a notebook's stop button would.
    func run(_ code: String) throws -> (value: Value?, output: String) {
        let r = try runCell(code) { vm in
            vm.globals.define("interrupt", .function(NativeFunction(Signature("interrupt", [], "interrupts")) { _, vm in
                vm.requestInterrupt()
                return .null
            }))
        }
        return (r.value, r.output)
    }

    func failure(_ code: String) -> ScriptError? {
        do { _ = try run(code); return nil } catch { return error as? ScriptError }
    }

    @Test(arguments: [
        ("try { f() } catch e { 1 }", "(try (block (call f)) (catch () e (block 1)))"),
        ("try { f() } catch { 1 }", "(try (block (call f)) (catch () (block 1)))"),
        ("try { f() } catch ShapeError e { 1 } catch e { 2 }",
         "(try (block (call f)) (catch (ShapeError) e (block 1)) (catch () e (block 2)))"),
        ("try { f() } catch ShapeError, ValueError e { 1 }", "(try (block (call f)) (catch (ShapeError ValueError) e (block 1)))"),
        ("try { f() } catch ShapeError, ValueError { 1 }", "(try (block (call f)) (catch (ShapeError ValueError) (block 1)))"),
        ("try { f() } finally { g() }", "(try (block (call f)) (finally (block (call g))))"),
        ("try {\n  f()\n}\ncatch e {\n  1\n}\nfinally {\n  g()\n}", "(try (block (call f)) (catch () e (block 1)) (finally (block (call g))))"),
        ("let x = try { f() } catch { 0 }", "(let x (try (block (call f)) (catch () (block 0))))"),
        ("throw error(\"ValueError\", \"m\")", "(throw (call error \"ValueError\" \"m\"))"),
    ])
    func parses(text: String, expected: String) {
        #expect(tree(text) == expected)
    }

    @Test func misplacedHandlersAreSyntaxErrors() {
        #expect(errors("catch e { }") == ["1:1 'catch' without a try block before it: write try { … } catch e { … }"])
        #expect(errors("x = 1 finally { }") == ["1:7 'finally' without a try block before it: write try { … } finally { … }"])
        #expect(errors("try { }\nx") == ["1:8 expected 'catch' or 'finally' after the try block, found end of line"])
        #expect(errors("try { } catch Interrupted e { }").first?.hasPrefix("1:15 interrupts cannot be caught") == true)
        #expect(errors("try { } catch MyError { }").first?.hasPrefix("1:15 'catch MyError { … }' would bind every error") == true)
        // A lone lowercase name is the error variable.
        #expect(errors("try { } catch oops { oops }").isEmpty)
    }

    @Test func theReplWaitsForTheRestOfATry() {
        #expect(Completeness.check("try {") == .incomplete(indent: "    "))
        #expect(Completeness.check("try { f() }") == .incomplete(indent: ""))
        #expect(Completeness.check("try {\n    f()\n}\n") == .incomplete(indent: ""))
        #expect(Completeness.check("try { f() } catch") == .incomplete(indent: ""))
        #expect(Completeness.check("try { f() } catch e {\n") == .incomplete(indent: "    "))
        #expect(Completeness.check("try { f() } catch e { 1 } finally {") == .incomplete(indent: "    "))
        #expect(Completeness.check("try { f() } catch e { 1 }") == .complete)
        #expect(Completeness.check("catch e { 1 }") == .invalid)
    }

    @Test func catchesByKindInOrder() throws {
        let code = """
        fn classify(f) {
            try { f() } catch ShapeError e { "shape" } catch ValueError, IndexError e { "value or index: \\(e.message)" } catch e { e.kind }
        }
        [classify(fn() { 1 / 0 }), classify(fn() { [:]["k"] }), classify(fn() { nothing }), classify(fn() { "fine" })]
        """
        #expect(try run(code).value?.repr == #"["value or index: division by zero", "value or index: key \"k\" is not in the dictionary", "NameError", "fine"]"#)
    }

    @Test func anUnhandledKindGoesOnOut() {
        let error = failure("try { throw error(\"KeyError\", \"k\") } catch ValueError e { 1 }")
        #expect(error?.description == "KeyError: k")
        #expect(error?.location.column == 7)
    }

    @Test func anInterruptPassesEveryCatchButRunsFinally() throws {
        let code = """
        var n = 0
        try {
            while true {
                n += 1
                if n == 3 { interrupt() }
            }
        } catch e {
            print("caught \\(e.kind)")
        } finally {
            print("finally at \\(n)")
        }
        """
        var output = ""
        let vm = Interpreter()
        CoreLibrary.install(into: vm)
        vm.globals.define("interrupt", .function(NativeFunction(Signature("interrupt", [], "interrupts")) { _, vm in
            vm.requestInterrupt()
            return .null
        }))
        vm.output = { output += $0 }
        #expect(throws: ScriptError.self) { try vm.run(Source(code, kind: .cell(1))) }
        #expect(output == "finally at 3\n")
        // The session lives on, its variables kept.
        #expect(try vm.run(Source("n", kind: .cell(2)))?.repr == "3")
    }

    @Test func finallyRunsOnEveryWayOut() throws {
        let code = """
        var log = []
        fn f(x) {
            for i in 0..<3 {
                try {
                    if x == "break" { break }
                    if x == "continue" { continue }
                    if x == "return" { return "r" }
                    if x == "throw" { throw error("ValueError", "t") }
                } finally { log.append("\\(x) \\(i)") }
            }
            "end"
        }
        let results = [f("break"), f("return"), try { f("throw") } catch e { e.message }]
        f("continue")
        [results, log]
        """
        #expect(try run(code).value?.repr == #"[["end", "r", "t"], ["break 0", "return 0", "throw 0", "continue 0", "continue 1", "continue 2"]]"#)
    }

    @Test func anErrorInFinallyReplacesThePendingOne() {
        #expect(failure("try { 1 / 0 } finally { nothing }")?.kind == "NameError")
    }

    @Test func rethrowKeepsThePlaceAndCalls() throws {
        let code = """
        fn inner() { throw error("ValueError", "deep") }
        fn outer() { try { inner() } catch e { throw e } }
        try { outer() } catch e { [e.location, e.function, e.trace] }
        """
        #expect(try run(code).value?.repr == #"["cell 1, line 1", "inner", ["cell 1, line 2, in outer", "cell 1, line 3"]]"#)
    }

    @Test func theErrorValueReportsAsAnUncaughtErrorPrints() throws {
        let report = try run("try { [1][3] } catch e { e.report }").value
        #expect(report?.text == "IndexError: index 3 is out of range for length 1\n  --> cell 1, line 1\n   |\n 1 | try { [1][3] } catch e { e.report }\n   |       ^^^^^^")
    }

    @Test func throwNeedsAnErrorValue() {
        let error = failure("throw \"oops\"")
        #expect(error?.description == "TypeError: throw needs an error value, made with error(kind, message), not a string")
    }

    @Test func aCatchVariableIsLocalToItsCatch() {
        #expect(failure("try { 1 / 0 } catch oops { }\noops")?.kind == "NameError")
    }

    @Test func closuresMadeInACatchKeepTheirError() throws {
        let code = """
        var fs = []
        for k in ["A", "B"] { try { throw error(k + "Error", k) } catch e { fs.append(fn() { e.kind }) } }
        fs.map(fn(f) { f() })
        """
        #expect(try run(code).value?.repr == #"["AError", "BError"]"#)
    }
}
