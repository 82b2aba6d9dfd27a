import Testing
@testable import Script

/// `+=` (and `x = x + y`) on strings and lists grows the value where it is, instead of copying it at
/// each step, and changes nothing another variable can see. The copies are counted through the
/// values' buffers, never timed: a string that is copied moves to a new buffer at every append, one
/// that grows in place only when its buffer doubles; a list grown in place stays the same list.
@Suite struct InPlaceJoinTests {
    /// Runs `code` with `probe(x)` recording where each value it is given keeps its contents; returns
    /// what the program printed and the addresses, one per probe.
    func probed(_ code: String) throws -> (output: String, addresses: [UInt]) {
        var addresses: [UInt] = []
        let (_, output, _) = try runCell(code) { vm in
            vm.globals.define("probe", .function(NativeFunction(Signature("probe", ["x"], "records where x is.")) { a, _ in
                switch try a.value("x") {
                case .string(let s):
                    addresses.append(s.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) } ?? 0)
                case .list(let l): addresses.append(UInt(bitPattern: ObjectIdentifier(l).hashValue))
                default: addresses.append(0)
                }
                return .null
            }))
        }
        return (output, addresses)
    }

    /// How many times consecutive probes saw a different buffer.
    func moves(_ addresses: [UInt]) -> Int {
        zip(addresses, addresses.dropFirst()).filter { $0 != $1 }.count
    }

    static let steps = 2_000

    @Test(arguments: [
        // A global, a function's local, a captured variable, and `s = s + …`.
        "var s = \"\"\nfor i in 0..<\(steps) { s += \"ab\"; probe(s) }\nprint(len(s))",
        "fn f() { var s = \"\"\nfor i in 0..<\(steps) { s += \"ab\"; probe(s) }\nlen(s) }\nprint(f())",
        "fn f() { var s = \"\"\nlet g = fn() { s }\nfor i in 0..<\(steps) { s += \"ab\"; probe(s) }\nlen(g()) }\nprint(f())",
        "var s = \"\"\nfor i in 0..<\(steps) { s = s + \"ab\"; probe(s) }\nprint(len(s))",
        // An item of a list, an entry of a dictionary, a layer's field.
        "var xs = [\"\"]\nfor i in 0..<\(steps) { xs[0] += \"ab\"; probe(xs[0]) }\nprint(len(xs[0]))",
        "var d = [\"k\": \"\"]\nfor i in 0..<\(steps) { d[\"k\"] += \"ab\"; probe(d[\"k\"]) }\nprint(len(d[\"k\"]))",
        "layer L() { var s = \"\"\nfn add() { self.s += \"ab\" } }\nlet l = L()\nfor i in 0..<\(steps) { l.add(); probe(l.s) }\nprint(len(l.s))",
    ])
    func aStringBuiltByAppendingIsNotCopiedAtEachStep(_ code: String) throws {
        let (output, addresses) = try probed(code)
        #expect(output == "\(2 * Self.steps)\n")
        #expect(addresses.count == Self.steps)
        // Copying moves it at every step; growing in place about once per doubling of its size.
        #expect(moves(addresses) < 100)
    }

    @Test(arguments: [
        "var xs = []\nfor i in 0..<\(steps) { xs += [i]; probe(xs) }\nprint(len(xs), xs[-1])",
        "var xs = []\nfor i in 0..<\(steps) { xs = xs + [i]; probe(xs) }\nprint(len(xs), xs[-1])",
        "fn f() { var xs = []\nfor i in 0..<\(steps) { xs += [i]; probe(xs) }\nxs }\nlet xs = f()\nprint(len(xs), xs[-1])",
        "var d = [\"k\": []]\nfor i in 0..<\(steps) { d[\"k\"] += [i]; probe(d[\"k\"]) }\nlet xs = d[\"k\"]\nprint(len(xs), xs[-1])",
    ])
    func aListBuiltByAddingIsTheSameList(_ code: String) throws {
        let (output, addresses) = try probed(code)
        #expect(output == "\(Self.steps) \(Self.steps - 1)\n")
        #expect(Set(addresses.dropFirst()).count == 1)
    }

    @Test(arguments: [
        // Another variable holding the same list or string sees no change.
        ("var a = [1]\nvar b = a\nb += [2]\nprint(a, b)", "[1] [1, 2]"),
        ("var a = \"x\"\nvar b = a\nb += \"y\"\nprint(a, b)", "x xy"),
        ("let a = [1]\nvar b = a\nb = b + [2]\nprint(a, b)", "[1] [1, 2]"),
        ("let inner = [1]\nvar outer = [inner]\nouter[0] += [2]\nprint(inner, outer)", "[1] [[1, 2]]"),
        ("var a = [1]\nlet f = fn() { a }\nvar b = f()\nb += [2]\nprint(a, b, f())", "[1] [1, 2] [1]"),
        // The value added may be the value itself.
        ("var a = [1, 2]\na += a\nprint(a)", "[1, 2, 1, 2]"),
        ("var s = \"ab\"\ns += s\ns = s + s\nprint(s)", "abababab"),
        // A loop over a list keeps seeing the list it started with.
        ("var xs = [1, 2]\nfor x in xs { xs += [x * 10] }\nprint(xs)", "[1, 2, 10, 20]"),
        // The right side may change the variable: the old value is joined, as `+` would.
        ("var s = \"a\"\nfn f() { s = \"zzz\"; \"b\" }\ns += f()\nprint(s)", "ab"),
        ("var xs = [1]\nfn f() { xs = [9]; [2] }\nxs += f()\nprint(xs)", "[1, 2]"),
        // The index of an item is evaluated once.
        ("var k = 0\nfn at() { k += 1; 0 }\nvar xs = [\"a\"]\nxs[at()] += \"b\"\nprint(k, xs)", "1 [\"ab\"]"),
        // Other operators and types keep their meaning.
        ("var n = 2\nn = n + 3\nn *= 4\nn -= 1\nn /= 2\nprint(n)", "9.5"),
        ("var s = \"ab\"\ns *= 2\nprint(s)", "abab"),
        ("var xs = [1]\nxs *= 3\nprint(xs)", "[1, 1, 1]"),
    ])
    func joiningInPlaceChangesNothingElse(_ code: String, _ expected: String) throws {
        #expect(try runCell(code).output == expected + "\n")
    }

    @Test func aFailedJoinLeavesTheVariableAsItWas() throws {
        let vm = Interpreter()
        CoreLibrary.install(into: vm)
        vm.output = { _ in }
        _ = try vm.run(Source("var s = \"a\"\nvar xs = [1]\nvar d = [\"k\": \"v\"]", kind: .cell(1)))
        for (i, code) in ["s += 1", "xs += \"b\"", "d[\"k\"] += [1]", "s = s + nil"].enumerated() {
            #expect(throws: ScriptError.self) { try vm.run(Source(code, kind: .cell(i + 2))) }
        }
        #expect(try vm.run(Source("[s, xs, d]", kind: .cell(9)))?.repr == "[\"a\", [1], [\"k\": \"v\"]]")
    }

    @Test func anOperatorErrorPointsAtTheStatement() throws {
        do {
            _ = try runCell("var s = \"a\"\ns += 1")
            Issue.record("no error")
        } catch let error as ScriptError {
            #expect(error.kind == "TypeError")
            #expect(error.message == "unsupported operand types for +: string and number")
            #expect(error.location.line == 2)
        }
    }
}
