import Foundation
import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct ElementwiseMath {
        typealias Unary = (name: String, f: @Sendable (Tensor) throws -> Tensor, ref: @Sendable (Double) -> Double, domain: ClosedRange<Float>)
        static let unaries: [Unary] = [
            ("exp", { try $0.exp() }, { Foundation.exp($0) }, -2...2),
            ("log", { try $0.log() }, { Foundation.log($0) }, 0.5...3),
            ("sqrt", { try $0.sqrt() }, { $0.squareRoot() }, 0.5...3),
            ("sin", { try $0.sin() }, { Foundation.sin($0) }, -3...3),
            ("cos", { try $0.cos() }, { Foundation.cos($0) }, -3...3),
            ("tanh", { try $0.tanh() }, { Foundation.tanh($0) }, -2...2),
            ("sigmoid", { try $0.sigmoid() }, { 1 / (1 + Foundation.exp(-$0)) }, -4...4),
        ]

        @Test func unaryValuesAndGradients() throws {
            for (i, op) in Self.unaries.enumerated() {
                let x = random([3, 5], seed: 30 + UInt64(i), in: op.domain)
                expectValues(try op.f(x), Ref.map(x, op.ref), shape: [3, 5], rtol: 1e-5, atol: 1e-6)
                try checkGradients([x]) { try op.f($0[0]) }
            }
        }

        @Test func unaryOnAScalarAndAnEmptyTensor() throws {
            expectValues(try Tensor(2).exp(), [Foundation.exp(2.0)], shape: [])
            let empty = try tensor([], [0, 3])
            #expect(try empty.exp().shape == [0, 3])
            #expect(try empty.exp().count == 0)
        }

        @Test func absAwayFromZero() throws {
            let x = spread([3, 4], seed: 40)
            expectValues(try x.abs(), Ref.map(x) { Swift.abs($0) }, shape: [3, 4])
            try checkGradients([x]) { try $0[0].abs() }
        }

        @Test func reluAwayFromZero() throws {
            let x = spread([3, 4], seed: 41)
            expectValues(try x.relu(), Ref.map(x) { Swift.max($0, 0) }, shape: [3, 4])
            try checkGradients([x]) { try $0[0].relu() }
            // The gradient is exactly the indicator of x > 0.
            let y = try vector([-1, 2, -3, 4]).detachedLeaf()
            try y.relu().sum().backward()
            #expect(y.grad?.values == [0, 1, 0, 1])
        }

        @Test func clampAwayFromItsBounds() throws {
            let x = spread([4, 4], seed: 42, gap: 0.2)   // values ±0.1, ±0.3, …, ±1.5
            let low: Float = -0.6, high: Float = 0.8
            expectValues(try x.clamp(min: low, max: high), Ref.map(x) { Swift.min(Swift.max($0, Double(low)), Double(high)) },
                         shape: [4, 4])
            try checkGradients([x]) { try $0[0].clamp(min: low, max: high) }
            try checkGradients([x]) { try $0[0].clamp(min: low) }
            try checkGradients([x]) { try $0[0].clamp(max: high) }
            expectValues(try x.clamp(), x.values.map(Double.init), shape: [4, 4])
        }

        @Test func minimumAndMaximumWithBroadcasting() throws {
            let a = spread([3, 4], seed: 43, gap: 0.3)
            let b = try vector([-0.35, 0.05, 0.65, -0.95])   // never within a step of an element of a
            let maxRef = Ref.zip(a, b) { Swift.max($0, $1) }, minRef = Ref.zip(a, b) { Swift.min($0, $1) }
            expectValues(try a.maximum(b), maxRef.values, shape: maxRef.shape)
            expectValues(try a.minimum(b), minRef.values, shape: minRef.shape)
            expectValues(try b.maximum(a), maxRef.values, shape: maxRef.shape)
            try checkGradients([a, b]) { try $0[0].maximum($0[1]) }
            try checkGradients([a, b]) { try $0[0].minimum($0[1]) }
            try checkGradients([b, a]) { try $0[0].minimum($0[1]) }
            try checkGradients([a, Tensor(0.1)]) { try $0[0].maximum($0[1]) }
        }

        @Test func minimumAndMaximumSplitTies() throws {
            let a = try vector([1, 2]).detachedLeaf(), b = try vector([1, 2]).detachedLeaf()
            try a.maximum(b).sum().backward()
            #expect(a.grad?.values == [0.5, 0.5])
            #expect(b.grad?.values == [0.5, 0.5])
        }

        @Test func roundingAndSign() throws {
            let x = try vector([-2.5, -1.5, -0.4, 0, 0.4, 1.5, 2.5, 3.7])
            #expect(try x.round().values == [-2, -2, 0, 0, 0, 2, 2, 4])
            #expect(try x.floor().values == [-3, -2, -1, 0, 0, 1, 2, 3])
            #expect(try x.ceil().values == [-2, -1, 0, 0, 1, 2, 3, 4])
            #expect(try x.sign().values == [-1, -1, -1, 0, 1, 1, 1, 1])
            // None of them records a gradient.
            let leaf = try x.detachedLeaf()
            #expect(try leaf.round().gradFn == nil && leaf.sign().gradFn == nil && leaf.floor().gradFn == nil)
        }

        @Test func comparisons() throws {
            let a = try tensor([1, 2, 3, 4, 5, 6], [2, 3]), b = try vector([2, 2, 7])
            #expect(try (a == b).values == [0, 1, 0, 0, 0, 0])
            #expect(try (a != b).values == [1, 0, 1, 1, 1, 1])
            #expect(try (a < b).values == [1, 0, 1, 0, 0, 1])
            #expect(try (a <= b).values == [1, 1, 1, 0, 0, 1])
            #expect(try (a > b).values == [0, 0, 0, 1, 1, 0])
            #expect(try (a >= b).values == [0, 1, 0, 1, 1, 0])
            #expect(try (a > b).shape == [2, 3])
        }
    }
}

extension Tensor {
    /// A copy that is a leaf requiring gradients.
    func detachedLeaf() throws -> Tensor {
        let c = try copy()
        c.requiresGrad = true
        return c
    }
}
