import TensorEngine

/// A 3-D convolution layer over `[N, C, D, H, W]` volumes: weight `[out, in/groups, kD, kH, kW]`, bias `[out]`.
public final class Conv3d: Module {
    public let forwardHooks = ForwardHooks()
    public let weight: Tensor
    public let bias: Tensor?
    public let inChannels: Int, outChannels: Int
    public let kernelSize: [Int], stride: [Int], dilation: [Int]
    public let padding: ConvPadding
    public let groups: Int
    public var isTraining = true

    /// Checks the options and initializes as PyTorch does (uniform in ±1/√(in/groups · kD · kH · kW)).
    /// `kernelSize`, `stride` and `dilation` take one value for all three dimensions or three.
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: [Int], stride: [Int] = [ConvDefaults.stride],
                padding: ConvPadding = .explicit([ConvDefaults.padding]), dilation: [Int] = [ConvDefaults.dilation],
                groups: Int = ConvDefaults.groups, bias: Bool = ConvDefaults.bias) throws {
        let layer = "Conv3d"
        self.kernelSize = try ConvLayer.perDimension(kernelSize, dims: 3, "kernel size", layer: layer, minimum: 1)
        self.stride = try ConvLayer.perDimension(stride, dims: 3, "stride", layer: layer, minimum: 1)
        self.dilation = try ConvLayer.perDimension(dilation, dims: 3, "dilation", layer: layer, minimum: 1)
        (weight, self.bias) = try ConvLayer.parameters(layer: layer, inChannels: inChannels, outChannels: outChannels,
                                                       kernel: self.kernelSize, stride: self.stride, padding: padding,
                                                       dilation: self.dilation, groups: groups, bias: bias)
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.padding = padding
        self.groups = groups
    }

    /// The same layer with cubic options.
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = ConvDefaults.stride,
                            padding: ConvPadding = .explicit([ConvDefaults.padding]), dilation: Int = ConvDefaults.dilation,
                            groups: Int = ConvDefaults.groups, bias: Bool = ConvDefaults.bias) throws {
        try self.init(inChannels, outChannels, kernelSize: [kernelSize], stride: [stride], padding: padding,
                      dilation: [dilation], groups: groups, bias: bias)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.conv3d(x, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }

    public var ownParameters: [(String, Tensor)] {
        bias.map { [("weight", weight), ("bias", $0)] } ?? [("weight", weight)]
    }

    public var summaryName: String {
        "Conv3d(\(inChannels), \(outChannels), \(ConvLayer.text(kernelSize))" + ConvLayer.options([
            ("stride", ConvLayer.text(stride), stride != [ConvDefaults.stride, ConvDefaults.stride, ConvDefaults.stride]),
            ("padding", padding.description, !padding.isZero),
            ("dilation", ConvLayer.text(dilation), dilation != [ConvDefaults.dilation, ConvDefaults.dilation, ConvDefaults.dilation]),
            ("groups", "\(groups)", groups != ConvDefaults.groups),
            ("bias", "false", bias == nil),
        ]) + ")"
    }
}
