import TensorEngine

/// Layer normalization over the last dimensions (`normalizedShape`): each sample's features to mean 0 and
/// variance 1, then an elementwise scale (ones) and shift (zeros).
public final class LayerNorm: Module {
    public let normalizedShape: [Int]
    public let eps: Float
    public let weight: Tensor?, bias: Tensor?
    public var isTraining = true

    public init(_ normalizedShape: [Int], eps: Float = Defaults.eps, elementwiseAffine: Bool = Defaults.elementwiseAffine,
                bias hasBias: Bool = Defaults.bias) throws {
        guard !normalizedShape.isEmpty, normalizedShape.allSatisfy({ $0 > 0 }) else {
            throw TensorError(.value, "LayerNorm: the normalized shape must be non-empty with positive sizes, got \(normalizedShape)")
        }
        guard eps > 0 else { throw TensorError(.value, "LayerNorm: eps must be positive, got \(eps)") }
        try Tensor.zeros(normalizedShape).withUnsafeValues { _ in }   // checks the size before allocating twice
        self.normalizedShape = normalizedShape
        self.eps = eps
        if elementwiseAffine {
            let w = try Tensor.full(checked: normalizedShape, 1)
            w.requiresGrad = true
            weight = w
            if hasBias {
                let b = try Tensor.full(checked: normalizedShape, 0)
                b.requiresGrad = true
                bias = b
            } else {
                bias = nil
            }
        } else {
            (weight, bias) = (nil, nil)
        }
    }

    public convenience init(_ normalizedSize: Int, eps: Float = Defaults.eps, elementwiseAffine: Bool = Defaults.elementwiseAffine,
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
        public static let eps: Float = 1e-5
        public static let elementwiseAffine = true, bias = true
    }
}
