import TensorEngine

/// Local response normalization across channels (AlexNet): `x / (k + alpha/size · Σ x²)^beta`, the sum
/// over the `size` neighbouring channels of each position. It has no parameters.
public final class LocalResponseNorm: Module {
    public let forwardHooks = ForwardHooks()
    public let size: Int
    public let alpha: Double, beta: Double, k: Double
    public var isTraining = true

    public init(_ size: Int, alpha: Double = Defaults.alpha, beta: Double = Defaults.beta, k: Double = Defaults.k) throws {
        guard size > 0 else { throw TensorError(.value, "LocalResponseNorm: size must be positive, got \(size)") }
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.localResponseNorm(x, size: size, alpha: alpha, beta: beta, k: k,
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
        public static let alpha: Double = 1e-4, beta: Double = 0.75, k: Double = 1
    }
}
