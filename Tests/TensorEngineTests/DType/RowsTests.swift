import Testing
@testable import TensorEngine

extension TensorEngine {
    /// `rows`: a data set's samples, copied in every dtype and checked against the row count.
    @Suite struct Rows {
        @Test func copiesRowsInEveryDtype() throws {
            for dtype in DType.allCases {
                let t = try Tensor(shape: [3, 2], elements: [0.0, 1, 2, 3, 4, 5], dtype: dtype)
                let picked = try t.rows([2, 0, 2])
                #expect(picked.dtype == dtype && picked.shape == [3, 2], "\(dtype)")
                #expect(picked.elements(as: Double.self) == (dtype == .bool ? [1, 1, 0, 1, 1, 1] : [4, 5, 0, 1, 4, 5]), "\(dtype)")
            }
            let labels = try Tensor(shape: [2], elements: [Int64(1) << 53 + 1, -7], dtype: .int64)
            #expect(try labels.rows([0]).elements(as: Int64.self) == [Int64(1) << 53 + 1])
        }

        @Test func refusesRowsOutOfRange() throws {
            let t = try Tensor.zeros([2, 3])
            #expect(throws: TensorError.self) { try t.rows([2]) }
            #expect(throws: TensorError.self) { try t.rows([-1]) }
            #expect(throws: TensorError.self) { try Tensor.number(1).rows([0]) }
            #expect(try t.rows([Int]()).shape == [0, 3])
        }
    }
}
