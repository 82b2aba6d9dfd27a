import TensorEngine

/// The mean of each channel over all positions: `[N, C, H, W]` → `[N, C]` (`[C, H, W]` → `[C]`), as
/// PyTorch's `AdaptiveAvgPool2d(1)` followed by flattening — the usual head of a convolutional classifier.
public final class GlobalAvgPool2d: Module {
    public let forwardHooks = ForwardHooks()
    public var isTraining = true

    public init() {}

    public func forward(_ x: Tensor) throws -> Tensor {
        guard x.rank == 3 || x.rank == 4 else {
            throw TensorError(.shape, "GlobalAvgPool2d: input must have shape [N, C, H, W] or [C, H, W], got \(x.shape)")
        }
        return try x.mean(axes: [-2, -1])
    }

    public var summaryName: String { "GlobalAvgPool2d()" }
}
