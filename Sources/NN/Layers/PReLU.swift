import TensorEngine

/// The parametric ReLU: `x` where positive, a learned slope times `x` elsewhere, with one slope shared by
/// every channel (`numParameters: 1`) or one per channel (axis 1 of the input), each starting at `init`.
public final class PReLU: Module {
    public let forwardHooks = ForwardHooks()
    public let weight: Tensor
    public var isTraining = true

    public init(numParameters: Int = Defaults.numParameters, init value: Float = Defaults.initialSlope) throws {
        guard numParameters > 0 else {
            throw TensorError(.value, "PReLU: numParameters must be positive, got \(numParameters)")
        }
        weight = try Tensor.full(checked: [numParameters], value)
        weight.requiresGrad = true
    }

    public func forward(_ x: Tensor) throws -> Tensor { try Tensor.prelu(x, weight: weight, op: "PReLU") }

    public var ownParameters: [(String, Tensor)] { [("weight", weight)] }

    public var summaryName: String {
        "PReLU(" + (weight.count == Defaults.numParameters ? "" : "numParameters: \(weight.count)") + ")"
    }
}

extension PReLU {
    /// PyTorch's defaults, which the language's `PReLU` declares too.
    public enum Defaults {
        public static let numParameters = 1
        public static let initialSlope: Float = 0.25
    }
}
