import TensorEngine

/// A parameter-free layer that applies an elementwise function (`Tanh()`, `ReLU()` in the language).
public final class Activation: Module {
    public let forwardHooks = ForwardHooks()
    public let name: String
    /// The options shown between the parentheses of `summaryName` (`negativeSlope: 0.1`), empty for none.
    public let options: String
    private let function: (Tensor) throws -> Tensor
    public var isTraining = true

    public init(_ name: String, options: String = "", _ function: @escaping (Tensor) throws -> Tensor) {
        self.name = name
        self.options = options
        self.function = function
    }

    public func forward(_ x: Tensor) throws -> Tensor { try function(x) }
    public var summaryName: String { name + "(" + options + ")" }

    public static var tanh: Activation { Activation("Tanh") { try $0.tanh() } }
    public static var sigmoid: Activation { Activation("Sigmoid") { try $0.sigmoid() } }
    public static var relu: Activation { Activation("ReLU") { try $0.relu() } }

    public static func leakyReLU(negativeSlope: Double = Defaults.negativeSlope) -> Activation {
        Activation("LeakyReLU", options: negativeSlope == Defaults.negativeSlope ? "" : "negativeSlope: \(shown(negativeSlope))") {
            try $0.leakyRelu(negativeSlope: negativeSlope)
        }
    }
    public static var relu6: Activation { Activation("ReLU6") { try $0.relu6() } }
    public static func elu(alpha: Double = Defaults.eluAlpha) -> Activation {
        Activation("ELU", options: alpha == Defaults.eluAlpha ? "" : "alpha: \(shown(alpha))") { try $0.elu(alpha: alpha) }
    }
    public static func gelu(approximate: GELUApproximation = Defaults.geluApproximate) -> Activation {
        Activation("GELU", options: approximate == Defaults.geluApproximate ? "" : "approximate: \"\(approximate.rawValue)\"") {
            try $0.gelu(approximate: approximate)
        }
    }
    public static var silu: Activation { Activation("SiLU") { try $0.silu() } }
    public static var hardSwish: Activation { Activation("HardSwish") { try $0.hardSwish() } }
    public static func softplus(beta: Double = Defaults.softplusBeta, threshold: Double = Defaults.softplusThreshold) -> Activation {
        var options: [String] = []
        if beta != Defaults.softplusBeta { options.append("beta: \(shown(beta))") }
        if threshold != Defaults.softplusThreshold { options.append("threshold: \(shown(threshold))") }
        return Activation("Softplus", options: options.joined(separator: ", ")) {
            try $0.softplus(beta: beta, threshold: threshold)
        }
    }
    /// Softmax along `axis` (PyTorch's `nn.Softmax(dim)`; the last axis by default).
    public static func softmax(axis: Int = Defaults.axis) -> Activation {
        Activation("Softmax", options: "axis: \(axis)") { try $0.softmax(axis: axis) }
    }
    /// Log-softmax along `axis`.
    public static func logSoftmax(axis: Int = Defaults.axis) -> Activation {
        Activation("LogSoftmax", options: "axis: \(axis)") { try $0.logSoftmax(axis: axis) }
    }

    /// An option value as the language writes numbers: `2`, not `2.0`.
    static func shown(_ x: Double) -> String {
        x == x.rounded() && Swift.abs(x) < 1e9 ? String(Int(x)) : "\(x)"
    }
}

extension Activation {
    /// PyTorch's defaults of the activation layers' options, which the language's layers declare too.
    public enum Defaults {
        public static let negativeSlope: Double = 0.01, eluAlpha: Double = 1
        public static let geluApproximate = GELUApproximation.none
        public static let softplusBeta: Double = 1, softplusThreshold: Double = 20
        /// Softmax's and log-softmax's axis: the last.
        public static let axis = -1
    }
}
