import TensorEngine

/// A 1-D convolution layer over `[N, C, L]` sequences: weight `[out, in/groups, k]`, bias `[out]`.
public final class Conv1d: Module {
    public let forwardHooks = ForwardHooks()
    public let weight: Tensor
    public let bias: Tensor?
    public let inChannels: Int, outChannels: Int
    public let kernelSize: Int, stride: Int, dilation: Int
    public let padding: ConvPadding
    public let groups: Int
    public var isTraining = true

    /// Checks the options and initializes as PyTorch does (uniform in ±1/√(in/groups · k)).
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = ConvDefaults.stride,
                padding: ConvPadding = .explicit([ConvDefaults.padding]), dilation: Int = ConvDefaults.dilation,
                groups: Int = ConvDefaults.groups, bias: Bool = ConvDefaults.bias) throws {
        let layer = "Conv1d"
        self.kernelSize = try ConvLayer.perDimension([kernelSize], dims: 1, "kernel size", layer: layer, minimum: 1)[0]
        self.stride = try ConvLayer.perDimension([stride], dims: 1, "stride", layer: layer, minimum: 1)[0]
        self.dilation = try ConvLayer.perDimension([dilation], dims: 1, "dilation", layer: layer, minimum: 1)[0]
        (weight, self.bias) = try ConvLayer.parameters(layer: layer, inChannels: inChannels, outChannels: outChannels,
                                                       kernel: [kernelSize], stride: [stride], padding: padding,
                                                       dilation: [dilation], groups: groups, bias: bias)
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.padding = padding
        self.groups = groups
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.conv1d(x, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }

    public var ownParameters: [(String, Tensor)] {
        bias.map { [("weight", weight), ("bias", $0)] } ?? [("weight", weight)]
    }

    public var summaryName: String {
        "Conv1d(\(inChannels), \(outChannels), \(kernelSize)" + ConvLayer.options([
            ("stride", "\(stride)", stride != ConvDefaults.stride),
            ("padding", padding.description, !padding.isZero),
            ("dilation", "\(dilation)", dilation != ConvDefaults.dilation),
            ("groups", "\(groups)", groups != ConvDefaults.groups),
            ("bias", "false", bias == nil),
        ]) + ")"
    }
}
