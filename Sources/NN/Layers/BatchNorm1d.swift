import TensorEngine

/// Batch normalization of `[N, C]` features or `[N, C, L]` sequences, per channel `C`.
public final class BatchNorm1d: BatchNorm {
    public init(_ numFeatures: Int, eps: Double = Defaults.eps, momentum: Double = Defaults.momentum,
                affine: Bool = Defaults.affine, trackRunningStats: Bool = Defaults.trackRunningStats) throws {
        try super.init(layer: "BatchNorm1d", numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
                       trackRunningStats: trackRunningStats)
    }

    override var ranks: [Int] { [2, 3] }
    override var layerName: String { "BatchNorm1d" }
}
