import TensorEngine

/// A fully connected layer: `y = x @ weightᵀ + bias`, weight `[out, in]` as in PyTorch.
public final class Linear: Module {
    public let forwardHooks = ForwardHooks()
    public let weight: Tensor
    public let bias: Tensor?
    public var isTraining = true

    /// Initializes weight and bias uniformly in ±1/√in, PyTorch's default for this layer.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias hasBias: Bool = Defaults.bias) throws {
        guard inFeatures > 0, outFeatures > 0 else {
            throw TensorError(.value, "Linear: feature counts must be positive (got \(inFeatures), \(outFeatures))")
        }
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = try Tensor.rand([outFeatures, inFeatures], low: -bound, high: bound)
        weight.requiresGrad = true
        if hasBias {
            let b = try Tensor.rand([outFeatures], low: -bound, high: bound)
            b.requiresGrad = true
            bias = b
        } else {
            bias = nil
        }
    }

    public func forward(_ x: Tensor) throws -> Tensor { try Tensor.linear(x, weight: weight, bias: bias) }

    public var ownParameters: [(String, Tensor)] {
        bias.map { [("weight", weight), ("bias", $0)] } ?? [("weight", weight)]
    }

    public var summaryName: String { "Linear(\(weight.shape[1]), \(weight.shape[0]))" }
}

extension Linear {
    /// PyTorch's default, which the language's `Linear` declares too.
    public enum Defaults {
        public static let bias = true
    }
}
