import TensorEngine

/// Max pooling over windows of `D.count` spatial dimensions; the stride defaults to the kernel size and
/// padding counts as −∞.
///
/// Used through `MaxPool1d`, `MaxPool2d` and `MaxPool3d`. Size options take one value for every
/// dimension or one per dimension; the properties hold one per dimension.
public class MaxPoolNd<D: SpatialDimensions>: Module {
    public let forwardHooks = ForwardHooks()
    public let kernelSize: D.Size, stride: D.Size, padding: D.Size, dilation: D.Size
    public let ceilMode: Bool
    public var isTraining = true

    /// The layer's name in messages and its text form, such as `MaxPool2d`.
    static var layerName: String { "MaxPool\(D.count)d" }

    /// Checks the options; a ValueError names the layer and option.
    public required init(kernelSize: D.Size, stride: D.Size? = nil, padding: D.Size = D.size([PoolDefaults.padding]),
                         dilation: D.Size = D.size([PoolDefaults.dilation]), ceilMode: Bool = PoolDefaults.ceilMode) throws {
        let layer = MaxPoolNd.layerName
        let window = try PoolWindow(kernel: D.values(kernelSize), stride: stride.map(D.values), padding: D.values(padding),
                                    dims: D.count, layer: layer)
        let d = try ConvLayer.perDimension(D.values(dilation), dims: D.count, "dilation", layer: layer, minimum: 1)
        (self.kernelSize, self.stride, self.padding) = (D.size(window.kernel), D.size(window.stride), D.size(window.padding))
        self.dilation = D.size(d)
        self.ceilMode = ceilMode
    }

    /// The same layer with the same size in every dimension.
    public convenience init(_ kernelSize: Int, stride: Int? = nil, padding: Int = PoolDefaults.padding,
                            dilation: Int = PoolDefaults.dilation, ceilMode: Bool = PoolDefaults.ceilMode) throws {
        try self.init(kernelSize: D.size([kernelSize]), stride: stride.map { D.size([$0]) }, padding: D.size([padding]),
                      dilation: D.size([dilation]), ceilMode: ceilMode)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        let k = D.values(kernelSize), s = D.values(stride), p = D.values(padding), d = D.values(dilation)
        switch D.count {
        case 1: return try Tensor.maxPool1d(x, kernel: k[0], stride: s[0], padding: p[0], dilation: d[0], ceilMode: ceilMode)
        case 2: return try Tensor.maxPool2d(x, kernel: k, stride: s, padding: p, dilation: d, ceilMode: ceilMode)
        default: return try Tensor.maxPool3d(x, kernel: k, stride: s, padding: p, dilation: d, ceilMode: ceilMode)
        }
    }

    public var summaryName: String {
        let d = D.values(dilation)
        return PoolWindow(kernel: D.values(kernelSize), stride: D.values(stride), padding: D.values(padding))
            .text(MaxPoolNd.layerName, [
                ("dilation", ConvLayer.text(d), d.contains { $0 != PoolDefaults.dilation }),
                ("ceilMode", "true", ceilMode),
            ])
    }
}

/// Average pooling over windows of `D.count` spatial dimensions; the stride defaults to the kernel size
/// and zero padding counts in the average unless `countIncludePad` is false.
///
/// Used through `AvgPool1d`, `AvgPool2d` and `AvgPool3d`, with the options of `MaxPoolNd`.
public class AvgPoolNd<D: SpatialDimensions>: Module {
    public let forwardHooks = ForwardHooks()
    public let kernelSize: D.Size, stride: D.Size, padding: D.Size
    public let ceilMode: Bool, countIncludePad: Bool
    public var isTraining = true

    /// The layer's name in messages and its text form, such as `AvgPool2d`.
    static var layerName: String { "AvgPool\(D.count)d" }

    /// Checks the options; a ValueError names the layer and option.
    public required init(kernelSize: D.Size, stride: D.Size? = nil, padding: D.Size = D.size([PoolDefaults.padding]),
                         ceilMode: Bool = PoolDefaults.ceilMode, countIncludePad: Bool = PoolDefaults.countIncludePad) throws {
        let window = try PoolWindow(kernel: D.values(kernelSize), stride: stride.map(D.values), padding: D.values(padding),
                                    dims: D.count, layer: AvgPoolNd.layerName)
        (self.kernelSize, self.stride, self.padding) = (D.size(window.kernel), D.size(window.stride), D.size(window.padding))
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
    }

    /// The same layer with the same size in every dimension.
    public convenience init(_ kernelSize: Int, stride: Int? = nil, padding: Int = PoolDefaults.padding,
                            ceilMode: Bool = PoolDefaults.ceilMode, countIncludePad: Bool = PoolDefaults.countIncludePad) throws {
        try self.init(kernelSize: D.size([kernelSize]), stride: stride.map { D.size([$0]) }, padding: D.size([padding]),
                      ceilMode: ceilMode, countIncludePad: countIncludePad)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        let k = D.values(kernelSize), s = D.values(stride), p = D.values(padding)
        switch D.count {
        case 1: return try Tensor.avgPool1d(x, kernel: k[0], stride: s[0], padding: p[0], ceilMode: ceilMode, countIncludePad: countIncludePad)
        case 2: return try Tensor.avgPool2d(x, kernel: k, stride: s, padding: p, ceilMode: ceilMode, countIncludePad: countIncludePad)
        default: return try Tensor.avgPool3d(x, kernel: k, stride: s, padding: p, ceilMode: ceilMode, countIncludePad: countIncludePad)
        }
    }

    public var summaryName: String {
        PoolWindow(kernel: D.values(kernelSize), stride: D.values(stride), padding: D.values(padding))
            .text(AvgPoolNd.layerName, [
                ("ceilMode", "true", ceilMode),
                ("countIncludePad", "false", !countIncludePad),
            ])
    }
}

/// Max pooling over windows of `[N, C, L]` sequences; the stride defaults to the kernel size.
public final class MaxPool1d: MaxPoolNd<Spatial1d> {}

/// Max pooling over 2-D windows of `[N, C, H, W]` images; the stride defaults to the kernel size.
public final class MaxPool2d: MaxPoolNd<Spatial2d> {}

/// Max pooling over 3-D windows of `[N, C, D, H, W]` volumes; the stride defaults to the kernel size.
public final class MaxPool3d: MaxPoolNd<Spatial3d> {}

/// Average pooling over windows of `[N, C, L]` sequences; the stride defaults to the kernel size.
public final class AvgPool1d: AvgPoolNd<Spatial1d> {}

/// Average pooling over 2-D windows of `[N, C, H, W]` images; the stride defaults to the kernel size and
/// zero padding counts in the average unless `countIncludePad` is false.
public final class AvgPool2d: AvgPoolNd<Spatial2d> {}

/// Average pooling over 3-D windows of `[N, C, D, H, W]` volumes; the stride defaults to the kernel size and
/// zero padding counts in the average unless `countIncludePad` is false.
public final class AvgPool3d: AvgPoolNd<Spatial3d> {}
