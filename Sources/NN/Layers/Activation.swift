import TensorEngine

/// A parameter-free layer that applies an elementwise function (`Tanh()`, `ReLU()` in the language).
public final class Activation: Module {
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

    public static func leakyReLU(negativeSlope: Float = 0.01) -> Activation {
        Activation("LeakyReLU", options: negativeSlope == 0.01 ? "" : "negativeSlope: \(shown(negativeSlope))") {
            try $0.leakyRelu(negativeSlope: negativeSlope)
        }
    }
    public static var relu6: Activation { Activation("ReLU6") { try $0.relu6() } }
    public static func elu(alpha: Float = 1) -> Activation {
        Activation("ELU", options: alpha == 1 ? "" : "alpha: \(shown(alpha))") { try $0.elu(alpha: alpha) }
    }
    public static func gelu(approximate: GELUApproximation = .none) -> Activation {
        Activation("GELU", options: approximate == .none ? "" : "approximate: \"\(approximate.rawValue)\"") {
            try $0.gelu(approximate: approximate)
        }
    }
    public static var silu: Activation { Activation("SiLU") { try $0.silu() } }
    public static var hardSwish: Activation { Activation("HardSwish") { try $0.hardSwish() } }
    public static func softplus(beta: Float = 1, threshold: Float = 20) -> Activation {
        var options: [String] = []
        if beta != 1 { options.append("beta: \(shown(beta))") }
        if threshold != 20 { options.append("threshold: \(shown(threshold))") }
        return Activation("Softplus", options: options.joined(separator: ", ")) {
            try $0.softplus(beta: beta, threshold: threshold)
        }
    }
    /// Softmax along `axis` (PyTorch's `nn.Softmax(dim)`; the last axis by default).
    public static func softmax(axis: Int = -1) -> Activation {
        Activation("Softmax", options: "axis: \(axis)") { try $0.softmax(axis: axis) }
    }
    /// Log-softmax along `axis`.
    public static func logSoftmax(axis: Int = -1) -> Activation {
        Activation("LogSoftmax", options: "axis: \(axis)") { try $0.logSoftmax(axis: axis) }
    }

    /// An option value as the language writes numbers: `2`, not `2.0`.
    static func shown(_ x: Float) -> String {
        x == x.rounded() && Swift.abs(x) < 1e9 ? String(Int(x)) : "\(x)"
    }
}
