#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import NN
import TensorEngine
import Testing

/// crossEntropy and nll with weight, ignoreIndex, label smoothing and probability targets, on [N, C],
/// [N, C, d1, d2] and unbatched inputs: gradients against finite differences (values against PyTorch
/// are in the differential suite), the all-ignored mean, and the errors for bad arguments.
@Suite struct ClassLossOptionTests {
    /// Deterministic scores of `shape` in float64.
    static func scores(_ shape: [Int], phase: Double = 0) throws -> Tensor {
        let n = shape.reduce(1, *)
        return try Tensor(shape: shape, elements: (0..<n).map { 2 * sin(Double($0) * 1.3 + phase) }, dtype: .float64)
    }

    static func labels(_ shape: [Int], _ values: [Double]) throws -> Tensor { try Tensor(shape: shape, elements: values, dtype: .float64) }

    static var weight: Tensor { try! Tensor(shape: [4], elements: [0.5, 2, 1, 1.5], dtype: .float64) }
    static let reductions: [Reduction] = [.mean, .sum, .none]

    /// The layouts checked: logits shape, class indices (−100 ignored) of the target shape.
    static let layouts: [([Int], [Int], [Double])] = [
        ([5, 4], [5], [2, -100, 0, 3, 1]),
        ([2, 4, 3, 2], [2, 3, 2], [0, 3, -100, 1, 2, 2, 1, -100, 0, 3, 3, 1]),
        ([4], [], [2]),
    ]

    @Test func classIndexGradientsMatchFiniteDifferences() throws {
        for (shape, targetShape, values) in Self.layouts {
            let x = try Self.scores(shape), y = try Self.labels(targetShape, values)
            for reduction in Self.reductions {
                for weight in [nil, Self.weight] {
                    for smoothing in [0, 0.2] {
                        let what = "\(shape) \(reduction) weight \(weight != nil) ε \(smoothing)"
                        #expect(try gradcheck({
                            try Loss.crossEntropy($0[0], y, weight: weight, labelSmoothing: smoothing, reduction: reduction)
                        }, [x]), "crossEntropy \(what)")
                    }
                    #expect(try gradcheck({ try Loss.nll($0[0], y, weight: weight, reduction: reduction) }, [x]), "nll \(shape)")
                    // ignoreIndex naming a class: the −100s become that class (the single target of [4] stays counted).
                    let named = try Self.labels(targetShape, values.map { $0 == -100 ? 2 : $0 })
                    #expect(try gradcheck({ try Loss.nll($0[0].logSoftmax(axis: shape.count == 1 ? 0 : 1), named, weight: weight,
                                                         ignoreIndex: targetShape.isEmpty ? 0 : 2, reduction: reduction) }, [x]),
                            "nll of logSoftmax \(shape)")
                }
            }
        }
    }

    @Test func probabilityTargetGradientsMatchFiniteDifferences() throws {
        for shape in [[3, 4], [2, 4, 2, 2], [4]] {
            let x = try Self.scores(shape), t = try Self.scores(shape, phase: 0.7).sigmoid()
            for reduction in Self.reductions {
                for weight in [nil, Self.weight] {
                    for smoothing in [0, 0.3] {
                        #expect(try gradcheck({
                            try Loss.crossEntropy($0[0], $0[1], weight: weight, labelSmoothing: smoothing, reduction: reduction)
                        }, [x, t]), "\(shape) \(reduction) \(smoothing)")
                    }
                }
            }
        }
    }

    @Test func weightedMeanDividesByTheCountedWeights() throws {
        let x = try Self.scores([4, 4]), y = try Self.labels([4], [1, -100, 3, 1])
        let weighted = try Loss.crossEntropy(x, y, weight: Self.weight).itemValue()
        let summed = try Loss.crossEntropy(x, y, weight: Self.weight, reduction: .sum).itemValue()
        #expect(abs(weighted - summed / (2 + 1.5 + 2)) < 1e-12)
        // ignoreIndex may name a class: its targets count nothing.
        let skipOne = try Loss.nll(x, try Self.labels([4], [1, 0, 3, 1]), ignoreIndex: 1, reduction: .none).elements(as: Double.self)
        #expect(skipOne[0] == 0 && skipOne[3] == 0 && skipOne[2] != 0)
    }

    @Test func aMeanOverOnlyIgnoredTargetsIsNaNWithAZeroGradient() throws {
        for dtype in [DType.float32, .float64] {
            for smoothing in [0, 0.1] {
                let x = try Self.scores([3, 4]).to(dtype).detach()
                x.requiresGrad = true
                let loss = try Loss.crossEntropy(x, try Tensor(shape: [3], elements: [-100.0, -100, -100], dtype: .float64),
                                                 labelSmoothing: smoothing)
                #expect(try loss.itemValue().isNaN)
                try loss.backward()
                #expect(try #require(x.grad).elements(as: Double.self).allSatisfy { $0 == 0 })
            }
        }
        let none = try Loss.nll(try Self.scores([2, 3]), try Self.labels([2], [-100, -100]), reduction: .sum)
        #expect(try none.itemValue() == 0)
    }

    @Test func plainFloat32AgreesWithFloat64() throws {
        let x = try Self.scores([6, 5]), y = try Self.labels([6], [0, 4, 2, 2, 1, 3])
        let single = try Loss.crossEntropy(try x.to(.float32), y).itemValue(), double = try Loss.crossEntropy(x, y).itemValue()
        #expect(abs(single - double) < 1e-6)
        // Other types compute in float32 and keep their own type.
        let half = try Loss.crossEntropy(try x.to(.float16), y, weight: try Tensor(shape: [5], values: [1, 2, 1, 0.5, 1]), ignoreIndex: 4,
                                         reduction: .none)
        #expect(half.dtype == .float16 && half.shape == [6])
    }

    @Test func badArgumentsNameTheProblem() throws {
        let x = try Self.scores([2, 4, 3])
        #expect(throws: TensorError(.index, "crossEntropy: label 7 at position [1, 2] is not a class index in 0..<4")) {
            try Loss.crossEntropy(x, try Self.labels([2, 3], [0, 1, 2, 3, 0, 7]))
        }
        #expect(throws: TensorError(.index, "nll: label -1 at position 1 is not a class index in 0..<4")) {
            try Loss.nll(try Self.scores([3, 4]), try Self.labels([3], [0, -1, -100]))
        }
        #expect(throws: TensorError(.shape, "crossEntropy: weight [3] needs one entry per class, shape [4]")) {
            try Loss.crossEntropy(x, try Self.labels([2, 3], [0, 1, 2, 3, 0, 1]), weight: try Self.scores([3]))
        }
        #expect(throws: TensorError(.shape, "crossEntropy: logits [2, 4, 3] need a target of shape [2, 3] (class indices) or [2, 4, 3] (class probabilities), not [2, 4]")) {
            try Loss.crossEntropy(x, try Self.scores([2, 4]))
        }
        #expect(throws: TensorError(.shape, "nll: log-probabilities [2, 4, 3] need a target of shape [2, 3] (class indices), not [2, 4, 3]")) {
            try Loss.nll(x, x)
        }
        #expect(throws: TensorError(.shape, "binaryCrossEntropy: weight [2] does not broadcast to the input's shape [2, 3]")) {
            try Loss.binaryCrossEntropy(try Self.scores([2, 3]).sigmoid(), try Self.scores([2, 3]).sigmoid(), weight: try Self.scores([2]))
        }
        #expect(throws: TensorError.self) { try Loss.crossEntropy(try Tensor(shape: [], elements: [1.0], dtype: .float64), try Self.labels([], [0])) }
    }

    @Test func weightedBinaryCrossEntropiesMatchFiniteDifferences() throws {
        let p = try Self.scores([3, 4]).sigmoid(), t = try Self.scores([3, 4], phase: 1.1).sigmoid(), x = try Self.scores([3, 4], phase: 2)
        let rows = try Tensor(shape: [3, 1], elements: [0.5, 1, 2], dtype: .float64)
        for reduction in Self.reductions {
            #expect(try gradcheck({ try Loss.binaryCrossEntropy($0[0], $0[1], weight: Self.weight, reduction: reduction) }, [p, t], eps: 1e-7))
            #expect(try gradcheck({ try Loss.binaryCrossEntropyWithLogits($0[0], $0[1], weight: rows, reduction: reduction) }, [x, t]))
            #expect(try gradcheck({
                try Loss.binaryCrossEntropyWithLogits($0[0], $0[1], weight: rows, posWeight: Self.weight, reduction: reduction)
            }, [x, t]))
        }
    }
}
