import TensorEngine

/// Batch normalization of `[N, C, H, W]` images, per channel `C`.
public final class BatchNorm2d: BatchNorm {
    public init(_ numFeatures: Int, eps: Double = Defaults.eps, momentum: Double = Defaults.momentum,
                affine: Bool = Defaults.affine, trackRunningStats: Bool = Defaults.trackRunningStats) throws {
        try super.init(layer: "BatchNorm2d", numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
                       trackRunningStats: trackRunningStats)
    }

    override var ranks: [Int] { [4] }
    override var layerName: String { "BatchNorm2d" }
}
