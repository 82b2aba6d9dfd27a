import TensorEngine

/// Max pooling over windows of `[N, C, L]` sequences; the stride defaults to the kernel size.
public final class MaxPool1d: Module {
    public let forwardHooks = ForwardHooks()
    public let kernelSize: Int, stride: Int, padding: Int, dilation: Int
    public let ceilMode: Bool
    public var isTraining = true

    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = PoolDefaults.padding, dilation: Int = PoolDefaults.dilation,
                ceilMode: Bool = PoolDefaults.ceilMode) throws {
        let layer = "MaxPool1d"
        self.kernelSize = try ConvLayer.perDimension([kernelSize], dims: 1, "kernel size", layer: layer, minimum: 1)[0]
        self.stride = try ConvLayer.perDimension([stride ?? kernelSize], dims: 1, "stride", layer: layer, minimum: 1)[0]
        self.padding = try ConvLayer.perDimension([padding], dims: 1, "padding", layer: layer, minimum: 0)[0]
        self.dilation = try ConvLayer.perDimension([dilation], dims: 1, "dilation", layer: layer, minimum: 1)[0]
        self.ceilMode = ceilMode
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.maxPool1d(x, kernel: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
    }

    public var summaryName: String {
        "MaxPool1d(\(kernelSize)" + ConvLayer.options([
            ("stride", "\(stride)", stride != kernelSize),
            ("padding", "\(padding)", padding != PoolDefaults.padding),
            ("dilation", "\(dilation)", dilation != PoolDefaults.dilation),
            ("ceilMode", "true", ceilMode),
        ]) + ")"
    }
}
