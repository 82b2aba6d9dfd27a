import Script
@testable import SomaRuntime
import Testing

/// Variables are defined straight into the globals: running code would touch the process-wide
/// interrupt flag that other suites raise at the same time.
@Suite struct UserVariablesTests {
    @Test func listsWhatTheUserDefinedIncludingRedefinedBuiltins() {
        let runtime = Runtime()
        runtime.interpreter.globals.define("width", .number(3))
        runtime.interpreter.globals.define("accuracy", .number(0.5))
        #expect(runtime.userVariables.map(\.name).sorted() == ["accuracy", "width"])
    }

    @Test func leavesOutBuiltinsTheUserLeftAlone() {
        // nan is not equal to itself, but it is still the builtin.
        #expect(Runtime().userVariables.isEmpty)
    }

    @Test func forgetsThemAfterReset() {
        let runtime = Runtime()
        runtime.interpreter.globals.define("accuracy", .number(0.5))
        runtime.reset()
        #expect(runtime.userVariables.isEmpty)
    }
}
