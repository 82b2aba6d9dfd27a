import TensorEngine

/// Instance normalization: each channel of each sample over its positions to mean 0 and variance 1, then
/// a per-channel scale (ones) and shift (zeros) when `affine`. Inputs are batched `[N, C, …]` or one
/// unbatched sample `[C, …]`. Only PyTorch's default, without running statistics, is supported.
public class InstanceNorm: Module {
    public let forwardHooks = ForwardHooks()
    public let numFeatures: Int
    public let eps: Float, momentum: Float
    public let weight: Tensor?, bias: Tensor?
    public var isTraining = true
    /// The name in messages and summaries (`InstanceNorm1d`).
    let layerName: String
    /// The rank of a batched input: 3 for 1d, 4 for 2d.
    let batchedRank: Int

    init(layer: String, batchedRank: Int, numFeatures: Int, eps: Float, momentum: Float, affine: Bool, trackRunningStats: Bool) throws {
        guard numFeatures > 0 else {
            throw TensorError(.value, "\(layer): the number of features must be positive, got \(numFeatures)")
        }
        guard eps > 0, momentum >= 0, momentum <= 1 else {
            throw TensorError(.value, "\(layer): eps must be positive and momentum in [0, 1] (got eps \(eps), momentum \(momentum))")
        }
        guard !trackRunningStats else {
            throw TensorError(.value, "\(layer): trackRunningStats: true is not supported; instance statistics are always used")
        }
        layerName = layer
        self.batchedRank = batchedRank
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        weight = try affine ? NormalizedShape.parameter([numFeatures], filledWith: 1) : nil
        bias = try affine ? NormalizedShape.parameter([numFeatures], filledWith: 0) : nil
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        let unbatched = x.rank == batchedRank - 1
        guard x.rank == batchedRank || unbatched else {
            throw TensorError(.shape, "\(layerName): expected an input of \(batchedRank) dimensions (or \(batchedRank - 1) unbatched), got \(x.shape)")
        }
        let batch = unbatched ? try x.unsqueeze(axis: 0) : x
        guard batch.shape[1] == numFeatures else {
            throw TensorError(.shape, "\(layerName): expected \(numFeatures) channels, got \(batch.shape[1]) in an input of shape \(x.shape)")
        }
        let y = try Tensor.instanceNorm(batch, weight: weight, bias: bias, eps: eps, op: layerName)
        return unbatched ? try y.squeeze(axis: 0) : y
    }

    public var ownParameters: [(String, Tensor)] {
        [("weight", weight), ("bias", bias)].compactMap { name, t in t.map { (name, $0) } }
    }

    public var summaryName: String {
        "\(layerName)(\(numFeatures)" + ConvLayer.options([
            ("eps", "\(eps)", eps != Defaults.eps),
            ("momentum", "\(momentum)", momentum != Defaults.momentum),
            ("affine", "true", weight != nil),
        ]) + ")"
    }
}

/// Instance normalization of `[N, C, L]` (or `[C, L]`) inputs.
public final class InstanceNorm1d: InstanceNorm {
    public init(_ numFeatures: Int, eps: Float = Defaults.eps, momentum: Float = Defaults.momentum,
                affine: Bool = Defaults.affine, trackRunningStats: Bool = Defaults.trackRunningStats) throws {
        try super.init(layer: "InstanceNorm1d", batchedRank: 3, numFeatures: numFeatures, eps: eps, momentum: momentum,
                       affine: affine, trackRunningStats: trackRunningStats)
    }
}

/// Instance normalization of `[N, C, H, W]` (or `[C, H, W]`) inputs.
public final class InstanceNorm2d: InstanceNorm {
    public init(_ numFeatures: Int, eps: Float = Defaults.eps, momentum: Float = Defaults.momentum,
                affine: Bool = Defaults.affine, trackRunningStats: Bool = Defaults.trackRunningStats) throws {
        try super.init(layer: "InstanceNorm2d", batchedRank: 4, numFeatures: numFeatures, eps: eps, momentum: momentum,
                       affine: affine, trackRunningStats: trackRunningStats)
    }
}

extension InstanceNorm {
    /// PyTorch's defaults, which the language's `InstanceNorm1d`/`InstanceNorm2d` and `instanceNorm` declare too.
    public enum Defaults {
        public static let eps: Float = 1e-5, momentum: Float = 0.1
        public static let affine = false, trackRunningStats = false
    }
}
