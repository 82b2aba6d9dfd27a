import Script
import SomaRuntime
import Testing

/// Tensors as a notebook sees them: the HTML table shows each dtype's elements as the text form does.
struct TensorDisplayTests {
    func html(_ code: String) throws -> String {
        let value = try #require(try Runtime().run(code, as: .cell(1)))
        return try #require(Display.bundle(value)["text/html"])
    }

    @Test func float32TablesNameNoType() throws {
        let table = try html("tensor([[0.5, 1], [2, 3]])")
        #expect(table.contains("Tensor [2, 2]</div>"))
        #expect(table.contains(">0.5000</td>") && table.contains(">3.0000</td>"))
    }

    @Test func otherTypesShowTheirValuesAndName() throws {
        let ints = try html("tensor([3, -2], dtype: int64) + 1")
        #expect(ints.contains("Tensor [2] int64</div>"))
        #expect(ints.contains(">4</td>") && ints.contains(">-1</td>"))
        let bools = try html("tensor([1, 0]) > 0")
        #expect(bools.contains("Tensor [2] bool</div>") && bools.contains(">true</td>") && bools.contains(">false</td>"))
        let doubles = try html("tensor([0.1, 1e-300], dtype: float64)")
        #expect(doubles.contains("float64") && doubles.contains("e-300"))
    }
}
