import TensorEngine

/// A convolution layer over `D.count` spatial dimensions, initialized as PyTorch does (uniform in
/// ±1/√(in/groups · kernel volume)): weight `[out, in/groups, k…]`, bias `[out]`.
///
/// Used through `Conv1d`, `Conv2d` and `Conv3d`. Size options take one value for every dimension or
/// one per dimension; the properties hold one per dimension.
public class ConvNd<D: SpatialDimensions>: Module {
    public let forwardHooks = ForwardHooks()
    public let weight: Tensor
    public let bias: Tensor?
    public let inChannels: Int, outChannels: Int
    public let kernelSize: D.Size, stride: D.Size, dilation: D.Size
    public let padding: ConvPadding
    public let groups: Int
    public var isTraining = true

    /// The layer's name in messages and its text form, such as `Conv2d`.
    static var layerName: String { "Conv\(D.count)d" }

    /// Checks the options and initializes the parameters; a ValueError names the layer and option.
    public required init(_ inChannels: Int, _ outChannels: Int, kernelSize: D.Size, stride: D.Size = D.size([ConvDefaults.stride]),
                         padding: ConvPadding = .explicit([ConvDefaults.padding]), dilation: D.Size = D.size([ConvDefaults.dilation]),
                         groups: Int = ConvDefaults.groups, bias: Bool = ConvDefaults.bias) throws {
        let layer = ConvNd.layerName, dims = D.count
        let k = try ConvLayer.perDimension(D.values(kernelSize), dims: dims, "kernel size", layer: layer, minimum: 1)
        let s = try ConvLayer.perDimension(D.values(stride), dims: dims, "stride", layer: layer, minimum: 1)
        let d = try ConvLayer.perDimension(D.values(dilation), dims: dims, "dilation", layer: layer, minimum: 1)
        (weight, self.bias) = try ConvLayer.parameters(layer: layer, inChannels: inChannels, outChannels: outChannels,
                                                       kernel: k, stride: s, padding: padding,
                                                       dilation: d, groups: groups, bias: bias)
        (self.kernelSize, self.stride, self.dilation) = (D.size(k), D.size(s), D.size(d))
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.padding = padding
        self.groups = groups
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        let s = D.values(stride), d = D.values(dilation)
        switch D.count {
        case 1: return try Tensor.conv1d(x, weight: weight, bias: bias, stride: s[0], padding: padding, dilation: d[0], groups: groups)
        case 2: return try Tensor.conv2d(x, weight: weight, bias: bias, stride: s, padding: padding, dilation: d, groups: groups)
        default: return try Tensor.conv3d(x, weight: weight, bias: bias, stride: s, padding: padding, dilation: d, groups: groups)
        }
    }

    public var ownParameters: [(String, Tensor)] {
        bias.map { [("weight", weight), ("bias", $0)] } ?? [("weight", weight)]
    }

    public var summaryName: String {
        let s = D.values(stride), d = D.values(dilation)
        return "\(ConvNd.layerName)(\(inChannels), \(outChannels), \(ConvLayer.text(D.values(kernelSize)))" + ConvLayer.options([
            ("stride", ConvLayer.text(s), s.contains { $0 != ConvDefaults.stride }),
            ("padding", padding.description, !padding.isZero),
            ("dilation", ConvLayer.text(d), d.contains { $0 != ConvDefaults.dilation }),
            ("groups", "\(groups)", groups != ConvDefaults.groups),
            ("bias", "false", bias == nil),
        ]) + ")"
    }
}

extension ConvNd where D.Size == [Int] {
    /// The same layer with the same size in every dimension.
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = ConvDefaults.stride,
                            padding: ConvPadding = .explicit([ConvDefaults.padding]), dilation: Int = ConvDefaults.dilation,
                            groups: Int = ConvDefaults.groups, bias: Bool = ConvDefaults.bias) throws {
        try self.init(inChannels, outChannels, kernelSize: [kernelSize], stride: [stride], padding: padding,
                      dilation: [dilation], groups: groups, bias: bias)
    }
}

/// A 1-D convolution layer over `[N, C, L]` sequences: weight `[out, in/groups, k]`, bias `[out]`.
public final class Conv1d: ConvNd<Spatial1d> {}

/// A 2-D convolution layer over `[N, C, H, W]` images: weight `[out, in/groups, kH, kW]`, bias `[out]`.
public final class Conv2d: ConvNd<Spatial2d> {}

/// A 3-D convolution layer over `[N, C, D, H, W]` volumes: weight `[out, in/groups, kD, kH, kW]`, bias `[out]`.
public final class Conv3d: ConvNd<Spatial3d> {}
