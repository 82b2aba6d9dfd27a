import TensorEngine

/// Layer normalization over the last dimensions (`normalizedShape`): each sample's features to mean 0 and
/// variance 1, then an elementwise scale (ones) and shift (zeros).
public final class LayerNorm: Module {
    public let forwardHooks = ForwardHooks()
    public let normalizedShape: [Int]
    public let eps: Double
    public let weight: Tensor?, bias: Tensor?
    public var isTraining = true

    public init(_ normalizedShape: [Int], eps: Double = Defaults.eps, elementwiseAffine: Bool = Defaults.elementwiseAffine,
                bias hasBias: Bool = Defaults.bias) throws {
        try NormalizedShape.check(normalizedShape, eps: eps, layer: "LayerNorm")
        self.normalizedShape = normalizedShape
        self.eps = eps
        weight = try elementwiseAffine ? NormalizedShape.parameter(normalizedShape, filledWith: 1) : nil
        bias = try elementwiseAffine && hasBias ? NormalizedShape.parameter(normalizedShape, filledWith: 0) : nil
    }

    public convenience init(_ normalizedSize: Int, eps: Double = Defaults.eps, elementwiseAffine: Bool = Defaults.elementwiseAffine,
                            bias: Bool = Defaults.bias) throws {
        try self.init([normalizedSize], eps: eps, elementwiseAffine: elementwiseAffine, bias: bias)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.layerNorm(x, normalizedShape: normalizedShape, weight: weight, bias: bias, eps: eps)
    }

    public var ownParameters: [(String, Tensor)] {
        [("weight", weight), ("bias", bias)].compactMap { name, t in t.map { (name, $0) } }
    }

    public var summaryName: String {
        "LayerNorm(\(normalizedShape.count == 1 ? "\(normalizedShape[0])" : "\(normalizedShape)")" + ConvLayer.options([
            ("eps", "\(eps)", eps != Defaults.eps),
            ("elementwiseAffine", "false", weight == nil),
            ("bias", "false", weight != nil && bias == nil),
        ]) + ")"
    }
}

extension LayerNorm {
    /// PyTorch's defaults, which the language's `LayerNorm` and `layerNorm` declare too.
    public enum Defaults {
        public static let eps: Double = 1e-5
        public static let elementwiseAffine = true, bias = true
    }
}
