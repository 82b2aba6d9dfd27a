import Testing
@testable import Script

/// Lists, dictionaries and strings have one member table each: calls, labels, errors, help and
/// completion all come from it.
@Suite struct MemberTableTests {
    func run(_ code: String) throws -> (value: Value?, output: String) {
        let r = try runCell(code)
        return (r.value, r.output)
    }

    func failure(_ code: String) -> String? {
        do { _ = try run(code); return nil } catch { return (error as? ScriptError)?.description }
    }

    @Test func methodsTakeTheirArgumentsByPositionOrLabel() throws {
        #expect(try run("let xs = [3, 1, 2]\nxs.sort(reverse: true)\nxs").value?.repr == "[3, 2, 1]")
        #expect(try run("let d = [\"a\": 1]\nd.get(\"b\", default: 7)").value?.repr == "7")
        #expect(try run("\"a-b\".split(separator: \"-\")").value?.repr == "[\"a\", \"b\"]")
        #expect(try run("[1, 2].map(fn(x) { x * 10 })").value?.repr == "[10, 20]")
    }

    @Test func aMethodReadAsAValueIsTheSameMethodBound() throws {
        #expect(try run("let xs = []\nlet add = xs.append\nadd(1)\nadd(value: 2)\nxs").value?.repr == "[1, 2]")
    }

    @Test func mistakesNameTheMethod() {
        #expect(failure("[1].append()") == "TypeError: append is missing its argument 'value'")
        #expect(failure("[1].append(valu: 2)") == "TypeError: append has no parameter 'valu' (parameters: value)")
        #expect(failure("\"x\".upper(1)") == "TypeError: upper takes no arguments")
        #expect(failure("[1].apend(2)") == "TypeError: a list has no member 'apend'; did you mean 'append'?")
    }

    @Test func helpShowsTheDeclaration() throws {
        #expect(try run("help([].append)").output == "append(value) — adds value at the end.\n")
        #expect(try run("help(\"\".split)").output == "split(separator: white space) — the pieces between separators.\n")
        #expect(Methods.listMembers.entries.contains { $0 == ("count", "the number of items.") })
    }

    @Test func completionOffersEveryMember() {
        #expect(Methods.names(of: .list(ListStorage([]))).contains("append"))
        #expect(Methods.names(of: .string("")) == Methods.stringMembers.names)
        #expect(Methods.names(of: .range(0, 3)) == ["count", "lowerBound", "upperBound"])
    }

    @Test func oneCallSiteServesValuesOfEveryKind() throws {
        // A call site remembers the member it found last; values of another kind take their own.
        let code = """
            fn copyOf(v) { v.copy() }
            fn hasOne(v) { v.contains(1) }
            var out = []
            for v in [[1, 2], ["a": 1], [3], ["b": 2]] { out.append([copyOf(v), hasOne(v)]) }
            out
            """
        #expect(try run(code).value?.repr == #"[[[1, 2], true], [["a": 1], false], [[3], false], [["b": 2], false]]"#)
        #expect(failure("fn f(v) { v.keys() }\nf([\"a\": 1])\nf([1])") == "TypeError: a list has no member 'keys'")
    }

    @Test func aCallByPositionReadsItsArgumentsThenTheDefaults() throws {
        #expect(try run("let d = [\"a\": 1]\n[d.get(\"a\"), d.get(\"b\"), d.get(\"b\", 5)]").value?.repr == "[1, nil, 5]")
        #expect(try run("let xs = [2, 1, 3]\nxs.sort()\nxs").value?.repr == "[1, 2, 3]")
    }

    @Test func anErrorInsideAMethodCallbackKeepsTheCallSite() throws {
        let vm = Interpreter()
        try vm.run(Source("fn bad(x) { x.nope }", kind: .cell(1)))
        do {
            try vm.run(Source("[1].map(bad)", kind: .cell(2)))
            Issue.record("no error")
        } catch let error as ScriptError {
            #expect(error.function == "bad")
            #expect(error.trace.map { $0.source?.describe($0.location) } == ["cell 2, line 1"])
        }
    }
}
