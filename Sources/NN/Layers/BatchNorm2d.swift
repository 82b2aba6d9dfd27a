import TensorEngine

/// Batch normalization of `[N, C, H, W]` images, per channel `C`.
public final class BatchNorm2d: BatchNorm {
    public init(_ numFeatures: Int, eps: Float = 1e-5, momentum: Float = 0.1, affine: Bool = true,
                trackRunningStats: Bool = true) throws {
        try super.init(layer: "BatchNorm2d", numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
                       trackRunningStats: trackRunningStats)
    }

    override var ranks: [Int] { [4] }
    override var layerName: String { "BatchNorm2d" }
}
