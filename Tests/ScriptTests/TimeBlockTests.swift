import Foundation
import Testing
@testable import Script

/// `time { … }`: a contextual keyword that leaves `time` a name everywhere but before a `{`.
@Suite struct TimeBlockTests {
    func run(_ code: String) throws -> (value: Value?, output: String) {
        let r = try runCell(code)
        return (r.value, r.output)
    }

    @Test(arguments: [
        ("time { f() }", "(time (block (call f)))"),
        ("let x = time { 1 }", "(let x (time (block 1)))"),
        ("f(time { 1 })", "(call f (time (block 1)))"),
        ("time(x)", "(call time x)"),
        ("let time = 3", "(let time 3)"),
        ("if time { 1 }", "(if time (block 1))"),
        ("while time { f() }", "(while time (block (call f)))"),
        ("if time > 0 { time { 1 } }", "(if (> time 0) (block (time (block 1))))"),
        ("time\n{ 1 }", "error: expected an expression, found '{' (a dictionary is written [\"key\": value])"),
    ])
    func parses(text: String, expected: String) {
        #expect(tree(text) == expected)
    }

    @Test func printsWallAndCPUTimeAndGivesTheBodysValue() throws {
        let (value, output) = try run("let v = time { var s = 0\n for i in 0..<1000 { s += i }\n s }\nv")
        guard case .number(let sum)? = value else { Issue.record("no number: \(String(describing: value))"); return }
        #expect(sum == 499500)
        let unit = "[0-9.]+(e[-+][0-9]+)? (s|ms|µs|ns)"
        #expect(output.range(of: "^time: \(unit) wall, \(unit) cpu\n$", options: .regularExpression) != nil, "\(output)")
    }

    @Test func anErrorInTheBodyPrintsNoTime() throws {
        var output = ""
        let vm = Interpreter()
        CoreLibrary.install(into: vm)
        vm.output = { output += $0 }
        #expect(throws: ScriptError.self) { try vm.run(Source("time { 1 + \"a\" }", kind: .cell(1))) }
        #expect(output.isEmpty)
    }

    @Test func reportUsesTimeitsUnits() {
        #expect(TimedNode.report(wall: 0.0123, cpu: 0.0121) == "time: 12.3 ms wall, 12.1 ms cpu")
        #expect(TimedNode.report(wall: 2.5, cpu: 0.000004) == "time: 2.5 s wall, 4 µs cpu")
    }
}
