import Foundation
import Script
@testable import SomaRuntime
import Testing

/// `_`, `_N`, `In` and `Out`. The history is fed directly, as the REPL and the kernel feed it around a
/// run: running code would touch the process-wide interrupt flag that other suites raise meanwhile.
@Suite struct HistoryTests {
    func number(_ value: Value?) -> Double? {
        if case .number(let n)? = value { return n }
        return nil
    }

    @Test func resultsGoToUnderscoreNumberedNamesAndOut() throws {
        let runtime = Runtime()
        runtime.remember(input: "40 + 2", number: 1)
        runtime.remember(result: .number(42), number: 1)
        runtime.remember(input: "let x = 1", number: 2)  // shows nothing
        runtime.remember(input: "7", number: 3)
        runtime.remember(result: .number(7), number: 3)
        let globals = runtime.interpreter.globals
        #expect(number(globals.get("_")) == 7)
        #expect(number(globals.get("_1")) == 42)
        #expect(globals.get("_2") == nil)
        guard case .dictionary(let out)? = globals.get("Out"), case .list(let inputs)? = globals.get("In") else {
            Issue.record("no In or Out")
            return
        }
        #expect(number(try out.get(.number(1))) == 42)
        #expect(out.count == 2)
        #expect(inputs.items.map(\.text) == ["", "40 + 2", "let x = 1", "7"])
    }

    @Test func anUnderscoreTheUserBoundStaysTheirs() {
        let runtime = Runtime()
        runtime.remember(result: .number(1), number: 1)
        runtime.interpreter.globals.define("_", .string("mine"), constant: true)
        runtime.remember(result: .number(2), number: 2)
        #expect(runtime.interpreter.globals.get("_")?.text == "mine")
        #expect(number(runtime.interpreter.globals.get("_2")) == 2)
    }

    @Test func keepsOnlyTheLatestResults() throws {
        let runtime = Runtime()
        let total = History.keptResults + 5
        for n in 1...total { runtime.remember(result: .number(Double(n)), number: n) }
        let globals = runtime.interpreter.globals
        #expect(globals.get("_5") == nil)
        #expect(number(globals.get("_6")) == 6)
        #expect(number(globals.get("_\(total)")) == Double(total))
        guard case .dictionary(let out)? = globals.get("Out") else { Issue.record("no Out"); return }
        #expect(out.count == History.keptResults)
        #expect(try out.get(.number(5)) == nil)
    }

    @Test func historyIsNoUserVariableAndResetForgetsIt() {
        let runtime = Runtime()
        runtime.remember(input: "1", number: 1)
        runtime.remember(result: .number(1), number: 1)
        #expect(runtime.userVariables.isEmpty)
        runtime.reset()
        #expect(runtime.interpreter.globals.get("_1") == nil)
        #expect(runtime.interpreter.globals.get("Out") == nil)
    }
}
