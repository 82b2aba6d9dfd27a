import NN
import TensorEngine
import Testing

/// Losses against PyTorch fixtures (computed once in float64) and finite differences.
@Suite(.serialized) struct TrainingLossTests {
    typealias S = TrainingSupport

    static let prediction: [Float] = [0.5, -1, 2, 3, 0, -0.25]
    static let target: [Float] = [1, -1, 0, 2.5, 0.5, -1]
    static let logits: [Float] = [1, -0.5, 2, 0.3, 0.2, 0.1, -1, 1.5, -2, 3, 0.5, 0]
    static let labels: [Float] = [0, 3, 1]

    func pair(_ a: [Float], _ b: [Float], _ shape: [Int], grad: Bool = true) throws -> (Tensor, Tensor) {
        (try S.tensor(a, shape, requiresGrad: grad), try S.tensor(b, shape, requiresGrad: grad))
    }

    /// Runs `loss`, back-propagates its sum, and compares value and gradients with PyTorch's.
    func expectLoss(_ x: Tensor, _ t: Tensor?, _ loss: Tensor, value: [Double], grad0: [Double], grad1: [Double]? = nil,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(S.close(loss.values, value), "value \(loss.values)", sourceLocation: sourceLocation)
        try loss.sum().backward()
        #expect(S.close(x.grad!.values, grad0), "input gradient \(x.grad!.values)", sourceLocation: sourceLocation)
        if let grad1 { #expect(S.close(t!.grad!.values, grad1), "target gradient \(t!.grad!.values)", sourceLocation: sourceLocation) }
    }

    @Test func l1MatchesPyTorchForEachReduction() throws {
        let cases: [(Reduction, [Double], [Double])] = [
            (.mean, [0.708333333], [-0.166666667, 0, 0.166666667, 0.166666667, -0.166666667, 0.166666667]),
            (.sum, [4.25], [-1, 0, 1, 1, -1, 1]),
            (.none, [0.5, 0, 2, 0.5, 0.5, 0.75], [-1, 0, 1, 1, -1, 1]),
        ]
        for (reduction, value, grad) in cases {
            let (p, t) = try pair(Self.prediction, Self.target, [2, 3])
            try expectLoss(p, t, try Loss.l1(p, t, reduction: reduction), value: value, grad0: grad, grad1: grad.map { -$0 })
        }
        #expect(throws: TensorError.self) { try Loss.l1(Tensor([1, 2]), Tensor([1])) }
        #expect(throws: TensorError.self) { try Loss.l1(Tensor([1, 2]), Tensor([1, 2]), reduction: .batchMean) }
    }

    @Test func mseTakesAReduction() throws {
        let (p, t) = try pair(Self.prediction, Self.target, [2, 3], grad: false)
        #expect(S.close(try Loss.mse(p, t, reduction: .sum).values, [0.25 + 0 + 4 + 0.25 + 0.25 + 0.5625]))
        #expect(try Loss.mse(p, t, reduction: .none).shape == [2, 3])
    }

    @Test func mseGradientsMatchTheFormulaAndFiniteDifferences() throws {
        // d/dp mean((p − t)²) = 2 (p − t) / n, and the negative of that for t.
        let (p, t) = try pair(Self.prediction, Self.target, [2, 3])
        let difference = zip(Self.prediction, Self.target).map { Double($0 - $1) }
        try expectLoss(p, t, try Loss.mse(p, t), value: [difference.map { $0 * $0 }.reduce(0, +) / 6],
                   grad0: difference.map { 2 * $0 / 6 }, grad1: difference.map { -2 * $0 / 6 })
        for reduction in [Reduction.mean, .sum, .none] {
            try S.checkGradients([try S.tensor(Self.prediction, [2, 3]), try S.tensor(Self.target, [2, 3])]) {
                try Loss.mse($0[0], $0[1], reduction: reduction)
            }
        }
    }

    @Test func crossEntropyWithLabelSmoothingMatchesPyTorch() throws {
        // F.cross_entropy(logits, labels, label_smoothing: s, reduction: r).
        let cases: [(Double, Reduction, [Double], [Double])] = [
            (0, .mean, [0.696924462], [-0.25822438, 0.0167590729, 0.204167304, 0.0372980026, 0.0567344183, 0.0513354246, 0.0170880784, -0.125157921, 0.00197256506, -0.0405787209, 0.024030762, 0.0145753939]),
            (0, .none, [1.49020321, 0.470761939, 0.129808232], [-0.774673139, 0.0502772186, 0.612501912, 0.111894008, 0.170203255, 0.154006274, 0.0512642352, -0.375473764, 0.00591769519, -0.121736163, 0.0720922859, 0.0437261817]),
            (0.1, .mean, [0.837757795], [-0.23322438, 0.00842573954, 0.195833971, 0.0289646693, 0.048401085, 0.0430020912, 0.00875474508, -0.100157921, -0.00636076827, -0.0155787209, 0.0156974286, 0.00624206057]),
            (0.1, .sum, [2.51327339], [-0.699673139, 0.0252772186, 0.587501912, 0.0868940078, 0.145203255, 0.129006274, 0.0262642352, -0.300473764, -0.0190823048, -0.0467361628, 0.0470922859, 0.0187261817]),
            (0.3, .mean, [1.11942446], [-0.18322438, -0.00824092712, 0.179167304, 0.0122980026, 0.0317344183, 0.0263354246, -0.00791192159, -0.0501579213, -0.0230274349, 0.0344212791, -0.000969238043, -0.0104246061]),
            (0.3, .none, [1.58020321, 0.860761939, 0.917308232], [-0.549673139, -0.0247227814, 0.537501912, 0.0368940078, 0.0952032549, 0.0790062737, -0.0237357648, -0.150473764, -0.0690823048, 0.103263837, -0.00290771413, -0.0312738183]),
        ]
        for (smoothing, reduction, value, grad) in cases {
            let x = try S.tensor(Self.logits, [3, 4], requiresGrad: true)
            let loss = try Loss.crossEntropy(x, try S.tensor(Self.labels), labelSmoothing: smoothing, reduction: reduction)
            try expectLoss(x, nil, loss, value: value, grad0: grad)
        }
    }

    @Test func crossEntropyGradientsMatchFiniteDifferences() throws {
        let labels = try S.tensor(Self.labels)
        for smoothing: Double in [0, 0.2] {
            for reduction in [Reduction.mean, .sum, .none] {
                try S.checkGradients([try S.tensor(Self.logits, [3, 4])]) {
                    try Loss.crossEntropy($0[0], labels, labelSmoothing: smoothing, reduction: reduction)
                }
            }
        }
    }

    @Test func crossEntropyRejectsBadArguments() throws {
        let x = try S.tensor(Self.logits, [3, 4])
        #expect(throws: TensorError(.value, "crossEntropy: labelSmoothing must be in [0, 1] (got 1.5)")) {
            try Loss.crossEntropy(x, try S.tensor(Self.labels), labelSmoothing: 1.5)
        }
        #expect(throws: TensorError(.index, "crossEntropy: label 1e+30 at position 1 is not a class index in 0..<4")) {
            try Loss.crossEntropy(x, Tensor([0, 1e30, 1]))
        }
        #expect(throws: TensorError.self) { try Loss.crossEntropy(x, Tensor([0, .nan, 1])) }
        #expect(throws: TensorError.self) { try Loss.crossEntropy(x, Tensor([0, 1])) }
    }

    @Test func nllMatchesPyTorchAndCrossEntropy() throws {
        let logp = try S.tensor(Self.logits, [3, 4]).logSoftmax(axis: 1)
        let cases: [(Reduction, [Double], [Double])] = [
            (.mean, [0.696924462], [-0.333333333, 0, 0, 0, 0, 0, 0, -0.333333333, 0, -0.333333333, 0, 0]),
            (.sum, [2.09077339], [-1, 0, 0, 0, 0, 0, 0, -1, 0, -1, 0, 0]),
            (.none, [1.49020321, 0.470761939, 0.129808232], [-1, 0, 0, 0, 0, 0, 0, -1, 0, -1, 0, 0]),
        ]
        for (reduction, value, grad) in cases {
            let x = try logp.copy()
            x.requiresGrad = true
            try expectLoss(x, nil, try Loss.nll(x, try S.tensor(Self.labels), reduction: reduction), value: value, grad0: grad)
        }
        // nll of logSoftmax is crossEntropy, gradients included.
        let labels = try S.tensor(Self.labels)
        try S.checkGradients([try S.tensor(Self.logits, [3, 4])]) { try Loss.nll(try $0[0].logSoftmax(axis: 1), labels) }
        #expect(throws: TensorError.self) { try Loss.nll(logp, Tensor([0, 4, 1])) }
        #expect(throws: TensorError.self) { try Loss.nll(logp, Tensor([0, -1, 1])) }
        #expect(throws: TensorError.self) { try Loss.nll(logp, Tensor([0.5, 1, 1])) }
    }

    static let probabilities: [Float] = [0.1, 0.9, 0.5, 0.999, 0.01, 0.3]
    static let binaryTarget: [Float] = [0, 1, 1, 1, 0, 0.2]

    @Test func binaryCrossEntropyMatchesPyTorch() throws {
        let cases: [(Reduction, [Double], [Double], [Double])] = [
            (.mean, [0.240175594], [0.185185185, -0.185185185, -0.333333333, -0.1668335, 0.168350168, 0.0793650794],
             [0.366204096, -0.366204096, 0, -1.1511258, 0.765853308, 0.14121631]),
            (.sum, [1.44105356], [1.11111111, -1.11111111, -2, -1.001001, 1.01010101, 0.476190476],
             [2.19722458, -2.19722458, 0, -6.90675478, 4.59511985, 0.84729786]),
            (.none, [0.105360516, 0.105360516, 0.693147181, 0.00100050033, 0.0100503359, 0.526134516],
             [1.11111111, -1.11111111, -2, -1.001001, 1.01010101, 0.476190476],
             [2.19722458, -2.19722458, 0, -6.90675478, 4.59511985, 0.84729786]),
        ]
        for (reduction, value, g0, g1) in cases {
            let (p, t) = try pair(Self.probabilities, Self.binaryTarget, [2, 3])
            try expectLoss(p, t, try Loss.binaryCrossEntropy(p, t, reduction: reduction), value: value, grad0: g0, grad1: g1)
        }
    }

    @Test func binaryCrossEntropyClampsItsLogsAtTheEdges() throws {
        // PyTorch: log 0 counts as -100, and the input gradient divides by max(p(1−p), 1e-12).
        let (p, t) = try pair([0, 1, 0.5, 1], [0, 0, 1, 1], [4])
        try expectLoss(p, t, try Loss.binaryCrossEntropy(p, t, reduction: .none), value: [0, 100, 0.693147181, 0],
                       grad0: [0, 1e12, -2, 0], grad1: [.infinity, -.infinity, 0, -.infinity])
        #expect(throws: TensorError(.value, "binaryCrossEntropy: every probability must be in [0, 1]; element 1 is 1.5 (for logits use binaryCrossEntropyWithLogits)")) {
            try Loss.binaryCrossEntropy(Tensor([0.5, 1.5]), Tensor([0, 1]))
        }
        #expect(throws: TensorError.self) { try Loss.binaryCrossEntropy(Tensor([0.5, .nan]), Tensor([0, 1])) }
        #expect(throws: TensorError.self) { try Loss.binaryCrossEntropy(Tensor([0.5, 0.5]), Tensor([0, 1, 1])) }
    }

    @Test func binaryCrossEntropyWithLogitsIsStableAndMatchesPyTorch() throws {
        let x: [Float] = [-3, 0.5, 10, -50, 2, 0], t: [Float] = [0, 1, 0.5, 1, 0, 0.3]
        let cases: [(Reduction, [Double], [Double], [Double])] = [
            (.mean, [9.72379749], [0.0079043122, -0.0629234448, 0.083325767, -0.166666667, 0.146799513, 0.0333333333],
             [0.5, -0.0833333333, -1.66666667, 8.33333333, -0.333333333, 0]),
            (.sum, [58.3427849], [0.0474258732, -0.377540669, 0.499954602, -1, 0.880797078, 0.2], [3, -0.5, -10, 50, -2, 0]),
            (.none, [0.0485873516, 0.474076984, 5.0000454, 50, 2.12692801, 0.693147181],
             [0.0474258732, -0.377540669, 0.499954602, -1, 0.880797078, 0.2], [3, -0.5, -10, 50, -2, 0]),
        ]
        for (reduction, value, g0, g1) in cases {
            let (a, b) = try pair(x, t, [2, 3])
            try expectLoss(a, b, try Loss.binaryCrossEntropyWithLogits(a, b, reduction: reduction), value: value, grad0: g0, grad1: g1)
        }
        // Far beyond exp's range the value is still exact.
        let far = try Loss.binaryCrossEntropyWithLogits(Tensor([-200, 200]), Tensor([1, 0]), reduction: .none)
        #expect(far.values == [200, 200])
    }

    @Test func binaryLossesMatchFiniteDifferences() throws {
        let p = try S.tensor([0.2, 0.7, 0.45, 0.9, 0.05, 0.6], [2, 3]), t = try S.tensor(Self.binaryTarget, [2, 3])
        for reduction in [Reduction.mean, .sum, .none] {
            try S.checkGradients([p, t], h: 1e-3) { try Loss.binaryCrossEntropy($0[0], $0[1], reduction: reduction) }
            try S.checkGradients([try S.tensor([-3, 0.5, 1.2, -0.7, 2, 0.1], [2, 3]), t]) {
                try Loss.binaryCrossEntropyWithLogits($0[0], $0[1], reduction: reduction)
            }
        }
    }

    static let klInput: [Float] = [-1.2, -0.8, -1.5, -0.3, -2.0, -2.5]
    static let klTarget: [Float] = [0.2, 0.5, 0.3, 0, 0.6, 0.4]

    @Test func klDivMatchesPyTorch() throws {
        let cases: [(Reduction, [Double], [Double])] = [
            (.batchMean, [0.793667659], [-0.1, -0.25, -0.15, 0, -0.3, -0.2]),
            (.sum, [1.58733532], [-0.2, -0.5, -0.3, 0, -0.6, -0.4]),
            (.mean, [0.264555886], [-0.0333333333, -0.0833333333, -0.05, 0, -0.1, -0.0666666667]),
            (.none, [-0.0818875825, 0.0534264097, 0.0888081587, 0, 0.893504626, 0.633483707], [-0.2, -0.5, -0.3, 0, -0.6, -0.4]),
        ]
        for (reduction, value, grad) in cases {
            let (x, t) = try pair(Self.klInput, Self.klTarget, [2, 3])
            t.requiresGrad = false
            try expectLoss(x, nil, try Loss.klDiv(x, t, reduction: reduction), value: value, grad0: grad)
        }
        let (x, t) = try pair(Self.klInput, [-1.6, -0.7, -1.2, -3.0, -0.5, -1.0], [2, 3])
        try expectLoss(x, t, try Loss.klDiv(x, t, logTarget: true), value: [0.693224127],
                       grad0: [-0.100948259, -0.248292652, -0.150597106, -0.0248935342, -0.30326533, -0.183939721],
                       grad1: [0.0605689554, 0.273121917, 0.195776238, -0.0423190081, 0.758163325, 0.459849301])
    }

    @Test func klDivGradientsMatchFiniteDifferences() throws {
        let x = try S.tensor(Self.klInput, [2, 3]), t = try S.tensor([0.2, 0.5, 0.3, 0.1, 0.6, 0.3], [2, 3])
        for reduction in [Reduction.batchMean, .sum, .none] {
            try S.checkGradients([x, t], h: 1e-3) { try Loss.klDiv($0[0], $0[1], reduction: reduction) }
            try S.checkGradients([x, try S.tensor([-1.6, -0.7, -1.2, -3.0, -0.5, -1.0], [2, 3])]) {
                try Loss.klDiv($0[0], $0[1], reduction: reduction, logTarget: true)
            }
        }
        #expect(throws: TensorError.self) { try Loss.klDiv(x, Tensor([0.5, 0.5])) }
    }

    @Test func klDivOfADistributionWithItselfIsZero() throws {
        let p = try Tensor([[0.1, 0.2, 0.7], [0.5, 0.5, 0]])
        #expect(Swift.abs(try Loss.klDiv(p.log(), p).item()) < 1e-6)
    }
}
