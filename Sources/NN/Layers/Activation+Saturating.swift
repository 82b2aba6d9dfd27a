import TensorEngine

/// The activation layers of PyTorch's remaining elementwise functions and of GLU.
extension Activation {
    public static var selu: Activation { Activation("SELU") { try $0.selu() } }
    public static func celu(alpha: Float = Defaults.celuAlpha) -> Activation {
        let a = alpha.decimalDouble
        return Activation("CELU", options: alpha == Defaults.celuAlpha ? "" : "alpha: \(shown(alpha))") { try $0.celu(alpha: a) }
    }
    public static var mish: Activation { Activation("Mish") { try $0.mish() } }
    public static var hardsigmoid: Activation { Activation("Hardsigmoid") { try $0.hardsigmoid() } }
    public static func hardtanh(minVal: Float = Defaults.hardtanhMinVal, maxVal: Float = Defaults.hardtanhMaxVal) -> Activation {
        var options: [String] = []
        if minVal != Defaults.hardtanhMinVal { options.append("minVal: \(shown(minVal))") }
        if maxVal != Defaults.hardtanhMaxVal { options.append("maxVal: \(shown(maxVal))") }
        let low = minVal.decimalDouble, high = maxVal.decimalDouble
        return Activation("Hardtanh", options: options.joined(separator: ", ")) { try $0.hardtanh(minVal: low, maxVal: high) }
    }
    public static var softsign: Activation { Activation("Softsign") { try $0.softsign() } }
    /// `x` above `threshold`, `value` elsewhere; both have no default, as in PyTorch.
    public static func threshold(_ threshold: Float, _ value: Float) -> Activation {
        let t = threshold.decimalDouble, v = value.decimalDouble
        return Activation("Threshold", options: "\(shown(threshold)), \(shown(value))") { try $0.threshold(t, v) }
    }
    /// The gated linear unit along `axis`: the first half times the sigmoid of the second.
    public static func glu(axis: Int = Defaults.gluAxis) -> Activation {
        Activation("GLU", options: axis == Defaults.gluAxis ? "" : "axis: \(axis)") { try $0.glu(axis: axis) }
    }
}

extension Activation.Defaults {
    public static let celuAlpha: Float = 1
    public static let hardtanhMinVal: Float = -1, hardtanhMaxVal: Float = 1
    /// GLU's axis: the last, as PyTorch's `dim=-1`.
    public static let gluAxis = -1
}
