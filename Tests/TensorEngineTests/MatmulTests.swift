import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct Matmul {
        /// Operand shapes covering every promotion and batching rule of NumPy's matmul.
        static let cases: [(a: [Int], b: [Int], out: [Int])] = [
            ([3, 4], [4, 2], [3, 2]),          // matrix @ matrix
            ([4], [4, 2], [2]),                // vector @ matrix
            ([3, 4], [4], [3]),                // matrix @ vector
            ([4], [4], []),                    // vector @ vector
            ([2, 3, 4], [2, 4, 5], [2, 3, 5]), // batched @ batched
            ([2, 3, 4], [4, 5], [2, 3, 5]),    // batched @ matrix
            ([3, 4], [2, 4, 5], [2, 3, 5]),    // matrix @ batched
            ([2, 1, 3, 4], [5, 4, 2], [2, 5, 3, 2]),  // broadcast batch dimensions
            ([2, 3, 4], [4], [2, 3]),          // batched @ vector
            ([4], [2, 4, 5], [2, 5]),          // vector @ batched
            ([1, 3, 4], [2, 4, 1], [2, 3, 1]),
        ]

        @Test func valuesMatchANaiveTripleLoop() throws {
            for (i, c) in Self.cases.enumerated() {
                let a = random(c.a, seed: 100 + UInt64(i)), b = random(c.b, seed: 200 + UInt64(i))
                let y = try a.matmul(b)
                let ref = Ref.matmul(a, b)
                #expect(ref.shape == c.out)
                expectValues(y, ref.values, shape: c.out, rtol: 1e-5, atol: 1e-5)
            }
        }

        @Test func gradientsForEveryForm() throws {
            for (i, c) in Self.cases.enumerated() {
                let a = random(c.a, seed: 300 + UInt64(i)), b = random(c.b, seed: 400 + UInt64(i))
                try checkGradients([a, b]) { try $0[0].matmul($0[1]) }
            }
        }

        @Test func literalProduct() throws {
            let a = try tensor([1, 2, 3, 4, 5, 6], [2, 3]), b = try tensor([7, 8, 9, 10, 11, 12], [3, 2])
            expectValues(try a.matmul(b), [58, 64, 139, 154] as [Float], shape: [2, 2])
            expectValues(try vector([1, 2, 3]).matmul(try vector([4, 5, 6])), [32] as [Float], shape: [])
        }

        @Test func nonSquareSizesUpToSeventy() throws {
            // Sizes that straddle BLAS blocking edges, including the multi-threaded path (m·n·k ≥ 192³).
            let sizes: [(Int, Int, Int)] = [(1, 70, 1), (70, 1, 33), (17, 65, 3), (64, 64, 64), (65, 63, 70),
                                            (70, 70, 70), (5, 2, 69), (200, 200, 200)]
            for (i, (m, k, n)) in sizes.enumerated() {
                let a = random([m, k], seed: 500 + UInt64(i)), b = random([k, n], seed: 600 + UInt64(i))
                expectValues(try a.matmul(b), Ref.matmul2D(a, b), shape: [m, n], rtol: 1e-4, atol: 1e-4)
            }
        }

        @Test func transposedOperands() throws {
            let a = random([37, 23], seed: 700), b = random([41, 37], seed: 701)
            let at = try a.T, bt = try b.T   // [23, 37] and [37, 41]
            expectValues(try at.matmul(bt), Ref.matmul2D(at, bt), shape: [23, 41], rtol: 1e-5, atol: 1e-5)
            // (B @ A)^T == A^T @ B^T
            let ba = try b.matmul(a)
            #expect(isClose(try ba.T.values, try at.matmul(bt).values.map(Double.init), rtol: 1e-5, atol: 1e-5))
            try checkGradients([random([3, 4], seed: 702), random([5, 3], seed: 703)]) {
                try $0[0].T.matmul(try $0[1].T)
            }
        }

        @Test func emptyDimensions() throws {
            // No rows: an empty result. No inner dimension: zeros, as NumPy.
            #expect(try Tensor.zeros([0, 3]).matmul(try Tensor.ones([3, 4])).shape == [0, 4])
            let z = try Tensor.ones([3, 0]).matmul(try Tensor.ones([0, 4]))
            expectValues(z, Array(repeating: Float(0), count: 12), shape: [3, 4])
            #expect(try Tensor.ones([2, 3, 0]).matmul(try Tensor.ones([0, 5])).values == Array(repeating: 0, count: 30))
        }

        @Test func chainedProductGradients() throws {
            // A small MLP-shaped expression: gradients through two products and a nonlinearity.
            let x = random([4, 3], seed: 704), w1 = random([3, 5], seed: 705), w2 = random([5, 2], seed: 706)
            try checkGradients([x, w1, w2]) { try $0[0].matmul($0[1]).tanh().matmul($0[2]) }
        }
    }
}
