import Foundation
import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct Arithmetic {
        /// Shape pairs that exercise every broadcasting path of the binary kernel.
        static let shapePairs: [([Int], [Int])] = [
            ([3, 4], [3, 4]),     // same shape
            ([3, 4], [4]),        // row vector on the right
            ([4], [3, 4]),        // row vector on the left
            ([3, 1], [1, 4]),     // outer broadcast on both sides
            ([3, 4], [3, 1]),     // column on the right
            ([1, 4], [3, 1]),
            ([3, 4], []),         // scalar on the right
            ([], [3, 4]),         // scalar on the left
            ([2, 3, 4], [3, 1]),  // rank 3 against rank 2
            ([2, 1, 4], [1, 3, 1]),
            ([1, 1], [2, 3]),     // one element that is not a scalar
        ]

        typealias Op = (name: String, f: @Sendable (Tensor, Tensor) throws -> Tensor, ref: @Sendable (Double, Double) -> Double)
        static let ops: [Op] = [
            ("+", { try $0 + $1 }, { $0 + $1 }),
            ("-", { try $0 - $1 }, { $0 - $1 }),
            ("*", { try $0 * $1 }, { $0 * $1 }),
            ("/", { try $0 / $1 }, { $0 / $1 }),
        ]

        @Test func binaryValuesMatchANaiveBroadcastLoop() throws {
            for (sa, sb) in Self.shapePairs {
                let a = random(sa, seed: 10), b = random(sb, seed: 11, in: 0.5...2)
                for op in Self.ops {
                    let ref = Ref.zip(a, b, op.ref)
                    expectValues(try op.f(a, b), ref.values, shape: ref.shape)
                }
            }
        }

        @Test func binaryGradientsWithBroadcastingOnBothSides() throws {
            for (sa, sb) in Self.shapePairs {
                let a = random(sa, seed: 12), b = random(sb, seed: 13, in: 0.5...2)
                for op in Self.ops {
                    try checkGradients([a, b]) { try op.f($0[0], $0[1]) }
                }
            }
        }

        @Test func literalValues() throws {
            let a = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
            let b = try vector([10, 20, 30])
            expectValues(try a + b, [11, 22, 33, 14, 25, 36] as [Float], shape: [2, 3])
            expectValues(try a - b, [-9, -18, -27, -6, -15, -24] as [Float], shape: [2, 3])
            expectValues(try b * a, [10, 40, 90, 40, 100, 180] as [Float], shape: [2, 3])
            expectValues(try b / a, [10, 10, 10, 2.5, 4, 5] as [Float], shape: [2, 3])
            let col = try tensor([1, 2], [2, 1])
            expectValues(try col + b, [11, 21, 31, 12, 22, 32] as [Float], shape: [2, 3])
        }

        @Test func negation() throws {
            let x = random([2, 3], seed: 14)
            expectValues(try -x, Ref.map(x) { -$0 }, shape: [2, 3])
            try checkGradients([x]) { try -$0[0] }
        }

        @Test func scalarOperandVariants() throws {
            let x = random([2, 3], seed: 15, in: 0.5...2)
            expectValues(try x + 2, Ref.map(x) { $0 + 2 }, shape: [2, 3])
            expectValues(try 2 + x, Ref.map(x) { 2 + $0 }, shape: [2, 3])
            expectValues(try x - 2, Ref.map(x) { $0 - 2 }, shape: [2, 3])
            expectValues(try 2 - x, Ref.map(x) { 2 - $0 }, shape: [2, 3])
            expectValues(try x * 3, Ref.map(x) { $0 * 3 }, shape: [2, 3])
            expectValues(try 3 * x, Ref.map(x) { 3 * $0 }, shape: [2, 3])
            expectValues(try x / 4, Ref.map(x) { $0 / 4 }, shape: [2, 3])
            expectValues(try 3 / x, Ref.map(x) { 3 / $0 }, shape: [2, 3])

            try checkGradients([x]) { try $0[0] + 2 }
            try checkGradients([x]) { try 2 + $0[0] }
            try checkGradients([x]) { try $0[0] - 2 }
            try checkGradients([x]) { try 2 - $0[0] }
            try checkGradients([x]) { try $0[0] * 3 }
            try checkGradients([x]) { try 3 * $0[0] }
            try checkGradients([x]) { try $0[0] / 4 }
            try checkGradients([x]) { try 3 / $0[0] }
            try checkGradients([x]) { try -2 / $0[0] }
        }

        @Test func scalarTensorOperands() throws {
            // A rank-0 tensor on either side, itself requiring a gradient (summed over the broadcast).
            let x = random([3, 2], seed: 16, in: 0.5...2), s = Tensor(1.5)
            try checkGradients([x, s]) { try $0[0] * $0[1] }
            try checkGradients([s, x]) { try $0[0] / $0[1] }
            try checkGradients([s, x]) { try $0[0] - $0[1] }
        }

        @Test func powWithATensorExponent() throws {
            let x = random([3, 4], seed: 17, in: 0.5...2)
            let e = random([4], seed: 18, in: -1.5...2.5)
            let ref = Ref.zip(x, e) { Foundation.pow($0, $1) }
            expectValues(try x.pow(e), ref.values, shape: ref.shape, rtol: 1e-5)
            try checkGradients([x, e]) { try $0[0].pow($0[1]) }
            // A scalar tensor exponent, broadcast.
            try checkGradients([x, Tensor(1.7)]) { try $0[0].pow($0[1]) }
        }

        @Test func powWithAFloatExponent() throws {
            let x = random([2, 5], seed: 19, in: 0.5...2)
            for p: Float in [2, 3, 0.5, -1, -2.5, 1, 0] {
                expectValues(try x.pow(p), Ref.map(x) { Foundation.pow($0, Double(p)) }, shape: [2, 5], rtol: 1e-5)
                if p != 0 { try checkGradients([x]) { try $0[0].pow(p) } }
            }
            // Squares of negative numbers (the exact p == 2 path) and odd integer powers.
            let y = random([6], seed: 20, in: -2 ... -0.5)
            try checkGradients([y]) { try $0[0].pow(2) }
            try checkGradients([y]) { try $0[0].pow(3) }
            // The zero power has a zero gradient.
            let z = try tensor([1.5, 2], [2], requiresGrad: true)
            try z.pow(0).sum().backward()
            #expect(z.grad?.values == [0, 0])
        }
    }
}
