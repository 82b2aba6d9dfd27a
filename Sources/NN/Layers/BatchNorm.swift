import TensorEngine

/// Batch normalization over the channel dimension 1, the shared body of `BatchNorm1d` and `BatchNorm2d`.
///
/// In training mode it normalizes with the batch's statistics and updates the running estimates
/// (`runningMean`, `runningVar`, moved by `momentum` as PyTorch does, the variance unbiased) and counts the
/// batch in `numBatchesTracked`; in evaluation mode it uses the running estimates. These are state, not
/// parameters: optimizers never see them, but saving the model keeps them.
public class BatchNorm: Module {
    public let forwardHooks = ForwardHooks()
    public let numFeatures: Int
    public let eps: Double, momentum: Double
    /// Per-channel scale (ones) and shift (zeros), when `affine`.
    public let weight: Tensor?, bias: Tensor?
    /// Running mean (zeros) and variance (ones), when `trackRunningStats`.
    public let runningMean: Tensor?, runningVar: Tensor?
    /// The number of training batches seen (a scalar), when `trackRunningStats`: PyTorch's
    /// `num_batches_tracked`, kept so that saved files carry the same entries as PyTorch's.
    public let numBatchesTracked: Tensor?
    public var isTraining = true

    init(layer: String, numFeatures: Int, eps: Double, momentum: Double, affine: Bool, trackRunningStats: Bool) throws {
        guard numFeatures > 0 else {
            throw TensorError(.value, "\(layer): the number of features must be positive, got \(numFeatures)")
        }
        guard eps > 0, momentum >= 0, momentum <= 1 else {
            throw TensorError(.value, "\(layer): eps must be positive and momentum in [0, 1] (got eps \(eps), momentum \(momentum))")
        }
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        if affine {
            let w = try Tensor.full(checked: [numFeatures], 1), b = try Tensor.full(checked: [numFeatures], 0)
            w.requiresGrad = true
            b.requiresGrad = true
            (weight, bias) = (w, b)
        } else {
            (weight, bias) = (nil, nil)
        }
        (runningMean, runningVar, numBatchesTracked) = try trackRunningStats
            ? (Tensor.full(checked: [numFeatures], 0), Tensor.full(checked: [numFeatures], 1), Tensor.full([], 0)) : (nil, nil, nil)
    }

    /// The input ranks the layer accepts (checked before normalizing, for a clear message).
    var ranks: [Int] { [] }
    var layerName: String { "BatchNorm" }

    public func forward(_ x: Tensor) throws -> Tensor {
        guard ranks.contains(x.rank) else {
            let forms = ranks.map { $0 == 2 ? "[N, C]" : $0 == 3 ? "[N, C, L]" : "[N, C, H, W]" }.joined(separator: " or ")
            throw TensorError(.shape, "\(layerName): input must have shape \(forms), got \(x.shape)")
        }
        guard x.shape[1] == numFeatures else {
            throw TensorError(.shape, "\(layerName): input \(x.shape) has \(x.shape[1]) channels, expected \(numFeatures)")
        }
        let y = try Tensor.batchNorm(x, runningMean: runningMean, runningVar: runningVar, weight: weight, bias: bias,
                                     training: isTraining, momentum: momentum, eps: eps)
        if isTraining, let numBatchesTracked {
            if numBatchesTracked.dtype == .float32 {
                try numBatchesTracked.withUnsafeMutableValues { $0[0] += 1 }
            } else {
                // The counter of a model converted by `to(dtype)` has the model's type.
                try numBatchesTracked.assign(Tensor.full(checked: [], try numBatchesTracked.itemValue() + 1,
                                                         dtype: numBatchesTracked.dtype))
            }
        }
        return y
    }

    public var ownParameters: [(String, Tensor)] {
        guard let weight, let bias else { return [] }
        return [("weight", weight), ("bias", bias)]
    }

    public var summaryName: String {
        "\(layerName)(\(numFeatures)" + ConvLayer.options([
            ("eps", "\(eps)", eps != Defaults.eps),
            ("momentum", "\(momentum)", momentum != Defaults.momentum),
            ("affine", "false", weight == nil),
            ("trackRunningStats", "false", runningMean == nil),
        ]) + ")"
    }
}

extension BatchNorm {
    /// PyTorch's defaults of BatchNorm1d and BatchNorm2d, which the language's layers declare too.
    public enum Defaults {
        public static let eps: Double = 1e-5, momentum: Double = 0.1
        public static let affine = true, trackRunningStats = true
    }
}
