import TensorEngine

/// The mean over each of `outputSize` adaptive windows of `[N, C, H, W]`, as PyTorch's
/// `AdaptiveAvgPool2d`: windows of any input size, overlapping where the sizes do not divide.
public final class AdaptiveAvgPool2d: Module {
    public let forwardHooks = ForwardHooks()
    public let outputSize: [Int]
    public var isTraining = true

    /// `outputSize` is one size for both dimensions or two.
    public init(_ outputSize: [Int]) throws {
        self.outputSize = try ConvLayer.perDimension(outputSize, dims: 2, "outputSize", layer: "AdaptiveAvgPool2d", minimum: 1)
    }

    public func forward(_ x: Tensor) throws -> Tensor { try Tensor.adaptiveAvgPool2d(x, outputSize: outputSize) }

    public var summaryName: String { "AdaptiveAvgPool2d(\(ConvLayer.text(outputSize)))" }
}

/// The maximum over each of `outputSize` adaptive windows of `[N, C, H, W]`, as PyTorch's `AdaptiveMaxPool2d`.
public final class AdaptiveMaxPool2d: Module {
    public let forwardHooks = ForwardHooks()
    public let outputSize: [Int]
    public var isTraining = true

    /// `outputSize` is one size for both dimensions or two.
    public init(_ outputSize: [Int]) throws {
        self.outputSize = try ConvLayer.perDimension(outputSize, dims: 2, "outputSize", layer: "AdaptiveMaxPool2d", minimum: 1)
    }

    public func forward(_ x: Tensor) throws -> Tensor { try Tensor.adaptiveMaxPool2d(x, outputSize: outputSize) }

    public var summaryName: String { "AdaptiveMaxPool2d(\(ConvLayer.text(outputSize)))" }
}
