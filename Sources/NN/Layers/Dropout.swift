import TensorEngine

/// Zeroes each input element with probability `p` in training mode and scales the rest by 1/(1 − p);
/// in evaluation mode (`eval()`) it passes the input through unchanged.
public final class Dropout: Module {
    public let forwardHooks = ForwardHooks()
    public let p: Double
    public var isTraining = true

    public init(p: Double = Defaults.p) throws {
        guard p >= 0, p <= 1 else {
            throw TensorError(.value, "Dropout: probability must be between 0 and 1, got \(p)")
        }
        self.p = p
    }

    public func forward(_ x: Tensor) throws -> Tensor { try x.dropout(p: p, training: isTraining) }

    public var summaryName: String { "Dropout(p: \(p))" }
}

extension Dropout {
    /// PyTorch's default, which the language's `Dropout` and `dropout` declare too.
    public enum Defaults {
        public static let p: Double = 0.5
    }
}
