import TensorEngine

/// Root-mean-square normalization over the last dimensions (`normalizedShape`): each sample's features
/// divided by √(mean(x²) + eps), then scaled elementwise (ones). `eps` nil means Float32's machine
/// epsilon, as PyTorch's `RMSNorm(eps=None)`.
public final class RMSNorm: Module {
    public let forwardHooks = ForwardHooks()
    public let normalizedShape: [Int]
    public let eps: Double?
    public let weight: Tensor?
    public var isTraining = true

    public init(_ normalizedShape: [Int], eps: Double? = nil, elementwiseAffine: Bool = Defaults.elementwiseAffine) throws {
        try NormalizedShape.check(normalizedShape, eps: eps, layer: "RMSNorm")
        self.normalizedShape = normalizedShape
        self.eps = eps
        weight = try elementwiseAffine ? NormalizedShape.parameter(normalizedShape, filledWith: 1) : nil
    }

    public convenience init(_ normalizedSize: Int, eps: Double? = nil, elementwiseAffine: Bool = Defaults.elementwiseAffine) throws {
        try self.init([normalizedSize], eps: eps, elementwiseAffine: elementwiseAffine)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.rmsNorm(x, normalizedShape: normalizedShape, weight: weight, eps: eps)
    }

    public var ownParameters: [(String, Tensor)] { weight.map { [("weight", $0)] } ?? [] }

    public var summaryName: String {
        "RMSNorm(\(normalizedShape.count == 1 ? "\(normalizedShape[0])" : "\(normalizedShape)")" + ConvLayer.options([
            ("eps", eps.map { "\($0)" } ?? "", eps != nil),
            ("elementwiseAffine", "false", weight == nil),
        ]) + ")"
    }
}

extension RMSNorm {
    /// PyTorch's default, which the language's `RMSNorm` declares too (eps has none: nil means Float32's epsilon).
    public enum Defaults {
        public static let elementwiseAffine = true
    }
}
