import TensorEngine

/// The activation layers of PyTorch's remaining elementwise functions and of GLU.
extension Activation {
    public static var selu: Activation { Activation("SELU") { try $0.selu() } }
    public static func celu(alpha: Double = Defaults.celuAlpha) -> Activation {
        Activation("CELU", options: alpha == Defaults.celuAlpha ? "" : "alpha: \(shown(alpha))") { try $0.celu(alpha: alpha) }
    }
    public static var mish: Activation { Activation("Mish") { try $0.mish() } }
    public static var hardsigmoid: Activation { Activation("Hardsigmoid") { try $0.hardsigmoid() } }
    public static func hardtanh(minVal: Double = Defaults.hardtanhMinVal, maxVal: Double = Defaults.hardtanhMaxVal) -> Activation {
        var options: [String] = []
        if minVal != Defaults.hardtanhMinVal { options.append("minVal: \(shown(minVal))") }
        if maxVal != Defaults.hardtanhMaxVal { options.append("maxVal: \(shown(maxVal))") }
        return Activation("Hardtanh", options: options.joined(separator: ", ")) { try $0.hardtanh(minVal: minVal, maxVal: maxVal) }
    }
    public static var softsign: Activation { Activation("Softsign") { try $0.softsign() } }
    /// `x` above `threshold`, `value` elsewhere; both have no default, as in PyTorch.
    public static func threshold(_ threshold: Double, _ value: Double) -> Activation {
        Activation("Threshold", options: "\(shown(threshold)), \(shown(value))") { try $0.threshold(threshold, value) }
    }
    /// The gated linear unit along `axis`: the first half times the sigmoid of the second.
    public static func glu(axis: Int = Defaults.gluAxis) -> Activation {
        Activation("GLU", options: axis == Defaults.gluAxis ? "" : "axis: \(axis)") { try $0.glu(axis: axis) }
    }
}

extension Activation.Defaults {
    public static let celuAlpha: Double = 1
    public static let hardtanhMinVal: Double = -1, hardtanhMaxVal: Double = 1
    /// GLU's axis: the last, as PyTorch's `dim=-1`.
    public static let gluAxis = -1
}
