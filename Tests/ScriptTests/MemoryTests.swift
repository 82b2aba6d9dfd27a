import Testing
@testable import Script

/// Closures and layer instances are freed by reference counting alone: nothing the language makes
/// forms a cycle unless the program itself builds one.
@Suite struct MemoryTests {
    /// How many trackers of one test are alive (each test has its own, so tests may run in parallel).
    final class Census { var alive = 0 }

    /// A host object that counts itself in its census while it lives.
    final class Tracker: ScriptObject {
        let census: Census
        var typeName: String { "tracker" }
        init(_ census: Census) { self.census = census; census.alive += 1 }
        deinit { census.alive -= 1 }
    }

    /// An interpreter where `track()` makes a tracker counted in `census`.
    static func interpreter(_ census: Census) -> Interpreter {
        let vm = Interpreter()
        vm.globals.define("track", .function(NativeFunction(Signature("track", [], "a tracked object.")) { _, _ in .object(Tracker(census)) }))
        return vm
    }

    /// Runs `code` and returns how many trackers outlive the interpreter.
    static func survivors(_ code: String) throws -> Int {
        let census = Census()
        try interpreter(census).run(Source(code, kind: .file("memory.soma")))
        return census.alive
    }

    @Test(arguments: [
        // A helper closure stored in a local: the frame it uses must not be kept by it.
        "fn step() { let t = track()\n let helper = fn(y) { y * 2 }\n helper(1) }\nfor i in 0..<50 { step() }",
        // A recursive local function reads itself as the running function.
        "fn step() { let t = track()\n fn down(n) { if n == 0 { 0 } else { down(n - 1) } }\n down(3) }\nfor i in 0..<50 { step() }",
        // A closure that uses a local and is returned, then dropped.
        "fn make() { let t = track()\n fn() { t } }\nfor i in 0..<50 { let f = make()\n f() }",
        // Closures made in a loop capture each iteration's variable.
        "fn step() { var fs = []\n for i in 0..<5 { let t = track()\n fs.append(fn() { t }) }\n fs }\nfor i in 0..<10 { step() }",
        // Nested closures capture through the function in between.
        "fn outer() { let t = track()\n fn middle() { fn() { t } }\n middle()() }\nfor i in 0..<20 { outer() }",
    ])
    func closuresFreeWhatTheyCapture(_ code: String) throws {
        #expect(try Self.survivors(code) == 0)
    }

    @Test func layerInstancesAreFreedWithTheirMethodsAndSelf() throws {
        let code = """
        layer Block(d) {
            let t = track()
            var calls = 0
            fn helper(x) { x + d }
            fn forward(x) { calls += 1
                if x > 100 { x } else { self.forward(helper(x) * 2) } }
        }
        layer Net() {
            let blocks = [Block(1), Block(2)]
            let table = ["a": Block(3)]
            fn forward(x) { blocks[1](blocks[0](x)) + table["a"](x) }
        }
        for i in 0..<30 { let n = Net()
            n(1) }
        """
        #expect(try Self.survivors(code) == 0)
    }

    @Test func whatTheProgramKeepsStaysAlive() throws {
        #expect(try Self.survivors("var keep = []\nfn make() { let t = track()\n fn() { t } }\nkeep.append(make())\nkeep.append(make())") == 0)
        let census = Census()
        let vm = Self.interpreter(census)
        try vm.run(Source("fn make() { let t = track()\n fn() { t } }\nlet keep = make()", kind: .file("keep.soma")))
        #expect(census.alive == 1)
        vm.globals.remove("keep")
        #expect(census.alive == 0)
    }

    @Test func aMethodThatOutlivesItsInstanceSaysSoForSelf() throws {
        let vm = Interpreter()
        try vm.run(Source("layer L() {\n fn me() { self }\n fn one() { 1 }\n}\nlet m = L().me\nlet o = L().one", kind: .file("gone.soma")))
        #expect(try vm.run(Source("o()", kind: .file("gone.soma"))).map { "\($0.text)" } == "1")
        #expect(throws: ScriptError.self) { try vm.run(Source("m()", kind: .file("gone.soma"))) }
    }
}
