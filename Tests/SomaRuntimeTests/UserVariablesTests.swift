import Script
@testable import SomaRuntime
import Testing

@Suite struct UserVariablesTests {
    @Test func listsWhatTheUserDefinedIncludingRedefinedBuiltins() throws {
        let runtime = Runtime()
        runtime.output = { _ in }
        _ = try runtime.run("let width = 3\nlet accuracy = 0.5\nfn double(x) { x * 2 }", as: .input(1))
        let names = runtime.userVariables.map(\.name)
        #expect(names.sorted() == ["accuracy", "double", "width"])
    }

    @Test func forgetsThemAfterReset() throws {
        let runtime = Runtime()
        runtime.output = { _ in }
        _ = try runtime.run("let accuracy = 0.5", as: .input(1))
        runtime.reset()
        #expect(runtime.userVariables.isEmpty)
    }
}
