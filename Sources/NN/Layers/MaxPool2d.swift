import TensorEngine

/// Max pooling over 2-D windows of `[N, C, H, W]` images; the stride defaults to the kernel size.
public final class MaxPool2d: Module {
    public let forwardHooks = ForwardHooks()
    public let kernelSize: [Int], stride: [Int], padding: [Int], dilation: [Int]
    public let ceilMode: Bool
    public var isTraining = true

    public init(kernelSize: [Int], stride: [Int]? = nil, padding: [Int] = [PoolDefaults.padding], dilation: [Int] = [PoolDefaults.dilation],
                ceilMode: Bool = PoolDefaults.ceilMode) throws {
        let layer = "MaxPool2d"
        self.kernelSize = try ConvLayer.perDimension(kernelSize, dims: 2, "kernel size", layer: layer, minimum: 1)
        self.stride = try stride.map { try ConvLayer.perDimension($0, dims: 2, "stride", layer: layer, minimum: 1) } ?? self.kernelSize
        self.padding = try ConvLayer.perDimension(padding, dims: 2, "padding", layer: layer, minimum: 0)
        self.dilation = try ConvLayer.perDimension(dilation, dims: 2, "dilation", layer: layer, minimum: 1)
        self.ceilMode = ceilMode
    }

    /// The same layer with square options.
    public convenience init(_ kernelSize: Int, stride: Int? = nil, padding: Int = PoolDefaults.padding,
                            dilation: Int = PoolDefaults.dilation, ceilMode: Bool = PoolDefaults.ceilMode) throws {
        try self.init(kernelSize: [kernelSize], stride: stride.map { [$0] }, padding: [padding], dilation: [dilation],
                      ceilMode: ceilMode)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.maxPool2d(x, kernel: kernelSize, stride: stride, padding: padding, dilation: dilation, ceilMode: ceilMode)
    }

    public var summaryName: String {
        "MaxPool2d(\(ConvLayer.text(kernelSize))" + ConvLayer.options([
            ("stride", ConvLayer.text(stride), stride != kernelSize),
            ("padding", ConvLayer.text(padding), padding != [PoolDefaults.padding, PoolDefaults.padding]),
            ("dilation", ConvLayer.text(dilation), dilation != [PoolDefaults.dilation, PoolDefaults.dilation]),
            ("ceilMode", "true", ceilMode),
        ]) + ")"
    }
}
