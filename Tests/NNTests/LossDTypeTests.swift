import Foundation
import NN
import TensorEngine
import Testing

/// The losses in each dtype: float64 inputs compute in Double (values, gradients and hyperparameters
/// such as margins and eps), float16 logits give float16 back, integer inputs compute in float32, and
/// none of them crashes.
@Suite struct LossDTypeTests {
    /// A float64 tensor whose values carry a part below float32's precision, so a float32 computation shows.
    func tensor(_ shape: [Int], seed: Int, low: Double = -1, high: Double = 1, requiresGrad: Bool = false) throws -> Tensor {
        let n = shape.reduce(1, *)
        let values = (0..<n).map { i -> Double in
            let k = Double((i * 7919 + seed * 104_729) % 1000) / 1000
            return low + (high - low) * k + 1e-9 * Double(i % 7 + 1)
        }
        return try Tensor(shape: shape, elements: values, dtype: .float64, requiresGrad: requiresGrad)
    }

    /// Checks that `loss` of float64 inputs is float64 and that the gradients of the inputs at
    /// `differentiable` are float64 and agree with central differences in Double to 1e-8.
    func expectDoubleGradients(_ inputs: [Tensor], _ differentiable: [Int],
                               sourceLocation: SourceLocation = #_sourceLocation,
                               _ loss: ([Tensor]) throws -> Tensor) throws {
        let leaves = try inputs.enumerated().map { i, t in
            try Tensor(shape: t.shape, elements: t.elements(as: Double.self), dtype: .float64, requiresGrad: differentiable.contains(i))
        }
        let y = try loss(leaves)
        #expect(y.dtype == .float64, "loss \(y.dtype)", sourceLocation: sourceLocation)
        try y.sum().backward()
        for index in differentiable {
            guard let g = leaves[index].grad else {
                Issue.record("input \(index) got no gradient", sourceLocation: sourceLocation)
                continue
            }
            #expect(g.dtype == .float64, "gradient \(index) is \(g.dtype)", sourceLocation: sourceLocation)
            let analytic = g.elements(as: Double.self), base = inputs[index].elements(as: Double.self)
            for j in base.indices {
                var plus = base, minus = base
                plus[j] += 1e-6
                minus[j] -= 1e-6
                func value(_ v: [Double]) throws -> Double {
                    var args = inputs
                    args[index] = try Tensor(shape: inputs[index].shape, elements: v, dtype: .float64)
                    return try loss(args).sum().itemValue()
                }
                let numeric = (try value(plus) - value(minus)) / (plus[j] - minus[j])
                #expect(abs(analytic[j] - numeric) <= 1e-8 * (1 + abs(numeric)),
                        "input \(index)[\(j)]: analytic \(analytic[j]), numeric \(numeric)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func classLossesComputeInDouble() throws {
        let logits = try tensor([4, 3], seed: 1, low: -3, high: 3)
        let labels = try Tensor(shape: [4], elements: [Int64(2), 0, 1, 2], dtype: .int64)
        for reduction in [Reduction.mean, .sum, .none] {
            try expectDoubleGradients([logits], [0]) { try Loss.crossEntropy($0[0], labels, labelSmoothing: 0.1, reduction: reduction) }
            try expectDoubleGradients([logits], [0]) { try Loss.nll($0[0].logSoftmax(axis: 1), labels, reduction: reduction) }
        }
        // The value itself in Double: −log softmax at the label, averaged.
        let x = logits.elements(as: Double.self)
        let expected = (0..<4).map { i -> Double in
            let row = Array(x[(i * 3)..<(i * 3 + 3)]), label = [2, 0, 1, 2][i]
            return log(row.map { exp($0) }.reduce(0, +)) - row[label]
        }.reduce(0, +) / 4
        #expect(abs(try Loss.crossEntropy(logits, labels).itemValue() - expected) < 1e-14)
    }

    @Test func elementwiseAndMarginLossesComputeInDouble() throws {
        let a = try tensor([3, 4], seed: 2), b = try tensor([3, 4], seed: 3)
        let p = try tensor([3, 4], seed: 4, low: 0.05, high: 0.95), t = try tensor([3, 4], seed: 5, low: 0, high: 1)
        let v = try tensor([3, 4], seed: 6, low: 0.5, high: 2)
        let signs = try Tensor(shape: [3, 4], elements: (0..<12).map { $0 % 3 == 0 ? -1.0 : 1.0 }, dtype: .float64)
        let rowSigns = try Tensor(shape: [3], elements: [1.0, -1, -1], dtype: .float64)
        try expectDoubleGradients([p, t], [0, 1]) { try Loss.binaryCrossEntropy($0[0], $0[1]) }
        try expectDoubleGradients([a, t], [0, 1]) { try Loss.binaryCrossEntropyWithLogits($0[0], $0[1]) }
        try expectDoubleGradients([a, p], [0, 1]) { try Loss.klDiv($0[0].logSoftmax(axis: 1), $0[1]) }
        try expectDoubleGradients([a, b], [0, 1]) { try Loss.marginRanking($0[0], $0[1], signs, margin: 0.3) }
        try expectDoubleGradients([a, b], [0, 1]) { try Loss.smoothL1($0[0], $0[1], beta: 0.3) }
        try expectDoubleGradients([a, b], [0, 1]) { try Loss.huber($0[0], $0[1], delta: 0.7) }
        try expectDoubleGradients([a, b, v], [0, 1, 2]) { try Loss.gaussianNll($0[0], $0[1], variance: $0[2], full: true) }
        try expectDoubleGradients([v, t], [0, 1]) { try Loss.poissonNll($0[0], $0[1].multiplied(by: 3), logInput: false, full: true) }
        try expectDoubleGradients([a, b], [0, 1]) { try Loss.cosineEmbedding($0[0], $0[1], rowSigns, margin: 0.2) }
        // The margin is the exact double: 0.3 − (a − b) where the ranking is wrong by less than it.
        let one = try Tensor(shape: [1], elements: [0.1], dtype: .float64), two = try Tensor(shape: [1], elements: [0.2], dtype: .float64)
        #expect(try Loss.marginRanking(one, two, try Tensor(shape: [1], elements: [1.0], dtype: .float64), margin: 0.3).itemValue() == 0.3 - (0.1 - 0.2))
    }

    @Test func penaltiesOfFloat64ParametersAreFloat64() throws {
        let w = try tensor([5], seed: 7)
        try expectDoubleGradients([w], [0]) { try l2Penalty($0).multiplied(by: 0.3) + l1Penalty($0) }
        let v = w.elements(as: Double.self)
        #expect(try l2Penalty([w]).itemValue() == v.reduce(0) { $0 + $1 * $1 })
        // float16 parameters take float32 gradients back in their own type.
        let h = try Tensor(shape: [2], elements: [0.5, -1], dtype: .float16, requiresGrad: true)
        try l1Penalty([h]).backward()
        #expect(h.grad?.dtype == .float16 && h.grad?.elements(as: Double.self) == [1, -1])
    }

    @Test func otherTypesComputeInFloat32WithoutCrashing() throws {
        let labels = try Tensor(shape: [2], elements: [Int64(1), 0], dtype: .int64)
        let half = try Tensor(shape: [2, 3], elements: [0.5, -1, 2, 0.25, 1, -0.5], dtype: .float16, requiresGrad: true)
        let loss = try Loss.crossEntropy(half, labels, labelSmoothing: 0.2)
        #expect(loss.dtype == .float16)
        try loss.backward()
        #expect(half.grad?.dtype == .float16)
        #expect(try Loss.nll(half, labels).dtype == .float16)
        let ints = try Tensor(shape: [2, 3], elements: [Int64(1), 0, 2, 3, 1, 0], dtype: .int64)
        #expect(try Loss.crossEntropy(ints, labels).dtype == .float32)
        let bits = try Tensor(shape: [2, 3], elements: [true, false, true, false, false, true], dtype: .bool)
        #expect(try Loss.binaryCrossEntropyWithLogits(ints, bits).dtype == .float32)
        #expect(try Loss.binaryCrossEntropy(bits, bits).dtype == .float32)
        // A label outside the classes is still an IndexError, whatever the labels' type.
        #expect(throws: TensorError.self) { try Loss.crossEntropy(half, try Tensor(shape: [2], elements: [Int64(3), 0], dtype: .int64)) }
    }
}
