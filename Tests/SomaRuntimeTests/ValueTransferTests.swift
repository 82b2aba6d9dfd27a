import NN
import Testing
@testable import Script
@testable import SomaRuntime

/// A distributed block's value, written by rank 0 and read back by the session that launched the job.
@Suite struct ValueTransferTests {
    /// The text of `code`'s value after a trip through the file format, and its type.
    func roundTrip(_ code: String, in runtime: Runtime = Runtime()) throws -> (text: String, type: String) {
        guard let value = try runtime.run(code, as: .cell(1)) else { return ("", "") }
        let back = try ValueTransfer.decode(try ValueTransfer.encode(value))
        return (back.text, back.typeName)
    }

    @Test func plainValuesAndTheirNestingComeBackAsTheyWere() throws {
        #expect(try roundTrip(#"[1, -2.5, nil, true, "ü\n", [:], [[1, [2]]], 0..<3]"#).text == #"[1, -2.5, nil, true, "ü\n", [:], [[1, [2]]], 0..<3]"#)
        #expect(try roundTrip(#"[3: "c", "a": [1, 2], true: nil]"#).text == #"[3: "c", "a": [1, 2], true: nil]"#)
        #expect(try roundTrip("[nan, inf, -inf, 1e-300, 0.1 + 0.2]").text == "[nan, inf, -inf, 1e-300, 0.30000000000000004]")
    }

    @Test func tensorsKeepTheirTypesShapesAndValues() throws {
        let code = "[tensor([[1, 2], [3, 4]], dtype: int64), tensor([true]), randn([0, 3]), tensor(2.5, dtype: float64), randn([2, 3], dtype: bfloat16)]"
        let runtime = Runtime()
        let original = try runtime.run("seed(1)\n" + code, as: .cell(1))!.text
        #expect(try roundTrip("seed(1)\n" + code, in: runtime).text == original)
        #expect(original.contains("dtype: int64") && original.contains("shape: [0, 3]") && original.contains("dtype: bfloat16"))
    }

    @Test func aHistoryComesBackWhole() throws {
        let runtime = Runtime()
        _ = try runtime.run("""
            seed(0)
            let x = randn([16, 2])
            let m = Linear(2, 1)
            let h = fit(m, data: [x, x.sum(axis: 1, keepDims: true)], loss: mse, optimizer: SGD(m.parameters(), lr: 0.1), epochs: 3, display: false)
            """, as: .cell(1))
        let original = try runtime.run("[h.loss, h.stepLosses, h.epochs, h.names]", as: .cell(2))!.text
        let back = try ValueTransfer.decode(try ValueTransfer.encode(try runtime.run("h", as: .cell(3))!))
        runtime.interpreter.globals.define("back", back)
        #expect(try runtime.run("[back.loss, back.stepLosses, back.epochs, back.names]", as: .cell(4))!.text == original)
        #expect(back.typeName == "History")
    }

    @Test func otherValuesComeBackAsTheirText() throws {
        #expect(try roundTrip("Linear(2, 3)") == ("Linear(2, 3)", "string"))
    }

    @Test func damagedFilesAreErrors() throws {
        #expect(throws: (any Error).self) { try ValueTransfer.decode([1, 2, 3]) }
        let noValue = try SafeTensors.encode([])
        #expect(throws: ScriptError.self) { try ValueTransfer.decode(noValue) }
    }
}
