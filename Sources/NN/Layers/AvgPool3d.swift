import TensorEngine

/// Average pooling over 3-D windows of `[N, C, D, H, W]` volumes; the stride defaults to the kernel size and
/// zero padding counts in the average unless `countIncludePad` is false.
public final class AvgPool3d: Module {
    public let forwardHooks = ForwardHooks()
    public let kernelSize: [Int], stride: [Int], padding: [Int]
    public let ceilMode: Bool, countIncludePad: Bool
    public var isTraining = true

    public init(kernelSize: [Int], stride: [Int]? = nil, padding: [Int] = [PoolDefaults.padding], ceilMode: Bool = PoolDefaults.ceilMode,
                countIncludePad: Bool = PoolDefaults.countIncludePad) throws {
        let layer = "AvgPool3d"
        self.kernelSize = try ConvLayer.perDimension(kernelSize, dims: 3, "kernel size", layer: layer, minimum: 1)
        self.stride = try stride.map { try ConvLayer.perDimension($0, dims: 3, "stride", layer: layer, minimum: 1) } ?? self.kernelSize
        self.padding = try ConvLayer.perDimension(padding, dims: 3, "padding", layer: layer, minimum: 0)
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
    }

    /// The same layer with cubic options.
    public convenience init(_ kernelSize: Int, stride: Int? = nil, padding: Int = PoolDefaults.padding,
                            ceilMode: Bool = PoolDefaults.ceilMode, countIncludePad: Bool = PoolDefaults.countIncludePad) throws {
        try self.init(kernelSize: [kernelSize], stride: stride.map { [$0] }, padding: [padding], ceilMode: ceilMode,
                      countIncludePad: countIncludePad)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.avgPool3d(x, kernel: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
                             countIncludePad: countIncludePad)
    }

    public var summaryName: String {
        "AvgPool3d(\(ConvLayer.text(kernelSize))" + ConvLayer.options([
            ("stride", ConvLayer.text(stride), stride != kernelSize),
            ("padding", ConvLayer.text(padding), padding != [PoolDefaults.padding, PoolDefaults.padding, PoolDefaults.padding]),
            ("ceilMode", "true", ceilMode),
            ("countIncludePad", "false", !countIncludePad),
        ]) + ")"
    }
}
