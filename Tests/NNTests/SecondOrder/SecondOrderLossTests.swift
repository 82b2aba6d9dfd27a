#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import NN
import TensorEngine
import Testing

/// Second derivatives through the losses: the fused ones (crossEntropy, nll, the binary cross-entropies,
/// KL divergence, the penalties) through their composite forms, the others through their ops; every
/// reduction and option, gradgradcheck in float64 and float32 against float64.
@Suite struct SecondOrderLossTests {
    static let reductions: [Reduction] = [.mean, .sum, .none]
    static var logits: Tensor { try! Tensor(shape: [3, 4], values: [0.5, -1.25, 2.0, 0.75, -0.3, 1.6, -2.2, 0.9, 1.1, -0.65, 0.4, -1.8]) }
    static var labels: Tensor { try! Tensor(shape: [3], elements: [Int64(2), 0, 3], dtype: .int64) }
    static var probabilities: Tensor { try! Tensor(shape: [2, 3], values: [0.2, 0.65, 0.9, 0.35, 0.05, 0.5]) }
    static var targets: Tensor { try! Tensor(shape: [2, 3], values: [0.1, 0.8, 1, 0, 0.3, 0.55]) }
    static var scores: Tensor { try! Tensor(shape: [2, 3], values: [0.3, -1.1, 2.5, 0.7, 1.9, -0.4]) }

    /// gradgradcheck and the float32 comparison for one loss.
    func check(_ name: String, _ fn: ([Tensor]) throws -> Tensor, _ inputs: [Tensor]) throws {
        do {
            #expect(try gradgradcheck(fn, inputs), "\(name)")
            #expect(try float32SecondDerivativesAgree(fn, inputs), "\(name)")
        } catch {
            Issue.record("\(name): \(error)")
        }
    }

    @Test func classLossesDifferentiateTwice() throws {
        for reduction in Self.reductions {
            for smoothing in [0, 0.2] {
                try check("crossEntropy \(reduction) \(smoothing)", {
                    try Loss.crossEntropy($0[0], Self.labels, labelSmoothing: smoothing, reduction: reduction)
                }, [Self.logits])
            }
            // nll on a log-softmax, and on its input directly (its own second derivative is 0).
            try check("nll \(reduction)", { try Loss.nll($0[0].logSoftmax(axis: 1), Self.labels, reduction: reduction) }, [Self.logits])
            try check("nll raw \(reduction)", { try Loss.nll($0[0] * $0[0], Self.labels, reduction: reduction) }, [Self.logits])
        }
        // Float labels of integral value, as the loss accepts.
        let floatLabels = try Tensor(shape: [3], values: [1, 3, 0])
        try check("crossEntropy float labels", { try Loss.crossEntropy($0[0], floatLabels) }, [Self.logits])
    }

    @Test func classLossOptionsDifferentiateTwice() throws {
        let weight = try Tensor(shape: [4], values: [0.5, 2, 1, 1.5])
        let ignoring = try Tensor(shape: [3], values: [2, -100, 3])
        let spatial = try Tensor(shape: [2, 4, 2], values: (0..<16).map { Float(sin(Double($0) * 1.7)) })
        let spatialLabels = try Tensor(shape: [2, 2], values: [3, -100, 0, 1])
        for reduction in Self.reductions {
            for smoothing in [0, 0.2] {
                try check("crossEntropy weight ignore \(reduction) \(smoothing)", {
                    try Loss.crossEntropy($0[0], ignoring, weight: weight, labelSmoothing: smoothing, reduction: reduction)
                }, [Self.logits])
                try check("crossEntropy spatial \(reduction) \(smoothing)", {
                    try Loss.crossEntropy($0[0], spatialLabels, weight: weight, labelSmoothing: smoothing, reduction: reduction)
                }, [spatial])
                try check("crossEntropy unbatched \(reduction) \(smoothing)", {
                    try Loss.crossEntropy($0[0], try Tensor(shape: [], values: [1]), weight: weight, labelSmoothing: smoothing,
                                          reduction: reduction)
                }, [try Tensor(shape: [4], values: [0.3, -1.2, 0.8, 2])])
                // Probability targets: the target takes second derivatives too.
                try check("crossEntropy probabilities \(reduction) \(smoothing)", {
                    try Loss.crossEntropy($0[0], $0[1], weight: weight, labelSmoothing: smoothing, reduction: reduction)
                }, [Self.logits, try Self.logits.multiplied(by: 0.7).softmax(axis: 1)])
            }
            try check("nll weight ignore \(reduction)", {
                try Loss.nll($0[0].logSoftmax(axis: 1), ignoring, weight: weight, reduction: reduction)
            }, [Self.logits])
            try check("nll spatial raw \(reduction)", {
                try Loss.nll($0[0] * $0[0], spatialLabels, weight: weight, reduction: reduction)
            }, [spatial])
        }
    }

    @Test func ctcDifferentiatesTwice() throws {
        let steps = try Tensor(shape: [4, 2, 3], values: (0..<24).map { Float(sin(Double($0) * 0.8)) })
        let targets = try Tensor(shape: [2, 2], values: [1, 2, 2, 0])
        for reduction in Self.reductions {
            try check("ctc \(reduction)", {
                try Loss.ctc($0[0].logSoftmax(axis: 2), targets, inputLengths: [4, 3], targetLengths: [2, 1], reduction: reduction)
            }, [steps])
        }
    }

    @Test func binaryCrossEntropiesDifferentiateTwice() throws {
        for reduction in Self.reductions {
            try check("bce \(reduction)", { try Loss.binaryCrossEntropy($0[0], $0[1], reduction: reduction) },
                      [Self.probabilities, Self.targets])
            try check("bceWithLogits \(reduction)", { try Loss.binaryCrossEntropyWithLogits($0[0], $0[1], reduction: reduction) },
                      [Self.scores, Self.targets])
            let posWeight = try Tensor(shape: [3], values: [0.5, 2, 1.5])
            let weight = try Tensor(shape: [2, 1], values: [0.5, 2])
            try check("bce weight \(reduction)", { try Loss.binaryCrossEntropy($0[0], $0[1], weight: weight, reduction: reduction) },
                      [Self.probabilities, Self.targets])
            try check("bceWithLogits weight posWeight \(reduction)", {
                try Loss.binaryCrossEntropyWithLogits($0[0], $0[1], weight: weight, posWeight: $0[2], reduction: reduction)
            }, [Self.scores, Self.targets, try Tensor(shape: [3], values: [0.5, 2, 1.5])])
            try check("bceWithLogits posWeight \(reduction)", {
                try Loss.binaryCrossEntropyWithLogits($0[0], $0[1], posWeight: $0[2], reduction: reduction)
            }, [Self.scores, Self.targets, posWeight])
        }
    }

    @Test func binaryCrossEntropyAtCertainProbabilitiesStaysFinite() throws {
        // p = 0 and p = 1 sit on log's clamp at −100: their terms get no gradient, and no NaN.
        // (The loss itself, not its square: the fused first-order rule is PyTorch's huge finite slope there.)
        let p = try Tensor(shape: [4], elements: [0.0, 1, 0.3, 0.8], dtype: .float64)
        let t = try Tensor(shape: [4], elements: [0.25, 0.5, 1, 0], dtype: .float64)
        p.requiresGrad = true
        t.requiresGrad = true
        let y = try Loss.binaryCrossEntropy(p, t, reduction: .sum)
        let first = try Tensor.gradients(of: [y], withRespectTo: [p, t], createGraph: true)
        let dp = try #require(first[0]), dt = try #require(first[1])
        #expect(dt.elements(as: Double.self)[0...1] == [100, -100])
        let second = try Tensor.gradients(of: [try dp.sum() + dt.sum()], withRespectTo: [p, t])
        // d²L/dp² is (1 − t) at p = 0 and t at p = 1, and d²L/dp dt is −1 at both.
        let hp = try #require(second[0]).elements(as: Double.self), ht = try #require(second[1]).elements(as: Double.self)
        #expect(abs(hp[0] - (0.75 - 1)) < 1e-12 && abs(hp[1] - (0.5 - 1)) < 1e-12, "\(hp)")
        #expect((hp + ht).allSatisfy { $0.isFinite }, "\(hp) \(ht)")
    }

    @Test func klDivergenceDifferentiatesTwice() throws {
        // A zero target probability (and log-probability −∞) contributes 0 and no NaN.
        let input = try Self.probabilities.log()
        let target = try Tensor(shape: [2, 3], values: [0.1, 0.8, 0, 0.25, 0.3, 0.55])
        let logTarget = try Tensor(shape: [2, 3], values: [-2.3, -0.2, -.infinity, -1.4, -1.2, -0.6])
        // Finite differences cannot step off a zero probability or −∞, so the target is checked as an
        // input where it is positive and finite, and as a constant where it is not.
        let positive = try Tensor(shape: [2, 3], values: [0.1, 0.8, 0.05, 0.25, 0.3, 0.55])
        for reduction in Self.reductions + [.batchMean] {
            try check("klDiv \(reduction)", { try Loss.klDiv($0[0], $0[1], reduction: reduction) }, [input, positive])
            try check("klDiv log \(reduction)", { try Loss.klDiv($0[0], $0[1].log(), reduction: reduction, logTarget: true) },
                      [input, positive])
            try check("klDiv zero target \(reduction)", { try Loss.klDiv($0[0], target, reduction: reduction) }, [input])
            try check("klDiv −∞ log target \(reduction)", {
                try Loss.klDiv($0[0], logTarget, reduction: reduction, logTarget: true)
            }, [input])
        }
    }

    @Test func regressionLossesDifferentiateTwice() throws {
        let x = Self.probabilities, t = Self.targets
        let a = Self.scores
        let variance = try Tensor(shape: [2, 3], values: [0.5, 1.5, 0.8, 2, 0.3, 1.1])
        let signs = try Tensor(shape: [2], values: [1, -1])
        for reduction in Self.reductions {
            try check("mse \(reduction)", { try Loss.mse($0[0], $0[1], reduction: reduction) }, [x, t])
            try check("l1 \(reduction)", { try Loss.l1($0[0] * $0[0], $0[1], reduction: reduction) }, [x, t])
            try check("smoothL1 \(reduction)", { try Loss.smoothL1($0[0], $0[1], beta: 0.5, reduction: reduction) }, [a, t])
            try check("huber \(reduction)", { try Loss.huber($0[0], $0[1], delta: 0.5, reduction: reduction) }, [a, t])
            try check("poissonNll \(reduction)", { try Loss.poissonNll($0[0], $0[1], reduction: reduction) }, [a, t])
            try check("poissonNll full \(reduction)", {
                try Loss.poissonNll($0[0], $0[1], logInput: false, full: true, reduction: reduction)
            }, [variance, try t.multiplied(by: 3)])
            try check("gaussianNll \(reduction)", {
                try Loss.gaussianNll($0[0], $0[1], variance: $0[2], full: true, reduction: reduction)
            }, [a, t, variance])
            try check("marginRanking \(reduction)", {
                try Loss.marginRanking($0[0] * $0[0], $0[1], try Tensor(shape: [2, 3], values: [1, -1, 1, -1, 1, -1]),
                                       margin: 0.1, reduction: reduction)
            }, [a, t])
            try check("hingeEmbedding \(reduction)", {
                try Loss.hingeEmbedding($0[0] * $0[0], try Tensor(shape: [2, 3], values: [1, -1, 1, -1, -1, 1]),
                                        margin: 2, reduction: reduction)
            }, [a])
            try check("cosineEmbedding \(reduction)", {
                try Loss.cosineEmbedding($0[0], $0[1], signs, margin: -0.5, reduction: reduction)
            }, [a, t])
            try check("tripletMargin \(reduction)", {
                try Loss.tripletMargin($0[0], $0[1], $0[2], margin: 3, swap: true, reduction: reduction)
            }, [a, t, variance])
        }
    }

    @Test func penaltiesDifferentiateTwice() throws {
        let w = try Tensor(shape: [2, 2], values: [0.5, -1.5, 0.25, 2])
        let b = try Tensor(shape: [3], values: [-0.3, 0.8, 1.2])
        try check("l1Penalty", { try l1Penalty([$0[0] * $0[0], $0[1]]) }, [w, b])
        try check("l2Penalty", { try l2Penalty([$0[0], $0[1]]) }, [w, b])
        // A float64 parameter beside a float32 one: the sum is float64.
        // (Finite differences through the float32 copy need a larger step.)
        #expect(try gradgradcheck({ try l2Penalty([$0[0], $0[1].to(.float32)]) }, [w, b], eps: 1e-3, atol: 1e-3, rtol: 1e-2))
    }
}
