import NN
import TensorEngine
import Testing

/// BatchNorm1d/2d, LayerNorm and RMSNorm: PyTorch fixtures (outputs, running statistics, gradients),
/// finite-difference gradients, training and evaluation modes, errors.
@Suite(.serialized) struct NormalizationTests {
    typealias S = ConvSupport

    @Test func batchNorm2dTrainingStepMatchesPyTorch() throws {
        let bn = try BatchNorm2d(3)
        try bn.weight!.assign(try Tensor(shape: [3], values: [1.5, -0.5, 2.0]))
        try bn.bias!.assign(try Tensor(shape: [3], values: [0.1, 0.2, -0.3]))
        let x = try S.tensor([2, 3, 2, 3], 0.77, 3.1)
        x.requiresGrad = true
        let y = try bn(x)
        let r = try S.tensor([2, 3, 2, 3], 0.13, 1.0)
        try (y * r).sum().backward()
        #expect(S.maxDifference(y.values, [
            -2.52518, -1.27869, -0.0322035, 1.21429, 2.46078, -1.31107, 0.389915, -0.0532206, -0.496357, 0.844562,
            0.401425, -0.0417106, 2.50845, -2.85523, -1.08268, 0.689862, 2.46241, -2.90127, -0.161709, 1.08478, 2.33127,
            -1.44058, -0.194085, 1.0524, -0.450317, 0.890602, 0.447466, 0.00432954, -0.438807, 0.902112, -1.26684,
            0.505702, 2.27825, -3.08543, -1.31288, 0.459662,
        ]) < 1e-4)
        #expect(S.maxDifference(bn.runningMean!.values, [0.00716667, 0.03, 0.027]) < 1e-6)
        #expect(S.maxDifference(bn.runningVar!.values, [0.993663, 0.982344, 0.982344]) < 1e-5)
        #expect(S.maxDifference(x.grad!.values, [
            -0.51653, -0.441305, -0.366081, -0.290856, -0.215631, 0.403993, -0.188279, -0.278103, 0.207573, 0.178176,
            0.0883518, -0.00147278, 0.400786, 0.322964, 0.74684, 1.17072, -0.707413, -0.785235, -0.222526, -0.147302,
            -0.072077, 0.547547, 0.622772, 0.697996, 0.163093, 0.133696, 0.0438711, -0.0459535, -0.135778, -0.165175,
            0.918054, -0.960076, -0.5362, -0.614022, -0.190146, 0.23373,
        ]) < 1e-4)
        #expect(S.maxDifference(bn.weight!.grad!.values, [1.20624, -0.353128, -0.732959]) < 1e-4)
        #expect(S.maxDifference(bn.bias!.grad!.values, [-0.06, -0.7, -0.34]) < 1e-4)
        bn.eval()
        #expect(S.maxDifference(try bn(x).values, [
            -2.24317, -1.0845, 0.0741682, 1.23284, 2.39151, -1.1146, 0.230268, -0.158174, -0.546617, 0.6288, 0.240358,
            -0.148085, 2.65216, -2.0495, -0.495735, 1.05804, 2.61181, -2.08986, -0.0462133, 1.11246, 2.27113, -1.23498,
            -0.0763086, 1.08236, -0.506259, 0.669158, 0.280715, -0.107727, -0.49617, 0.679247, -0.657165, 0.896605,
            2.45037, -2.25129, -0.697523, 0.856247,
        ]) < 1e-4)
        // Evaluation leaves the running statistics alone.
        #expect(S.maxDifference(bn.runningMean!.values, [0.00716667, 0.03, 0.027]) < 1e-6)
        // PyTorch's step counter: one training batch so far, none counted in evaluation.
        #expect(bn.numBatchesTracked!.shape == [] && bn.numBatchesTracked!.values == [1])
        bn.train()
        _ = try bn(x)
        #expect(bn.numBatchesTracked!.values == [2])
        #expect(try BatchNorm1d(3, trackRunningStats: false).numBatchesTracked == nil)
    }

    @Test func batchNormGradientsMatchFiniteDifferences() throws {
        let w = try S.random([3], seed: 2), b = try S.random([3], seed: 3)
        try S.checkGradients([try S.random([2, 3, 2, 2], seed: 1), w, b]) {
            try Tensor.batchNorm($0[0], runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2], training: true)
        }
        try S.checkGradients([try S.random([5, 3], seed: 4), w, b]) {
            try Tensor.batchNorm($0[0], runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2], training: true)
        }
        let mean = try S.random([3], seed: 5), variance = try S.random([3], seed: 6).abs() + 0.5
        try S.checkGradients([try S.random([2, 3, 4], seed: 7), w, b]) {
            try Tensor.batchNorm($0[0], runningMean: mean.copy(), runningVar: variance.copy(), weight: $0[1], bias: $0[2],
                                 training: false)
        }
    }

    @Test func batchNorm1dAcceptsFeaturesAndSequences() throws {
        let bn = try BatchNorm1d(4, momentum: 0.5, affine: false)
        #expect(bn.parameters().isEmpty)
        let x = try S.random([6, 4], seed: 8)
        let y = try bn(x)
        // Each feature normalized: mean 0, biased variance 1 (up to eps).
        #expect(try y.mean(axis: 0).values.allSatisfy { abs($0) < 1e-5 })
        #expect(try y.variance(axis: 0, correction: 0).values.allSatisfy { abs($0 - 1) < 1e-3 })
        let expectedMean = try x.mean(axis: 0) * 0.5
        #expect(S.close(bn.runningMean!.values, expectedMean.values, 1e-5))
        let expectedVar = try x.variance(axis: 0, correction: 1) * 0.5 + 0.5
        #expect(S.close(bn.runningVar!.values, expectedVar.values, 1e-5))
        #expect(try bn(try S.random([2, 4, 5], seed: 9)).shape == [2, 4, 5])
        #expect(bn.summaryName == "BatchNorm1d(4, momentum: 0.5, affine: false)")
        #expect(S.error { try bn(Tensor.full([1, 4], 1)) }?.message
                == "batchNorm: expected more than 1 value per channel when training, got input of shape [1, 4]")
        #expect(S.error { try bn(Tensor.full([2, 3], 1)) }?.message == "BatchNorm1d: input [2, 3] has 3 channels, expected 4")
        #expect(S.error { try BatchNorm2d(4)(Tensor.full([2, 4], 1)) }?.message
                == "BatchNorm2d: input must have shape [N, C, H, W], got [2, 4]")
        bn.eval()
        #expect(try bn(Tensor.full([1, 4], 1)).shape == [1, 4])
        // Without running statistics, evaluation normalizes with the batch's.
        let untracked = try BatchNorm1d(2, trackRunningStats: false)
        untracked.eval()
        let z = try untracked(try S.random([4, 2], seed: 10))
        #expect(try z.mean(axis: 0).values.allSatisfy { abs($0) < 1e-5 })
        #expect(throws: TensorError.self) { try BatchNorm2d(0) }
    }

    @Test func layerNormAndRMSNormMatchPyTorch() throws {
        let x = try S.tensor([3, 4], 0.91, 2.7)
        let ln = try LayerNorm(4)
        try ln.weight!.assign(try Tensor(shape: [4], values: [1, 2, 0.5, -1]))
        try ln.bias!.assign(try Tensor(shape: [4], values: [0, 0.1, 0.2, 0.3]))
        #expect(S.maxDifference(try ln(x).values, [
            -0.922661, 0.688364, 0.955512, 1.18255, -0.0236983, 2.92799, -0.506999, 0.276302, 0.882545, -2.92205,
            0.0529091, -0.622661,
        ]) < 1e-4)
        let rms = try RMSNorm(4)
        try rms.weight!.assign(try Tensor(shape: [4], values: [1, 2, 0.5, -1]))
        #expect(S.maxDifference(try rms(x).values, [
            -1.35349, -0.882275, 0.235607, 1.32341, -0.549532, 1.34032, -0.864507, 0.509322, 0.698245, -3.31996,
            -0.230553, -0.737769,
        ]) < 1e-4)
        #expect(ln.summaryName == "LayerNorm(4)")
        #expect(rms.summaryName == "RMSNorm(4)")
        #expect(ln.parameters().count == 2 && rms.parameters().count == 1)
    }

    @Test func normGradientsMatchFiniteDifferences() throws {
        let x = try S.random([3, 2, 4], seed: 11), w = try S.random([2, 4], seed: 12), b = try S.random([2, 4], seed: 13)
        try S.checkGradients([x, w, b]) { try Tensor.layerNorm($0[0], normalizedShape: [2, 4], weight: $0[1], bias: $0[2]) }
        try S.checkGradients([x]) { try Tensor.layerNorm($0[0], normalizedShape: [4]) }
        try S.checkGradients([x, w]) { try Tensor.rmsNorm($0[0], normalizedShape: [2, 4], weight: $0[1], eps: 1e-6) }
        try S.checkGradients([x]) { try Tensor.rmsNorm($0[0], normalizedShape: [4]) }
    }

    @Test func normErrors() throws {
        let x = try Tensor.full([2, 3], 1)
        #expect(S.error { try LayerNorm(4)(x) }?.message == "layerNorm: input [2, 3] does not end in the normalized shape [4]")
        #expect(S.error { try RMSNorm([2, 3])(Tensor.full([3, 2], 1)) }?.kind == .shape)
        #expect(S.error { try Tensor.layerNorm(x, normalizedShape: [3], weight: Tensor.full([2], 1)) }?.message
                == "layerNorm: weight [2] does not match the normalized shape [3]")
        #expect(throws: TensorError.self) { try LayerNorm([]) }
        #expect(throws: TensorError.self) { try RMSNorm(0) }
        #expect(throws: TensorError.self) { try LayerNorm(3, eps: 0) }
    }
}
