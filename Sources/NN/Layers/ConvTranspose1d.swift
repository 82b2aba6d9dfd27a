import TensorEngine

/// A 1-D transposed convolution over `[N, C, L]` (the gradient of Conv1d): weight `[in, out/groups, k]`
/// as PyTorch lays it out, bias `[out]`.
public final class ConvTranspose1d: Module {
    public let forwardHooks = ForwardHooks()
    public let weight: Tensor
    public let bias: Tensor?
    public let inChannels: Int, outChannels: Int
    public let kernelSize: Int, stride: Int, padding: Int, outputPadding: Int, dilation: Int
    public let groups: Int
    public var isTraining = true

    /// Checks the options and initializes as PyTorch does; `outputPadding` must be smaller than the stride
    /// or the dilation.
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = ConvDefaults.stride,
                padding: Int = ConvDefaults.padding, outputPadding: Int = ConvDefaults.outputPadding,
                groups: Int = ConvDefaults.groups, bias: Bool = ConvDefaults.bias,
                dilation: Int = ConvDefaults.dilation) throws {
        let layer = "ConvTranspose1d"
        self.kernelSize = try ConvLayer.perDimension([kernelSize], dims: 1, "kernel size", layer: layer, minimum: 1)[0]
        self.stride = try ConvLayer.perDimension([stride], dims: 1, "stride", layer: layer, minimum: 1)[0]
        self.padding = try ConvLayer.perDimension([padding], dims: 1, "padding", layer: layer, minimum: 0)[0]
        self.outputPadding = try ConvLayer.perDimension([outputPadding], dims: 1, "outputPadding", layer: layer, minimum: 0)[0]
        self.dilation = try ConvLayer.perDimension([dilation], dims: 1, "dilation", layer: layer, minimum: 1)[0]
        guard outputPadding < stride || outputPadding < dilation else {
            throw TensorError(.value, "\(layer): outputPadding \(outputPadding) must be smaller than the stride \(stride) or the dilation \(dilation)")
        }
        (weight, self.bias) = try ConvLayer.transposedParameters(layer: layer, inChannels: inChannels, outChannels: outChannels,
                                                                 kernel: [kernelSize], groups: groups, bias: bias)
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.groups = groups
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.convTranspose1d(x, weight: weight, bias: bias, stride: stride, padding: padding,
                                   outputPadding: outputPadding, groups: groups, dilation: dilation)
    }

    public var ownParameters: [(String, Tensor)] {
        bias.map { [("weight", weight), ("bias", $0)] } ?? [("weight", weight)]
    }

    public var summaryName: String {
        "ConvTranspose1d(\(inChannels), \(outChannels), \(kernelSize)" + ConvLayer.options([
            ("stride", "\(stride)", stride != ConvDefaults.stride),
            ("padding", "\(padding)", padding != ConvDefaults.padding),
            ("outputPadding", "\(outputPadding)", outputPadding != ConvDefaults.outputPadding),
            ("groups", "\(groups)", groups != ConvDefaults.groups),
            ("bias", "false", bias == nil),
            ("dilation", "\(dilation)", dilation != ConvDefaults.dilation),
        ]) + ")"
    }
}
