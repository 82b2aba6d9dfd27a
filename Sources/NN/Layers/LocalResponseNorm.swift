import TensorEngine

/// Local response normalization across channels (AlexNet): `x / (k + alpha/size · Σ x²)^beta`, the sum
/// over the `size` neighbouring channels of each position. It has no parameters.
public final class LocalResponseNorm: Module {
    public let forwardHooks = ForwardHooks()
    public let size: Int
    public let alpha: Float, beta: Float, k: Float
    public var isTraining = true

    public init(_ size: Int, alpha: Float = Defaults.alpha, beta: Float = Defaults.beta, k: Float = Defaults.k) throws {
        guard size > 0 else { throw TensorError(.value, "LocalResponseNorm: size must be positive, got \(size)") }
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.localResponseNorm(x, size: size, alpha: alpha.decimalDouble, beta: beta.decimalDouble, k: k.decimalDouble,
                                     op: "LocalResponseNorm")
    }

    public var summaryName: String {
        "LocalResponseNorm(\(size)" + ConvLayer.options([
            ("alpha", Activation.shown(alpha), alpha != Defaults.alpha),
            ("beta", Activation.shown(beta), beta != Defaults.beta),
            ("k", Activation.shown(k), k != Defaults.k),
        ]) + ")"
    }
}

extension LocalResponseNorm {
    /// PyTorch's defaults, which the language's `LocalResponseNorm` and `localResponseNorm` declare too.
    public enum Defaults {
        public static let alpha: Float = 1e-4, beta: Float = 0.75, k: Float = 1
    }
}
