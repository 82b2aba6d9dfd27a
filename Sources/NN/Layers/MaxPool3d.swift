import TensorEngine

/// Max pooling over 3-D windows of `[N, C, D, H, W]` volumes; the stride defaults to the kernel size.
public final class MaxPool3d: Module {
    public let forwardHooks = ForwardHooks()
    public let kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int]
    public let ceilMode: Bool
    public var isTraining = true

    public init(kernelSize: [Int], stride: [Int]? = nil, padding: [Int] = [PoolDefaults.padding], dilation: [Int] = [PoolDefaults.dilation],
                ceilMode: Bool = PoolDefaults.ceilMode) throws {
        let layer = "MaxPool3d"
        self.kernelSize = try ConvLayer.perDimension(kernelSize, dims: 3, "kernel size", layer: layer, minimum: 1)
        self.stride = try stride.map { try ConvLayer.perDimension($0, dims: 3, "stride", layer: layer, minimum: 1) } ?? self.kernelSize
        self.padding = try ConvLayer.perDimension(padding, dims: 3, "padding", layer: layer, minimum: 0)
        self.dilation = try ConvLayer.perDimension(dilation, dims: 3, "dilation", layer: layer, minimum: 1)
        self.ceilMode = ceilMode
    }

    /// The same layer with cubic options.
    public convenience init(_ kernelSize: Int, stride: Int? = nil, padding: Int = PoolDefaults.padding,
                            dilation: Int = PoolDefaults.dilation, ceilMode: Bool = PoolDefaults.ceilMode) throws {
        try self.init(kernelSize: [kernelSize], stride: stride.map { [$0] }, padding: [padding], dilation: [dilation],
                      ceilMode: ceilMode)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.maxPool3d(x, kernel: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
    }

    public var summaryName: String {
        "MaxPool3d(\(ConvLayer.text(kernelSize))" + ConvLayer.options([
            ("stride", ConvLayer.text(stride), stride != kernelSize),
            ("padding", ConvLayer.text(padding), padding != [PoolDefaults.padding, PoolDefaults.padding, PoolDefaults.padding]),
            ("dilation", ConvLayer.text(dilation), dilation != [PoolDefaults.dilation, PoolDefaults.dilation, PoolDefaults.dilation]),
            ("ceilMode", "true", ceilMode),
        ]) + ")"
    }
}
