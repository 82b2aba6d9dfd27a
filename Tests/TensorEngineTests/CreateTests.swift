import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct Creation {
        @Test func fromValues() throws {
            let t = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
            #expect(t.shape == [2, 3] && t.rank == 2 && t.count == 6)
            #expect(t.values == [1, 2, 3, 4, 5, 6])
            #expect(!t.requiresGrad && t.grad == nil && t.gradFn == nil)
            #expect(try tensor([1], [1], requiresGrad: true).requiresGrad)
            let s = Tensor(3.5)
            #expect(s.shape == [] && s.count == 1)
            #expect(try s.item() == 3.5)
            #expect(try tensor([2], [1, 1, 1]).item() == 2)
            let empty = try tensor([], [2, 0])
            #expect(empty.count == 0 && empty.values.isEmpty)
        }

        @Test func constants() throws {
            expectValues(try Tensor.zeros([2, 3]), Array(repeating: Float(0), count: 6), shape: [2, 3])
            expectValues(try Tensor.ones([4]), Array(repeating: Float(1), count: 4), shape: [4])
            expectValues(try Tensor.full(checked: [3, 1], -2.5), [-2.5, -2.5, -2.5] as [Float], shape: [3, 1])
            expectValues(try Tensor.full([2], 7), [7, 7] as [Float], shape: [2])
            expectValues(try Tensor.zeros([]), [0] as [Float], shape: [])
            #expect(try Tensor.ones([0, 5]).count == 0)
            let like = try tensor([1, 2, 3, 4, 5, 6], [3, 2])
            expectValues(try Tensor.zeros(like: like), Array(repeating: Float(0), count: 6), shape: [3, 2])
            expectValues(try Tensor.ones(like: like), Array(repeating: Float(1), count: 6), shape: [3, 2])
        }

        @Test func eye() throws {
            expectValues(try Tensor.eye(3), [1, 0, 0, 0, 1, 0, 0, 0, 1] as [Float], shape: [3, 3])
            expectValues(try Tensor.eye(2, 4), [1, 0, 0, 0, 0, 1, 0, 0] as [Float], shape: [2, 4])
            expectValues(try Tensor.eye(3, 2), [1, 0, 0, 1, 0, 0] as [Float], shape: [3, 2])
            #expect(try Tensor.eye(0).shape == [0, 0])
            // The identity is neutral for matmul.
            let m = random([4, 4], seed: 110)
            #expect(try Tensor.eye(4).matmul(m).values == m.values)
        }

        @Test func arange() throws {
            expectValues(try Tensor.arange(0, 5), [0, 1, 2, 3, 4] as [Float], shape: [5])
            expectValues(try Tensor.arange(2, 9, step: 3), [2, 5, 8] as [Float], shape: [3])
            expectValues(try Tensor.arange(5, 0, step: -1), [5, 4, 3, 2, 1] as [Float], shape: [5])
            expectValues(try Tensor.arange(-1, -3, step: -0.5), [-1, -1.5, -2, -2.5] as [Float], shape: [4])
            expectValues(try Tensor.arange(0, 1, step: 0.25), [0, 0.25, 0.5, 0.75] as [Float], shape: [4])
            expectValues(try Tensor.arange(1, 2, step: 0.3), [1, 1.3, 1.6, 1.9] as [Float], shape: [4])
            expectValues(try Tensor.arange(0, 1, step: 0.1), (0..<10).map { Double($0) * 0.1 }, shape: [10], atol: 1e-6)
            expectValues(try Tensor.arange(0.5, 3), [0.5, 1.5, 2.5] as [Float], shape: [3])
            #expect(try Tensor.arange(0, 0).shape == [0])
            #expect(try Tensor.arange(3, 1).shape == [0])           // wrong direction: empty, as NumPy
            #expect(try Tensor.arange(1, 3, step: -1).shape == [0])
        }

        @Test func linspace() throws {
            expectValues(try Tensor.linspace(0, 1, count: 5), [0, 0.25, 0.5, 0.75, 1] as [Float], shape: [5])
            expectValues(try Tensor.linspace(1, -1, count: 3), [1, 0, -1] as [Float], shape: [3])
            expectValues(try Tensor.linspace(2, 3, count: 1), [2] as [Float], shape: [1])
            #expect(try Tensor.linspace(0, 1, count: 0).shape == [0])
            // Both ends are exact, whatever the rounding of the step.
            let l = try Tensor.linspace(0.1, 0.7, count: 7)
            #expect(l.values.first == 0.1 && l.values.last == 0.7)
            #expect(isClose(l.values, (0..<7).map { 0.1 + Double($0) * 0.1 }, atol: 1e-6))
        }

        @Test func errorDescriptionShowsTheKind() {
            let e = TensorError(.shape, "bad")
            #expect(e.description == "ShapeError: bad")
            #expect(TensorError.Kind.memory.rawValue == "MemoryError")
            #expect(TensorError.Kind.index.rawValue == "IndexError")
            #expect(TensorError.Kind.value.rawValue == "ValueError")
        }
    }
}
