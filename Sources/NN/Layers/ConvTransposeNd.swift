import TensorEngine

/// A transposed convolution over `D.count` spatial dimensions (the gradient of the convolution, used to
/// upsample): weight `[in, out/groups, k…]` as PyTorch lays it out, bias `[out]`.
///
/// Used through `ConvTranspose1d` and `ConvTranspose2d`. Size options take one value for every
/// dimension or one per dimension; `outputPadding` must be smaller than the stride or the dilation.
public class ConvTransposeNd<D: SpatialDimensions>: Module {
    public let forwardHooks = ForwardHooks()
    public let weight: Tensor
    public let bias: Tensor?
    public let inChannels: Int, outChannels: Int
    public let kernelSize: D.Size, stride: D.Size, padding: D.Size, outputPadding: D.Size, dilation: D.Size
    public let groups: Int
    public var isTraining = true

    /// The layer's name in messages and its text form, such as `ConvTranspose2d`.
    static var layerName: String { "ConvTranspose\(D.count)d" }

    /// Checks the options and initializes as PyTorch does; a ValueError names the layer and option.
    public required init(_ inChannels: Int, _ outChannels: Int, kernelSize: D.Size, stride: D.Size = D.size([ConvDefaults.stride]),
                         padding: D.Size = D.size([ConvDefaults.padding]), outputPadding: D.Size = D.size([ConvDefaults.outputPadding]),
                         groups: Int = ConvDefaults.groups, bias: Bool = ConvDefaults.bias,
                         dilation: D.Size = D.size([ConvDefaults.dilation])) throws {
        let layer = ConvTransposeNd.layerName, dims = D.count
        let k = try ConvLayer.perDimension(D.values(kernelSize), dims: dims, "kernel size", layer: layer, minimum: 1)
        let s = try ConvLayer.perDimension(D.values(stride), dims: dims, "stride", layer: layer, minimum: 1)
        let p = try ConvLayer.perDimension(D.values(padding), dims: dims, "padding", layer: layer, minimum: 0)
        let extra = try ConvLayer.perDimension(D.values(outputPadding), dims: dims, "outputPadding", layer: layer, minimum: 0)
        let d = try ConvLayer.perDimension(D.values(dilation), dims: dims, "dilation", layer: layer, minimum: 1)
        (self.kernelSize, self.stride, self.padding) = (D.size(k), D.size(s), D.size(p))
        (self.outputPadding, self.dilation) = (D.size(extra), D.size(d))
        for i in 0..<dims where extra[i] >= s[i] && extra[i] >= d[i] {
            throw TensorError(.value, "\(layer): outputPadding \(self.outputPadding) must be smaller than the stride \(self.stride) or the dilation \(self.dilation)")
        }
        (weight, self.bias) = try ConvLayer.transposedParameters(layer: layer, inChannels: inChannels, outChannels: outChannels,
                                                                 kernel: k, groups: groups, bias: bias)
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.groups = groups
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        let s = D.values(stride), p = D.values(padding), extra = D.values(outputPadding), d = D.values(dilation)
        if D.count == 1 {
            return try Tensor.convTranspose1d(x, weight: weight, bias: bias, stride: s[0], padding: p[0],
                                              outputPadding: extra[0], groups: groups, dilation: d[0])
        }
        return try Tensor.convTranspose2d(x, weight: weight, bias: bias, stride: s, padding: p,
                                          outputPadding: extra, groups: groups, dilation: d)
    }

    public var ownParameters: [(String, Tensor)] {
        bias.map { [("weight", weight), ("bias", $0)] } ?? [("weight", weight)]
    }

    public var summaryName: String {
        let s = D.values(stride), p = D.values(padding), extra = D.values(outputPadding), d = D.values(dilation)
        return "\(ConvTransposeNd.layerName)(\(inChannels), \(outChannels), \(ConvLayer.text(D.values(kernelSize)))" + ConvLayer.options([
            ("stride", ConvLayer.text(s), s.contains { $0 != ConvDefaults.stride }),
            ("padding", ConvLayer.text(p), p.contains { $0 != ConvDefaults.padding }),
            ("outputPadding", ConvLayer.text(extra), extra.contains { $0 != ConvDefaults.outputPadding }),
            ("groups", "\(groups)", groups != ConvDefaults.groups),
            ("bias", "false", bias == nil),
            ("dilation", ConvLayer.text(d), d.contains { $0 != ConvDefaults.dilation }),
        ]) + ")"
    }
}

/// A 1-D transposed convolution over `[N, C, L]` (the gradient of Conv1d): weight `[in, out/groups, k]`
/// as PyTorch lays it out, bias `[out]`.
public final class ConvTranspose1d: ConvTransposeNd<Spatial1d> {}

/// A 2-D transposed convolution over `[N, C, H, W]` (the gradient of Conv2d, used to upsample): weight
/// `[in, out/groups, kH, kW]` as PyTorch lays it out, bias `[out]`.
public final class ConvTranspose2d: ConvTransposeNd<Spatial2d> {}
