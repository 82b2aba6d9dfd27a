import NN
import Script
import TensorEngine

/// PyTorch's remaining activations as functions and layers: selu, celu, mish, hardsigmoid, hardtanh,
/// softsign, threshold, glu, and the learned-slope PReLU.
extension Library {
    static func addSaturatingActivations(_ lib: inout Library) {
        addSaturatingFunctions(&lib)
        addSaturatingLayers(&lib)
    }

    private static func addSaturatingFunctions(_ lib: inout Library) {
        activationFunction(&lib, "selu", [], "scale·elu(x, alpha) with SELU's fixed alpha ≈ 1.673 and scale ≈ 1.051.") { x, _ in try x.selu() }
        activationFunction(&lib, "celu", [.defaulted("alpha", engine: Activation.Defaults.celuAlpha)],
                           "x where positive, alpha·(exp(x/alpha) − 1) elsewhere.") { x, a in
            try x.celu(alpha: try a.number("alpha"))
        }
        activationFunction(&lib, "mish", [], "x·tanh(softplus(x)).") { x, _ in try x.mish() }
        activationFunction(&lib, "hardsigmoid", [], "0 below −3, 1 above 3, x/6 + 1/2 between.") { x, _ in try x.hardsigmoid() }
        activationFunction(&lib, "hardtanh", [.defaulted("minVal", engine: Activation.Defaults.hardtanhMinVal),
                                              .defaulted("maxVal", engine: Activation.Defaults.hardtanhMaxVal)],
                           "x clamped to [minVal, maxVal].") { x, a in
            try x.hardtanh(minVal: try a.number("minVal"), maxVal: try a.number("maxVal"))
        }
        activationFunction(&lib, "softsign", [], "x/(1 + |x|).") { x, _ in try x.softsign() }
        activationFunction(&lib, "threshold", ["threshold", "value"], "x where greater than threshold, value elsewhere.") { x, a in
            try x.threshold(try a.number("threshold"), try a.number("value"))
        }
        activationFunction(&lib, "glu", [.defaulted("axis", engine: Activation.Defaults.gluAxis)],
                           "a·sigmoid(b), a and b the two halves of x along axis.") { x, a in
            try x.glu(axis: try a.integer("axis"))
        }
        activationFunction(&lib, "prelu", ["weight"],
                           "x where positive, weight·x elsewhere; weight has 1 slope or one per channel (axis 1).") { x, a in
            try Tensor.prelu(x, weight: try a.tensor("weight"))
        }
    }

    private static func addSaturatingLayers(_ lib: inout Library) {
        func layer(_ name: String, _ options: [Signature.Parameter], _ summary: String, _ make: @escaping (BoundArguments) throws -> Activation) {
            lib.add(name, options, summary) { a, _ in .object(ModuleValue(try make(a))) }
        }
        layer("SELU", [], "the scaled exponential linear unit as a layer.") { _ in .selu }
        layer("CELU", [.defaulted("alpha", engine: Activation.Defaults.celuAlpha)], "the continuously differentiable ELU as a layer.") {
            .celu(alpha: try $0.number("alpha"))
        }
        layer("Mish", [], "x·tanh(softplus(x)) as a layer.") { _ in .mish }
        layer("Hardsigmoid", [], "the piecewise-linear sigmoid as a layer.") { _ in .hardsigmoid }
        layer("Hardtanh", [.defaulted("minVal", engine: Activation.Defaults.hardtanhMinVal),
                           .defaulted("maxVal", engine: Activation.Defaults.hardtanhMaxVal)], "x clamped to [minVal, maxVal] as a layer.") { a in
            let minVal = try a.number("minVal"), maxVal = try a.number("maxVal")
            guard minVal <= maxVal else { throw ScriptError("ValueError", "Hardtanh: minVal (\(minVal)) must not exceed maxVal (\(maxVal))") }
            return .hardtanh(minVal: minVal, maxVal: maxVal)
        }
        layer("Softsign", [], "x/(1 + |x|) as a layer.") { _ in .softsign }
        layer("Threshold", ["threshold", "value"], "x where greater than threshold, value elsewhere, as a layer.") {
            .threshold(try $0.number("threshold"), try $0.number("value"))
        }
        layer("GLU", [.defaulted("axis", engine: Activation.Defaults.gluAxis)], "the gated linear unit along an axis as a layer.") {
            .glu(axis: try $0.integer("axis"))
        }
        lib.add("PReLU", [.defaulted("numParameters", engine: PReLU.Defaults.numParameters),
                          .defaulted("init", engine: PReLU.Defaults.initialSlope)],
                "the leaky ReLU with learned slopes: 1 shared or one per channel (axis 1).") { a, _ in
            .object(ModuleValue(try PReLU(numParameters: try a.integer("numParameters"), init: try a.float("init"))))
        }
    }
}
