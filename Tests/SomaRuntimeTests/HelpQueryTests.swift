import Testing
@testable import Script
@testable import SomaRuntime

/// `help(x)` prints into the output (a notebook keeps it); `?x` and `x?` alone ask for the pager.
@Suite struct HelpQueryTests {
    final class Captured {
        var output = ""
        var paged: [String] = []
    }

    func runtime(pager: Bool) -> (Runtime, Captured) {
        let runtime = Runtime()
        let captured = Captured()
        runtime.output = { captured.output += $0 }
        if pager { runtime.interpreter.pager = { captured.paged.append($0) } }
        return (runtime, captured)
    }

    @Test func helpPrintsEvenWhereThereIsAPager() throws {
        let (runtime, captured) = runtime(pager: true)
        #expect(try runtime.run("help(zeros)", as: .cell(1)) == nil)
        #expect(captured.output.hasPrefix("zeros(shape"))
        #expect(captured.paged.isEmpty)
    }

    @Test func aQuestionMarkPagesTheDocumentation() throws {
        let (runtime, captured) = runtime(pager: true)
        #expect(try runtime.run("?zeros", as: .cell(1)) == nil)
        #expect(try runtime.run("  ones?\n", as: .cell(2)) == nil)
        #expect(captured.paged.count == 2)
        #expect(captured.paged[0].hasPrefix("zeros(shape"))
        #expect(captured.paged[1].hasPrefix("ones(shape"))
        #expect(captured.output.isEmpty)
    }

    @Test func withoutAPagerTheDocumentationIsPrinted() throws {
        let (runtime, captured) = runtime(pager: false)
        _ = try runtime.run("let model = Linear(2, 1)", as: .cell(1))
        _ = try runtime.run("model.parameters?", as: .cell(2))
        #expect(captured.output.hasPrefix("parameters() — every parameter tensor"), "\(captured.output)")
    }

    @Test func anUnknownNameIsANameError() {
        let (runtime, _) = runtime(pager: true)
        #expect { try runtime.run("?nosuch", as: .cell(1)) } throws: { ($0 as? ScriptError)?.kind == "NameError" }
    }

    @Test func onlyANameOrAMemberPathIsAQuery() {
        #expect(Runtime.helpQuery("?zeros") == "zeros")
        #expect(Runtime.helpQuery("model.fc1.weight?") == "model.fc1.weight")
        for code in ["?", "??", "x ? y", "?1x", "?a..b", "f(x)?", "?a\nb", "let x = 1", "?x?"] {
            #expect(Runtime.helpQuery(code) == nil, "\(code)")
        }
    }
}
