import Foundation
import Testing
@testable import Script

/// `shell(command)` and the `!command` lines of the REPL and notebooks.
@Suite struct ShellTests {
    func run(_ code: String) throws -> (value: Value?, output: String, errors: String) {
        try runCell(code)
    }

    @Test func showsOutputAndReturnsTheStatus() throws {
        let r = try run("shell(\"echo out; echo err >&2; exit 4\")")
        #expect(r.output == "out\n")
        #expect(r.errors == "err\n")
        guard case .number(let status)? = r.value else { Issue.record("no status"); return }
        #expect(status == 4)
    }

    @Test func capturesTheStandardOutput() throws {
        let r = try run("shell(\"printf 'a é\\\\nb'\", capture: true)")
        guard case .string(let text)? = r.value else { Issue.record("no text"); return }
        #expect(text == "a é\nb")
        #expect(r.output.isEmpty)
    }

    @Test func readsNothingFromTheTerminal() throws {
        let r = try run("shell(\"cat\", capture: true)")
        guard case .string(let text)? = r.value else { Issue.record("no text"); return }
        #expect(text.isEmpty)
    }

    @Test func anInterruptStopsTheCommandAndItsChildren() throws {
        let vm = Interpreter()
        CoreLibrary.install(into: vm)
        let handle = vm.interruption
        let started = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { handle.request() }
        do {
            _ = try vm.run(Source("shell(\"sleep 30 & sleep 30; echo never\")", kind: .cell(1)))
            Issue.record("not interrupted")
        } catch let error as ScriptError {
            #expect(error.kind == "Interrupted")
        }
        // Not a timing assertion on speed: only that it did not wait for the 30-second sleeps.
        #expect(Date().timeIntervalSince(started) < 25)
        // The session goes on.
        #expect(try run("1 + 1").value.map { if case .number(2) = $0 { true } else { false } } == true)
    }

    @Test(arguments: [
        ("!ls -l", "shell(\"ls -l\"); nil"),
        ("  !echo \"hi\" \\n", "  shell(\"echo \\\"hi\\\" \\\\n\"); nil"),
        ("!echo \\(x + 1) done", "shell(\"echo \\(x + 1) done\"); nil"),
        ("let a = 1\n!pwd", "let a = 1\nshell(\"pwd\"); nil"),
        ("for f in files {\n    !echo hi\n}", "for f in files {\n    !echo hi\n}"),
        ("let ok = [\n  !flag\n]", "let ok = [\n  !flag\n]"),
        ("let ok = flag and\n  !other", "let ok = flag and\n  !other"),
        ("f(a,\n!b)", "f(a,\n!b)"),
        ("let s = \"a\n!b\"", "let s = \"a\n!b\""),
        ("!= 3", "!= 3"),
        ("if !done { 1 }", "if !done { 1 }"),
    ])
    func expandsOnlyTopLevelLines(code: String, expected: String) {
        #expect(ShellLines.expand(code) == expected)
    }

    @Test func anExpandedLineRuns() throws {
        let r = try run(ShellLines.expand("let name = \"soma\"\n!echo hello \\(name)"))
        #expect(r.output == "hello soma\n")
    }

    @Test(arguments: ["shell(\"  \")", "shell(\"a\\0b\")"])
    func badCommandsAreValueErrors(code: String) {
        #expect(throws: ScriptError.self) { try run(code) }
    }
}
