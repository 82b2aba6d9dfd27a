import NN
import TensorEngine
import Testing

/// GroupNorm, InstanceNorm1d/2d and LocalResponseNorm: values and gradients against PyTorch, finite
/// differences, PyTorch's parameter names, and the errors of bad sizes.
@Suite struct ChannelNormalizationTests {
    typealias S = TrainingSupport
    typealias A = SaturatingActivationTests

    @Test func groupNormMatchesPyTorch() throws {
        let x = try A.wave([2, 4, 3])
        let layer = try GroupNorm(numGroups: 2, numChannels: 4)
        #expect(layer.namedParameters().map(\.0) == ["weight", "bias"])
        try layer.weight!.assign(try S.tensor([0.5, 1, 1.5, 2]))
        try layer.bias!.assign(try S.tensor([0.1, -0.2, 0.3, 0]))
        let y = try layer(x)
        #expect(S.close(y.values, Self.groupNormValues, 1e-4))
        try (y * A.ripple([2, 4, 3])).sum().backward()
        #expect(S.close(x.grad!.values, Self.groupNormInputGradient, 1e-4))
        #expect(S.close(layer.weight!.grad!.values, Self.groupNormWeightGradient, 1e-4))
        #expect(S.close(layer.bias!.grad!.values, Self.groupNormBiasGradient, 1e-4))
    }

    @Test func groupNormGradientsMatchFiniteDifferences() throws {
        let inputs = [try A.wave([2, 4, 3], requiresGrad: false), try S.tensor([0.5, 1, 1.5, 2]), try S.tensor([0.1, -0.2, 0.3, 0])]
        try S.checkGradients(inputs, h: 1e-2, rtol: 2e-2, atol: 2e-3) {
            try Tensor.groupNorm($0[0], numGroups: 2, weight: $0[1], bias: $0[2])
        }
    }

    @Test func instanceNormMatchesPyTorch() throws {
        let x = try A.wave([2, 4, 3])
        let layer = try InstanceNorm1d(4)
        #expect(layer.namedParameters().isEmpty)
        #expect(layer.summaryName == "InstanceNorm1d(4)")
        let y = try layer(x)
        #expect(S.close(y.values, Self.instanceNormValues, 1e-4))
        try (y * A.ripple([2, 4, 3])).sum().backward()
        #expect(S.close(x.grad!.values, Self.instanceNormInputGradient, 1e-3))
        // One unbatched sample gives the first sample's rows.
        let single = try layer(try A.wave([2, 4, 3], requiresGrad: false)[.at(0)])
        #expect(single.shape == [4, 3] && S.close(single.values, Array(Self.instanceNormValues.prefix(12)), 1e-4))
    }

    @Test func instanceNorm2dWithAffineHasPyTorchsParameters() throws {
        let layer = try InstanceNorm2d(3, affine: true)
        #expect(layer.namedParameters().map(\.0) == ["weight", "bias"])
        #expect(layer.summaryName == "InstanceNorm2d(3, affine: true)")
        try S.checkGradients([try A.wave([2, 3, 2, 3], requiresGrad: false), try S.tensor([0.5, 1, 2]), try S.tensor([0, 1, -1])],
                             rtol: 2e-2, atol: 2e-3) {
            try Tensor.instanceNorm($0[0], weight: $0[1], bias: $0[2])
        }
    }

    /// Two training batches move the running estimates as PyTorch's; after eval() they normalize.
    @Test func instanceNormRunningStatsMatchPyTorch() throws {
        let layer = try InstanceNorm1d(4, momentum: 0.3, trackRunningStats: true)
        #expect(layer.stateDict().map(\.0) == ["running_mean", "running_var", "num_batches_tracked"])
        #expect(layer.summaryName == "InstanceNorm1d(4, momentum: 0.3, trackRunningStats: true)")
        let x = try A.wave([2, 4, 3], requiresGrad: false)
        _ = try layer(x)
        _ = try layer(x * 2)
        #expect(S.close(layer.runningMean!.values, [0.32897955, -0.219995502, -0.106851806, 0.327882938]))
        #expect(S.close(layer.runningVar!.values, [0.930669158, 0.775729212, 0.679960613, 0.928803743]))
        #expect(layer.numBatchesTracked!.values == [0])
        layer.eval()
        let y = try layer(x[.all, .all, .range(0, 2, 1)])
        #expect(S.close(y.values, [-0.341011409, 0.326767427, 1.22985166, 0.630118628, -0.927384065, -1.06184489, -0.322769485,
                                   0.341482456, 0.544842977, -0.0102425754, -0.74901201, -0.861962079, 0.170354462, 0.941569797,
                                   0.537342653, -0.025696068], 1e-4))
    }

    @Test func localResponseNormMatchesPyTorch() throws {
        let x = try A.wave([2, 4, 3])
        let y = try LocalResponseNorm(3, alpha: 0.5, beta: 0.75, k: 1.5)(x)
        #expect(S.close(y.values, Self.lrnValues, 1e-4))
        try (y * A.ripple([2, 4, 3])).sum().backward()
        #expect(S.close(x.grad!.values, Self.lrnInputGradient, 1e-4))
        for size in [1, 2, 5] {
            try S.checkGradients([try A.wave([1, 4, 3], requiresGrad: false)], rtol: 2e-2, atol: 2e-3) {
                try Tensor.localResponseNorm($0[0], size: size, alpha: 0.5, beta: 0.75, k: 1.5)
            }
        }
    }

    @Test func badSizesAreClearErrors() throws {
        #expect { try GroupNorm(numGroups: 3, numChannels: 4) } throws: {
            "\($0)".contains("GroupNorm: numChannels (4) must be divisible by numGroups (3)")
        }
        let groups = try GroupNorm(numGroups: 2, numChannels: 4)
        #expect { try groups(try Tensor.zeros([2, 6, 3])) } throws: { "\($0)".contains("GroupNorm: expected an input [N, 4, …]") }
        #expect { try Tensor.groupNorm(try Tensor.zeros([2, 6]), numGroups: 4) } throws: {
            "\($0)".contains("the input's 6 channels do not divide into 4 groups")
        }
        #expect { try InstanceNorm1d(3)(try Tensor.zeros([2, 4, 5])) } throws: { "\($0)".contains("InstanceNorm1d: expected 3 channels, got 4") }
        #expect { try InstanceNorm2d(3)(try Tensor.zeros([2, 3])) } throws: { "\($0)".contains("InstanceNorm2d: expected an input of 4 dimensions") }
        #expect { try LocalResponseNorm(0) } throws: { "\($0)".contains("LocalResponseNorm: size must be positive") }
        #expect { try LocalResponseNorm(2)(try Tensor.zeros([2, 3])) } throws: { "\($0)".contains("LocalResponseNorm: the input must be [N, C, …]") }
    }

    static let groupNormValues: [Double] = [-0.336160829, 0.344436472, 0.704938227, 0.751589658, -0.36451113, -1.81350627, -1.15926497, -1.37959268, -0.6817373, 0.408118489, 2.10426807, 2.98174003, 0.957767581, 0.55231612, 0.0332346782, -1.11068926, -1.26133378, -0.714613717, -0.879701644, 1.11306151, 2.11904498, 1.82015872, -0.446970493, -3.30972802]
    static let groupNormInputGradient: [Double] = [0.414894107, 0.0252548205, -0.293479644, 0.212983618, -0.0540091532, -0.305643748, 0.557308737, -0.107696547, -0.210977963, -0.478856205, -0.0524096028, 0.292631581, 0.0257297315, -0.0823808559, -0.207940958, -0.38351801, 0.0240745686, 0.624035524, -1.10415467, -0.649390045, -0.343095667, 0.864814887, 0.804240205, 0.427585287]
    static let groupNormWeightGradient: [Double] = [-1.53638689, 0.322362129, 2.3866189, -3.35061943]
    static let groupNormBiasGradient: [Double] = [0.667720562, 1.30938585, 0.960134033, -0.11572808]
    static let instanceNormValues: [Double] = [-1.329441, 0.247167939, 1.08227306, 1.16846392, 0.105665377, -1.27412929, -0.294267878, -1.05051251, 1.34478038, -1.33228575, 0.255449883, 1.07683587, 1.17159955, 0.100098045, -1.27169759, -0.354737723, -1.0079472, 1.36268492, -1.33515945, 0.263949841, 1.07120961, 1.17468363, 0.0945887961, -1.26927242]
    static let instanceNormInputGradient: [Double] = [-0.0380629003, 0.109957605, -0.0718947044, 0.0147607783, -0.0260905761, 0.0113297978, 1.52728387, -1.04456557, -0.482718307, 0.0168862256, -0.0495064695, 0.0326202439, 0.00553039585, -0.00987934608, 0.00434895023, -1.5520423, 1.12378992, 0.428252379, 0.0088026389, -0.0263189441, 0.0175163052, -0.0234003527, 0.0419452466, -0.0185448938]
    static let lrnValues: [Double] = [0, 0.455429308, 0.667106655, 0.567139014, 0.220285193, -0.230668415, -0.572624286, -0.645285783, -0.414949876, 0.0116733897, 0.435004537, 0.655320966, 0.561504722, 0.216555734, -0.259303365, -0.57794768, -0.643140547, -0.406328733, 0.0221136336, 0.440097116, 0.650627356, 0.589147674, 0.214070792, -0.258011062]
    static let lrnInputGradient: [Double] = [0.695060641, 0.623893108, 0.480387855, 0.348915627, 0.195936819, 0.0897336562, -0.0906189511, -0.335736643, -0.517644691, -0.627955405, -0.645223649, -0.605614749, -0.542621524, -0.482610779, -0.347584438, -0.184676039, 0.0780465657, 0.30239871, 0.413722897, 0.497464277, 0.59492826, 0.617893743, 0.645477623, 0.573012464]
}
