import Testing
@testable import Script

/// Tracebacks stay readable however deep the calls went.
@Suite struct ScriptErrorTraceTests {
    let source = Source("fn f(n) { f(n + 1) }\nfn g(n) { h(n) }\nfn h(n) { g(n) }\nf(0)\n", kind: .file("deep.soma"))

    func error(_ frames: [(String, Int)]) -> ScriptError {
        var e = ScriptError("RecursionError", "too deep", at: SourceLocation(line: 1, column: 11), in: source)
        e.trace = frames.map { ScriptError.CallSite(SourceLocation(line: $0.1, column: 11), in: source, function: $0.0) }
        return e
    }

    @Test func repeatedFramesAreShownOnceWithACount() {
        let text = error([("f", 4)] + Array(repeating: ("f", 1), count: 3999)).render()
        #expect(text.contains("[previous frame repeated 3998 more times]"))
        #expect(text.split(separator: "\n").count < 20)
    }

    @Test func aLongChainKeepsItsEndsAndCountsTheRest() {
        let frames = (0..<1000).map { $0 % 2 == 0 ? ("g", 3) : ("h", 2) }
        let lines = error(frames).render().split(separator: "\n").map(String.init)
        let calls = lines.filter { $0.hasPrefix("  called from ") }
        #expect(calls.count == 2 * ScriptError.traceFramesShown)
        #expect(lines.contains("  … 990 frames omitted …"))
    }

    @Test func aShortTraceIsShownWhole() {
        let lines = error([("g", 3), ("h", 2), ("g", 3)]).render().split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("  called from ") }.count == 3)
        #expect(!lines.contains { $0.contains("omitted") || $0.contains("repeated") })
    }
}
