import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct ReorderTests {
        let a = try! tensor([0, 1, 2, 3, 4, 5], [2, 3])

        @Test func flipAndRoll() throws {
            expectNumbers(try a.flip([1]), [2, 1, 0, 5, 4, 3], shape: [2, 3])
            expectNumbers(try a.flip([0, -1]), [5, 4, 3, 2, 1, 0], shape: [2, 3])
            // np.roll(a, 1, axis=1), np.roll(a, -1), np.roll(a, (1, 1), axis=(0, 1))
            expectNumbers(try a.roll([1], axes: [1]), [2, 0, 1, 5, 3, 4], shape: [2, 3])
            expectNumbers(try a.roll([-1]), [1, 2, 3, 4, 5, 0], shape: [2, 3])
            expectNumbers(try a.roll([1, 1], axes: [0, 1]), [5, 3, 4, 2, 0, 1], shape: [2, 3])
            expectNumbers(try a.roll([7], axes: [1]), [2, 0, 1, 5, 3, 4], shape: [2, 3])
            #expect(try Tensor.zeros([0, 2]).roll([1], axes: [0]).shape == [0, 2])
            expectError(.index) { try a.flip([2]) }
            expectError(.value) { try a.roll([1, 2], axes: [0]) }
        }

        @Test func repeatInterleave() throws {
            expectNumbers(try a.repeatInterleave([2], axis: 0), [0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5], shape: [4, 3])
            expectNumbers(try a.repeatInterleave([1, 0, 2], axis: 1), [0, 2, 2, 3, 5, 5], shape: [2, 3])
            expectNumbers(try a.repeatInterleave([2]), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5], shape: [12])
            let e = expectError(.value) { try a.repeatInterleave([1, -1, 1], axis: 1) }
            #expect(e?.message.contains("negative") == true)
            expectError(.shape) { try a.repeatInterleave([1, 2], axis: 1) }
            expectError(.index) { try a.repeatInterleave([1], axis: 3) }
        }

        @Test func triangles() throws {
            let m = try tensor((1...9).map { Float($0) }, [3, 3])
            expectNumbers(try m.tril(), [1, 0, 0, 4, 5, 0, 7, 8, 9], shape: [3, 3])
            expectNumbers(try m.triu(), [1, 2, 3, 0, 5, 6, 0, 0, 9], shape: [3, 3])
            expectNumbers(try m.triu(diagonal: 1), [0, 2, 3, 0, 0, 6, 0, 0, 0], shape: [3, 3])
            expectNumbers(try m.tril(diagonal: -1), [0, 0, 0, 4, 0, 0, 7, 8, 0], shape: [3, 3])
            // A batch of two 2×3 matrices.
            expectNumbers(try tensor((1...12).map { Float($0) }, [2, 2, 3]).tril(), [1, 0, 0, 4, 5, 0, 7, 0, 0, 10, 11, 0], shape: [2, 2, 3])
            expectError(.shape) { try vector([1, 2]).tril() }
        }

        @Test func diagonals() throws {
            expectNumbers(try vector([1, 2]).diag(), [1, 0, 0, 2], shape: [2, 2])
            expectNumbers(try vector([1, 2]).diag(offset: 1), [0, 1, 0, 0, 0, 2, 0, 0, 0], shape: [3, 3])
            expectNumbers(try vector([1, 2]).diag(offset: -1), [0, 0, 0, 1, 0, 0, 0, 2, 0], shape: [3, 3])
            expectNumbers(try a.diag(), [0, 4], shape: [2])
            expectNumbers(try a.diag(offset: 1), [1, 5], shape: [2])
            expectNumbers(try a.diag(offset: -1), [3], shape: [1])
            expectNumbers(try a.diag(offset: 5), [], shape: [0])
            expectError(.shape) { try Tensor.zeros([2, 2, 2]).diag() }
            expectError(.memory) { try vector([1]).diag(offset: 1 << 40) }
            expectError(.memory) { try vector([1]).diag(offset: .min) }
            expectNumbers(try a.diag(offset: .max), [], shape: [0])
            expectNumbers(try a.diag(offset: .min), [], shape: [0])
            expectError(.memory) { try a.repeatInterleave([1 << 40], axis: 0) }
            expectNumbers(try a.roll([.max, .min], axes: [1, 1]), [1, 2, 0, 4, 5, 3], shape: [2, 3])
        }

        @Test func gradients() throws {
            try checkGradients([random([2, 3], seed: 1)]) { try $0[0].flip([0, 1]) }
            try checkGradients([random([2, 3], seed: 2)]) { try $0[0].roll([1, -2], axes: [0, 1]) }
            try checkGradients([random([2, 3], seed: 3)]) { try $0[0].repeatInterleave([2, 0, 1], axis: 1) }
            try checkGradients([random([3, 3], seed: 4)]) { try $0[0].tril(diagonal: -1) }
            try checkGradients([random([3, 4], seed: 5)]) { try $0[0].triu() }
            try checkGradients([random([3], seed: 6)]) { try $0[0].diag(offset: 1) }
            try checkGradients([random([3, 4], seed: 7)]) { try $0[0].diag(offset: -1) }
        }
    }
}
