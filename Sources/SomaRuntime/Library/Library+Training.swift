import NN
import Script
import TensorEngine

/// The training toolbox: more activations (functions and layers), losses, NAdam/RMSProp/Adagrad,
/// gradient clipping and penalties, learning-rate schedulers and weight initializers.
extension Library {
    static func training() -> Library {
        var lib = Library()
        addActivationFunctions(&lib)
        addActivationLayers(&lib)
        addSaturatingActivations(&lib)
        addLosses(&lib)
        addTrainingOptimizers(&lib)
        addSchedulers(&lib)
        addInitializers(&lib)
        return lib
    }

    /// `name(input, options...)` applying `f` to a tensor (numbers and lists are made tensors first).
    static func activationFunction(_ lib: inout Library, _ name: String, _ options: [Signature.Parameter], _ summary: String,
                                           _ f: @escaping (Tensor, BoundArguments) throws -> Tensor) {
        lib.add(name, ["input"] + options, summary) { a, _ in
            Convert.wrap(try f(try a.tensor("input", as: "the input of \(name)"), a))
        }
    }

    private static func addActivationFunctions(_ lib: inout Library) {
        activationFunction(&lib, "leakyRelu", [.defaulted("negativeSlope", 0.01)], "x where positive, negativeSlope·x elsewhere.") { x, a in
            try x.leakyRelu(negativeSlope: try a.number("negativeSlope"))
        }
        activationFunction(&lib, "relu6", [], "min(max(x, 0), 6).") { x, _ in try x.relu6() }
        activationFunction(&lib, "elu", [.defaulted("alpha", 1)], "x where positive, alpha·(exp(x) − 1) elsewhere.") { x, a in
            try x.elu(alpha: try a.number("alpha"))
        }
        activationFunction(&lib, "gelu", [.defaulted("approximate", "none")],
                           "x·Φ(x), Φ the normal CDF; approximate: \"tanh\" uses the tanh formula.") { x, a in
            try x.gelu(approximate: try geluApproximation(a))
        }
        for name in ["silu", "swish"] {
            activationFunction(&lib, name, [], "x·sigmoid(x).") { x, _ in try x.silu() }
        }
        activationFunction(&lib, "hardSwish", [], "x·relu6(x + 3)/6, a cheap swish.") { x, _ in try x.hardSwish() }
        activationFunction(&lib, "softplus", [.defaulted("beta", 1), .defaulted("threshold", 20)],
                           "log(1 + exp(beta·x))/beta, x itself where beta·x > threshold.") { x, a in
            try x.softplus(beta: try a.number("beta"), threshold: try a.number("threshold"))
        }
    }

    private static func addActivationLayers(_ lib: inout Library) {
        func layer(_ name: String, _ options: [Signature.Parameter], _ summary: String, _ make: @escaping (BoundArguments) throws -> Activation) {
            lib.add(name, options, summary) { a, _ in .object(ModuleValue(try make(a))) }
        }
        layer("LeakyReLU", [.defaulted("negativeSlope", engine: Activation.Defaults.negativeSlope)], "the leaky ReLU as a layer.") { .leakyReLU(negativeSlope: try $0.number("negativeSlope")) }
        layer("ReLU6", [], "min(max(x, 0), 6) as a layer.") { _ in .relu6 }
        layer("ELU", [.defaulted("alpha", engine: Activation.Defaults.eluAlpha)], "the exponential linear unit as a layer.") { .elu(alpha: try $0.number("alpha")) }
        layer("GELU", [.defaulted("approximate", engine: Activation.Defaults.geluApproximate)], "the Gaussian error linear unit as a layer.") { .gelu(approximate: try geluApproximation($0)) }
        layer("SiLU", [], "x·sigmoid(x) (swish) as a layer.") { _ in .silu }
        layer("Swish", [], "the same layer as SiLU(), x·sigmoid(x).") { _ in .silu }
        layer("HardSwish", [], "x·relu6(x + 3)/6 as a layer.") { _ in .hardSwish }
        layer("Softplus", [.defaulted("beta", engine: Activation.Defaults.softplusBeta),
                           .defaulted("threshold", engine: Activation.Defaults.softplusThreshold)], "a smooth ReLU as a layer.") {
            .softplus(beta: try $0.number("beta"), threshold: try $0.number("threshold"))
        }
        layer("Softmax", [.defaulted("axis", engine: Activation.Defaults.axis)], "softmax along an axis as a layer.") { .softmax(axis: try $0.integer("axis")) }
        layer("LogSoftmax", [.defaulted("axis", engine: Activation.Defaults.axis)], "log-softmax along an axis as a layer (pair it with nll).") { .logSoftmax(axis: try $0.integer("axis")) }
    }

    private static func geluApproximation(_ a: BoundArguments) throws -> GELUApproximation {
        let s = try a.string("approximate")
        guard let mode = GELUApproximation(rawValue: s) else {
            throw ScriptError("ValueError", "approximate must be \"none\" or \"tanh\", not \"\(s)\"")
        }
        return mode
    }
}
