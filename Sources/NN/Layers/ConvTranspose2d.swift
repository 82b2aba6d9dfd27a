import TensorEngine

/// A 2-D transposed convolution over `[N, C, H, W]` (the gradient of Conv2d, used to upsample): weight
/// `[in, out/groups, kH, kW]` as PyTorch lays it out, bias `[out]`.
public final class ConvTranspose2d: Module {
    public let forwardHooks = ForwardHooks()
    public let weight: Tensor
    public let bias: Tensor?
    public let inChannels: Int, outChannels: Int
    public let kernelSize: [Int], stride: [Int], padding: [Int], outputPadding: [Int], dilation: [Int]
    public let groups: Int
    public var isTraining = true

    /// Checks the options and initializes as PyTorch does. Every size option takes one value for both
    /// dimensions or two; `outputPadding` must be smaller than the stride or the dilation.
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: [Int], stride: [Int] = [ConvDefaults.stride],
                padding: [Int] = [ConvDefaults.padding], outputPadding: [Int] = [ConvDefaults.outputPadding],
                groups: Int = ConvDefaults.groups, bias: Bool = ConvDefaults.bias,
                dilation: [Int] = [ConvDefaults.dilation]) throws {
        let layer = "ConvTranspose2d"
        self.kernelSize = try ConvLayer.perDimension(kernelSize, dims: 2, "kernel size", layer: layer, minimum: 1)
        self.stride = try ConvLayer.perDimension(stride, dims: 2, "stride", layer: layer, minimum: 1)
        self.padding = try ConvLayer.perDimension(padding, dims: 2, "padding", layer: layer, minimum: 0)
        self.outputPadding = try ConvLayer.perDimension(outputPadding, dims: 2, "outputPadding", layer: layer, minimum: 0)
        self.dilation = try ConvLayer.perDimension(dilation, dims: 2, "dilation", layer: layer, minimum: 1)
        for i in 0..<2 where self.outputPadding[i] >= self.stride[i] && self.outputPadding[i] >= self.dilation[i] {
            throw TensorError(.value, "\(layer): outputPadding \(self.outputPadding) must be smaller than the stride \(self.stride) or the dilation \(self.dilation)")
        }
        (weight, self.bias) = try ConvLayer.transposedParameters(layer: layer, inChannels: inChannels, outChannels: outChannels,
                                                                 kernel: self.kernelSize, groups: groups, bias: bias)
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.groups = groups
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.convTranspose2d(x, weight: weight, bias: bias, stride: stride, padding: padding,
                                   outputPadding: outputPadding, groups: groups, dilation: dilation)
    }

    public var ownParameters: [(String, Tensor)] {
        bias.map { [("weight", weight), ("bias", $0)] } ?? [("weight", weight)]
    }

    public var summaryName: String {
        "ConvTranspose2d(\(inChannels), \(outChannels), \(ConvLayer.text(kernelSize))" + ConvLayer.options([
            ("stride", ConvLayer.text(stride), stride != [ConvDefaults.stride, ConvDefaults.stride]),
            ("padding", ConvLayer.text(padding), padding != [ConvDefaults.padding, ConvDefaults.padding]),
            ("outputPadding", ConvLayer.text(outputPadding), outputPadding != [ConvDefaults.outputPadding, ConvDefaults.outputPadding]),
            ("groups", "\(groups)", groups != ConvDefaults.groups),
            ("bias", "false", bias == nil),
            ("dilation", ConvLayer.text(dilation), dilation != [ConvDefaults.dilation, ConvDefaults.dilation]),
        ]) + ")"
    }
}
