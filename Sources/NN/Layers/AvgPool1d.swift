import TensorEngine

/// Average pooling over windows of `[N, C, L]` sequences; the stride defaults to the kernel size.
public final class AvgPool1d: Module {
    public let forwardHooks = ForwardHooks()
    public let kernelSize: Int, stride: Int, padding: Int
    public let ceilMode: Bool, countIncludePad: Bool
    public var isTraining = true

    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = PoolDefaults.padding, ceilMode: Bool = PoolDefaults.ceilMode,
                countIncludePad: Bool = PoolDefaults.countIncludePad) throws {
        let layer = "AvgPool1d"
        self.kernelSize = try ConvLayer.perDimension([kernelSize], dims: 1, "kernel size", layer: layer, minimum: 1)[0]
        self.stride = try ConvLayer.perDimension([stride ?? kernelSize], dims: 1, "stride", layer: layer, minimum: 1)[0]
        self.padding = try ConvLayer.perDimension([padding], dims: 1, "padding", layer: layer, minimum: 0)[0]
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.avgPool1d(x, kernel: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
                             countIncludePad: countIncludePad)
    }

    public var summaryName: String {
        "AvgPool1d(\(kernelSize)" + ConvLayer.options([
            ("stride", "\(stride)", stride != kernelSize),
            ("padding", "\(padding)", padding != PoolDefaults.padding),
            ("ceilMode", "true", ceilMode),
            ("countIncludePad", "false", !countIncludePad),
        ]) + ")"
    }
}
