import TensorEngine

/// Instance normalization: each channel of each sample over its positions to mean 0 and variance 1, then
/// a per-channel scale (ones) and shift (zeros) when `affine`. Inputs are batched `[N, C, …]` or one
/// unbatched sample `[C, …]`. With `trackRunningStats` it also keeps running estimates of the mean and
/// (unbiased) variance, averaged over the batch and moved by `momentum` as PyTorch does, and uses them
/// after `eval()`; by default it uses each instance's statistics in both modes.
public class InstanceNorm: Module {
    public let forwardHooks = ForwardHooks()
    public let numFeatures: Int
    public let eps: Double, momentum: Double
    public let weight: Tensor?, bias: Tensor?
    /// Running mean (zeros) and variance (ones), and PyTorch's `num_batches_tracked` (which instance
    /// normalization never advances), when `trackRunningStats`.
    public let runningMean: Tensor?, runningVar: Tensor?, numBatchesTracked: Tensor?
    public var isTraining = true
    /// The name in messages and summaries (`InstanceNorm1d`).
    let layerName: String
    /// The rank of a batched input: 3 for 1d, 4 for 2d.
    let batchedRank: Int

    init(layer: String, batchedRank: Int, numFeatures: Int, eps: Double, momentum: Double, affine: Bool, trackRunningStats: Bool) throws {
        guard numFeatures > 0 else {
            throw TensorError(.value, "\(layer): the number of features must be positive, got \(numFeatures)")
        }
        guard eps > 0, momentum >= 0, momentum <= 1 else {
            throw TensorError(.value, "\(layer): eps must be positive and momentum in [0, 1] (got eps \(eps), momentum \(momentum))")
        }
        layerName = layer
        self.batchedRank = batchedRank
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        weight = try affine ? NormalizedShape.parameter([numFeatures], filledWith: 1) : nil
        bias = try affine ? NormalizedShape.parameter([numFeatures], filledWith: 0) : nil
        (runningMean, runningVar, numBatchesTracked) = try trackRunningStats
            ? (Tensor.full(checked: [numFeatures], 0), Tensor.full(checked: [numFeatures], 1), Tensor.full([], 0)) : (nil, nil, nil)
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
        let y: Tensor
        if let runningMean, let runningVar, !isTraining {
            y = try Tensor.batchNorm(batch, runningMean: runningMean, runningVar: runningVar, weight: weight, bias: bias,
                                     training: false, momentum: momentum, eps: eps)
        } else {
            y = try Tensor.instanceNorm(batch, weight: weight, bias: bias, eps: eps, op: layerName)
            if let runningMean, let runningVar { try updateRunningStats(batch, runningMean, runningVar) }
        }
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
            ("trackRunningStats", "true", runningMean != nil),
        ]) + ")"
    }
}

extension InstanceNorm: BufferHolding {
    /// The running statistics under PyTorch's `state_dict` names, so saved files move between the two.
    public var ownBuffers: [(String, Tensor)] {
        guard let runningMean, let runningVar, let numBatchesTracked else { return [] }
        return [("running_mean", runningMean), ("running_var", runningVar), ("num_batches_tracked", numBatchesTracked)]
    }

    /// Moves the running estimates by `momentum` towards the batch's average of the instances' means and
    /// unbiased variances, as PyTorch's instance norm does (it runs batch norm over the N·C instances).
    /// Computed in Double from the input's own values, so float64 layers keep every digit and the
    /// running tensors keep their dtype.
    func updateRunningStats(_ x: Tensor, _ runningMean: Tensor, _ runningVar: Tensor) throws {
        let n = x.shape[0], c = x.shape[1], p = x.count / Swift.max(n * c, 1)
        guard n > 0, p > 0 else { return }
        let v = try x.elements(as: Double.self, op: "InstanceNorm")
        var means = [Double](repeating: 0, count: c), variances = [Double](repeating: 0, count: c)
        for i in 0..<n {
            for j in 0..<c {
                let row = (i * c + j) * p
                var sum: Double = 0
                for k in 0..<p { sum += v[row + k] }
                let mean = sum / Double(p)
                var squares: Double = 0
                for k in 0..<p { let d = v[row + k] - mean; squares += d * d }
                means[j] += mean / Double(n)
                variances[j] += squares / Double(Swift.max(p - 1, 1)) / Double(n)
            }
        }
        for (running, batch) in [(runningMean, means), (runningVar, variances)] {
            let old = running.elements(as: Double.self)
            let new = (0..<c).map { (1 - momentum) * old[$0] + momentum * batch[$0] }
            try running.assign(try Tensor(shape: running.shape, elements: new, dtype: .float64))
        }
    }
}

/// Instance normalization of `[N, C, L]` (or `[C, L]`) inputs.
public final class InstanceNorm1d: InstanceNorm {
    public init(_ numFeatures: Int, eps: Double = Defaults.eps, momentum: Double = Defaults.momentum,
                affine: Bool = Defaults.affine, trackRunningStats: Bool = Defaults.trackRunningStats) throws {
        try super.init(layer: "InstanceNorm1d", batchedRank: 3, numFeatures: numFeatures, eps: eps, momentum: momentum,
                       affine: affine, trackRunningStats: trackRunningStats)
    }
}

/// Instance normalization of `[N, C, H, W]` (or `[C, H, W]`) inputs.
public final class InstanceNorm2d: InstanceNorm {
    public init(_ numFeatures: Int, eps: Double = Defaults.eps, momentum: Double = Defaults.momentum,
                affine: Bool = Defaults.affine, trackRunningStats: Bool = Defaults.trackRunningStats) throws {
        try super.init(layer: "InstanceNorm2d", batchedRank: 4, numFeatures: numFeatures, eps: eps, momentum: momentum,
                       affine: affine, trackRunningStats: trackRunningStats)
    }
}

extension InstanceNorm {
    /// PyTorch's defaults, which the language's `InstanceNorm1d`/`InstanceNorm2d` and `instanceNorm` declare too.
    public enum Defaults {
        public static let eps: Double = 1e-5, momentum: Double = 0.1
        public static let affine = false, trackRunningStats = false
    }
}
