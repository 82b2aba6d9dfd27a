import TensorEngine

/// Average pooling over 2-D windows of `[N, C, H, W]` images; the stride defaults to the kernel size and
/// zero padding counts in the average unless `countIncludePad` is false.
public final class AvgPool2d: Module {
    public let forwardHooks = ForwardHooks()
    public let kernelSize: [Int], stride: [Int], padding: [Int]
    public let ceilMode: Bool, countIncludePad: Bool
    public var isTraining = true

    public init(kernelSize: [Int], stride: [Int]? = nil, padding: [Int] = [PoolDefaults.padding], ceilMode: Bool = PoolDefaults.ceilMode,
                countIncludePad: Bool = PoolDefaults.countIncludePad) throws {
        let layer = "AvgPool2d"
        self.kernelSize = try ConvLayer.perDimension(kernelSize, dims: 2, "kernel size", layer: layer, minimum: 1)
        self.stride = try stride.map { try ConvLayer.perDimension($0, dims: 2, "stride", layer: layer, minimum: 1) } ?? self.kernelSize
        self.padding = try ConvLayer.perDimension(padding, dims: 2, "padding", layer: layer, minimum: 0)
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
    }

    /// The same layer with square options.
    public convenience init(_ kernelSize: Int, stride: Int? = nil, padding: Int = PoolDefaults.padding,
                            ceilMode: Bool = PoolDefaults.ceilMode, countIncludePad: Bool = PoolDefaults.countIncludePad) throws {
        try self.init(kernelSize: [kernelSize], stride: stride.map { [$0] }, padding: [padding], ceilMode: ceilMode,
                      countIncludePad: countIncludePad)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.avgPool2d(x, kernel: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
                             countIncludePad: countIncludePad)
    }

    public var summaryName: String {
        "AvgPool2d(\(ConvLayer.text(kernelSize))" + ConvLayer.options([
            ("stride", ConvLayer.text(stride), stride != kernelSize),
            ("padding", ConvLayer.text(padding), padding != [PoolDefaults.padding, PoolDefaults.padding]),
            ("ceilMode", "true", ceilMode),
            ("countIncludePad", "false", !countIncludePad),
        ]) + ")"
    }
}
