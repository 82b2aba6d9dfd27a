import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct ProductTests {
        @Test func outerAndKron() throws {
            expectNumbers(try Tensor.outer(try vector([1, 2]), try vector([3, 4, 5])), [3, 4, 5, 6, 8, 10], shape: [2, 3])
            expectError(.shape) { try Tensor.outer(try Tensor.ones([2, 2]), try vector([1])) }
            // np.kron
            let k = try Tensor.kron(try tensor([1, 2, 3, 4], [2, 2]), try tensor([0, 1, 1, 0], [2, 2]))
            expectNumbers(k, [0, 1, 0, 2, 1, 0, 2, 0, 0, 3, 0, 4, 3, 0, 4, 0], shape: [4, 4])
            let mixed = try Tensor.kron(try vector([1, 2]), try tensor([1, 10, 100, 1000], [2, 2]))
            expectNumbers(mixed, [1, 10, 2, 20, 100, 1000, 200, 2000], shape: [2, 4])
        }

        @Test func meshgrid() throws {
            let x = try vector([1, 2, 3]), y = try vector([4, 5])
            let ij = try Tensor.meshgrid([x, y])
            expectNumbers(ij[0], [1, 1, 2, 2, 3, 3], shape: [3, 2])
            expectNumbers(ij[1], [4, 5, 4, 5, 4, 5], shape: [3, 2])
            let xy = try Tensor.meshgrid([x, y], indexing: "xy")
            expectNumbers(xy[0], [1, 2, 3, 1, 2, 3], shape: [2, 3])
            expectNumbers(xy[1], [4, 4, 4, 5, 5, 5], shape: [2, 3])
            expectError(.value) { try Tensor.meshgrid([x], indexing: "yx") }
        }

        @Test func gradients() throws {
            try checkGradients([random([3], seed: 1), random([2], seed: 2)]) { try Tensor.outer($0[0], $0[1]) }
            try checkGradients([random([2, 2], seed: 3), random([3, 2], seed: 4)]) { try Tensor.kron($0[0], $0[1]) }
        }
    }

    @Suite struct EinsumTests {
        let a = try! tensor([0, 1, 2, 3, 4, 5], [2, 3])
        let b = try! tensor((0..<12).map { Float($0) - 5 }, [3, 4])

        @Test func matrixProductsAndTransposes() throws {
            // A @ B from NumPy.
            expectNumbers(try Tensor.einsum("ij,jk->ik", [a, b]), [5, 8, 11, 14, -4, 8, 20, 32], shape: [2, 4])
            expectNumbers(try Tensor.einsum("ij,jk", [a, b]), [5, 8, 11, 14, -4, 8, 20, 32], shape: [2, 4])
            expectNumbers(try Tensor.einsum("ij->ji", [a]), [0, 3, 1, 4, 2, 5], shape: [3, 2])
            // Implicit output is alphabetical: "ba" is a transpose.
            #expect(try Tensor.einsum("ba", [a]).shape == [3, 2])
            expectNumbers(try Tensor.einsum("ij->", [a]), [15], shape: [])
            expectNumbers(try Tensor.einsum("ij->j", [a]), [3, 5, 7], shape: [3])
        }

        @Test func diagonalsTracesAndThreeOperands() throws {
            let c = try tensor((0..<9).map { Float($0) }, [3, 3])
            expectNumbers(try Tensor.einsum("ii", [c]), [12], shape: [])
            expectNumbers(try Tensor.einsum("ii->i", [c]), [0, 4, 8], shape: [3])
            let v = try vector([1, 2]), w = try vector([1, 0, -1])
            expectNumbers(try Tensor.einsum("i,ij,j->", [v, try tensor([1, 2, 3, 4, 5, 6], [2, 3]), w]), [-6], shape: [])
            expectNumbers(try Tensor.einsum("i,j->ij", [v, w]), [1, 0, -1, 2, 0, -2], shape: [2, 3])
            expectNumbers(try Tensor.einsum("i,i->", [w, w]), [2], shape: [])
        }

        @Test func batchesAndEllipsis() throws {
            let x = random([2, 3, 4], seed: 1), y = random([2, 4, 5], seed: 2)
            let expected = try x.matmul(y).values.map(Double.init)
            expectNumbers(try Tensor.einsum("bij,bjk->bik", [x, y]), expected, shape: [2, 3, 5], atol: 1e-5)
            expectNumbers(try Tensor.einsum("...ij,...jk->...ik", [x, y]), expected, shape: [2, 3, 5], atol: 1e-5)
            expectNumbers(try Tensor.einsum("...ij,...jk", [x, y]), expected, shape: [2, 3, 5], atol: 1e-5)
        }

        @Test func badEquations() throws {
            expectError(.value) { try Tensor.einsum("ij,jk->ik", [a]) }
            expectError(.shape) { try Tensor.einsum("ij,jk->ik", [a, a]) }
            expectError(.shape) { try Tensor.einsum("ijk->i", [a]) }
            expectError(.value) { try Tensor.einsum("ij->iq", [a]) }
            expectError(.value) { try Tensor.einsum("ij->ii", [a]) }
            expectError(.value) { try Tensor.einsum("i1->i", [a]) }
            expectError(.shape) { try Tensor.einsum("ii->i", [a]) }
        }

        @Test func gradients() throws {
            try checkGradients([random([2, 3], seed: 3), random([3, 4], seed: 4)]) { try Tensor.einsum("ij,jk->ik", [$0[0], $0[1]]) }
            try checkGradients([random([3, 3], seed: 5)]) { try Tensor.einsum("ii->i", [$0[0]]) }
            try checkGradients([random([2, 3], seed: 6), random([3], seed: 7), random([2], seed: 8)]) {
                try Tensor.einsum("ij,j,i->j", [$0[0], $0[1], $0[2]])
            }
            try checkGradients([random([2, 2, 3], seed: 9), random([2, 3, 2], seed: 10)]) {
                try Tensor.einsum("bij,bjk->bk", [$0[0], $0[1]])
            }
        }
    }
}
