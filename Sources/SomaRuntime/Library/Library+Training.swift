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
        addTrainingLosses(&lib)
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
        layer("LeakyReLU", [.defaulted("negativeSlope", engine: Activation.Defaults.negativeSlope)], "the leaky ReLU as a layer.") { .leakyReLU(negativeSlope: try $0.float("negativeSlope")) }
        layer("ReLU6", [], "min(max(x, 0), 6) as a layer.") { _ in .relu6 }
        layer("ELU", [.defaulted("alpha", engine: Activation.Defaults.eluAlpha)], "the exponential linear unit as a layer.") { .elu(alpha: try $0.float("alpha")) }
        layer("GELU", [.defaulted("approximate", engine: Activation.Defaults.geluApproximate)], "the Gaussian error linear unit as a layer.") { .gelu(approximate: try geluApproximation($0)) }
        layer("SiLU", [], "x·sigmoid(x) (swish) as a layer.") { _ in .silu }
        layer("Swish", [], "the same layer as SiLU(), x·sigmoid(x).") { _ in .silu }
        layer("HardSwish", [], "x·relu6(x + 3)/6 as a layer.") { _ in .hardSwish }
        layer("Softplus", [.defaulted("beta", engine: Activation.Defaults.softplusBeta),
                           .defaulted("threshold", engine: Activation.Defaults.softplusThreshold)], "a smooth ReLU as a layer.") {
            .softplus(beta: try $0.float("beta"), threshold: try $0.float("threshold"))
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

    private static func addTrainingLosses(_ lib: inout Library) {
        /// A loss of (input, target) with a reduction.
        func loss(_ name: String, _ inputs: (String, String), _ summary: String, extra: [Signature.Parameter] = [], reduction: String = "mean",
                  _ f: @escaping (Tensor, Tensor, Reduction, BoundArguments) throws -> Tensor) {
            lib.add(name, [Signature.Parameter(inputs.0), Signature.Parameter(inputs.1), .defaulted("reduction", .string(reduction))] + extra,
                    summary) { a, _ in
                Convert.wrap(try f(try a.tensor(inputs.0), try a.tensor(inputs.1), try lossReduction(try a["reduction"], name), a))
            }
        }
        loss("l1", ("prediction", "target"), "the mean absolute error.") { p, t, r, _ in try Loss.l1(p, t, reduction: r) }
        loss("binaryCrossEntropy", ("input", "target"),
             "−(t·log p + (1 − t)·log(1 − p)) of probabilities p, logs clamped at −100.") { p, t, r, _ in
            try Loss.binaryCrossEntropy(p, t, reduction: r)
        }
        loss("binaryCrossEntropyWithLogits", ("input", "target"),
             "binary cross-entropy on logits, in the numerically stable form; posWeight weights the positive term (one per class, last axis).",
             extra: [.optional("posWeight")]) { x, t, r, a in
            guard let w = try a.optionalTensor("posWeight") else { return try Loss.binaryCrossEntropyWithLogits(x, t, reduction: r) }
            return try Loss.binaryCrossEntropyWithLogits(x, t, posWeight: w, reduction: r)
        }
        loss("nll", ("input", "labels"),
             "negative log-likelihood of log-probabilities [N, C] (a logSoftmax) against class indices [N].") { x, y, r, _ in
            try Loss.nll(x, y, reduction: r)
        }
        loss("smoothL1", ("input", "target"), "½(x − y)²/beta where |x − y| < beta, else |x − y| − ½beta (PyTorch's smooth_l1_loss).",
             extra: [.defaulted("beta", 1)]) { x, t, r, a in
            try Loss.smoothL1(x, t, beta: try a.number("beta"), reduction: r)
        }
        loss("huber", ("input", "target"), "½(x − y)² where |x − y| < delta, else delta·(|x − y| − ½delta).",
             extra: [.defaulted("delta", 1)]) { x, t, r, a in
            try Loss.huber(x, t, delta: try a.number("delta"), reduction: r)
        }
        loss("hingeEmbedding", ("input", "target"), "x where the target is 1, max(0, margin − x) where it is −1 (x a distance).",
             extra: [.defaulted("margin", 1)]) { x, y, r, a in
            try Loss.hingeEmbedding(x, y, margin: try a.number("margin"), reduction: r)
        }
        loss("poissonNll", ("input", "target"), "the Poisson negative log-likelihood: exp(x) − t·x of log rates (logInput), else x − t·log(x + eps).",
             extra: [.defaulted("logInput", true), .defaulted("full", false), .defaulted("eps", 1e-8)]) { x, t, r, a in
            try Loss.poissonNll(x, t, logInput: try a.boolean("logInput"), full: try a.boolean("full"), eps: try a.number("eps"), reduction: r)
        }
        lib.add("gaussianNll", ["input", "target", "variance", .defaulted("full", false), .defaulted("eps", 1e-6), .defaulted("reduction", "mean")],
                "the Gaussian negative log-likelihood: ½(log v + (x − t)²/v), v the variance clamped at eps.") { a, _ in
            Convert.wrap(try Loss.gaussianNll(try a.tensor("input"), try a.tensor("target"), variance: try a.tensor("variance"),
                                              full: try a.boolean("full"), eps: try a.number("eps"),
                                              reduction: try lossReduction(try a["reduction"], "gaussianNll")))
        }
        lib.add("marginRanking", ["input1", "input2", "target", .defaulted("margin", 0), .defaulted("reduction", "mean")],
                "max(0, −y·(x1 − x2) + margin): x1 should rank above x2 where y is 1, below where y is −1.") { a, _ in
            Convert.wrap(try Loss.marginRanking(try a.tensor("input1"), try a.tensor("input2"), try a.tensor("target"),
                                                margin: try a.number("margin"), reduction: try lossReduction(try a["reduction"], "marginRanking")))
        }
        lib.add("cosineEmbedding", ["input1", "input2", "target", .defaulted("margin", 0), .defaulted("reduction", "mean")],
                "1 − cos(x1, x2) where the target is 1, max(0, cos(x1, x2) − margin) where it is −1, the cosine over the last axis.") { a, _ in
            Convert.wrap(try Loss.cosineEmbedding(try a.tensor("input1"), try a.tensor("input2"), try a.tensor("target"),
                                                  margin: try a.number("margin"), reduction: try lossReduction(try a["reduction"], "cosineEmbedding")))
        }
        lib.add("tripletMargin", ["anchor", "positive", "negative", .defaulted("margin", 1), .defaulted("p", 2), .defaulted("eps", 1e-6),
                                  .defaulted("swap", false), .defaulted("reduction", "mean")],
                "max(0, d(anchor, positive) − d(anchor, negative) + margin), d the p-norm distance over the last axis.") { a, _ in
            Convert.wrap(try Loss.tripletMargin(try a.tensor("anchor"), try a.tensor("positive"), try a.tensor("negative"),
                                                margin: try a.number("margin"), p: try a.float("p"), eps: try a.number("eps"),
                                                swap: try a.boolean("swap"), reduction: try lossReduction(try a["reduction"], "tripletMargin")))
        }
        loss("klDiv", ("input", "target"), "KL divergence of the target distribution from input log-probabilities, as PyTorch's kl_div.",
             extra: [.defaulted("logTarget", false)], reduction: "batchmean") { x, t, r, a in
            try Loss.klDiv(x, t, reduction: r, logTarget: try a.boolean("logTarget"))
        }
    }

    /// A loss's `reduction:` argument: "mean", "sum", "none" (and "batchmean" for klDiv).
    static func lossReduction(_ v: Value?, _ op: String) throws -> Reduction {
        guard let v else { return .mean }
        let s = try v.string("reduction of \(op)")
        guard let r = Reduction(rawValue: s == "batchMean" ? "batchmean" : s) else {
            throw ScriptError("ValueError", "\(op): reduction must be \"mean\", \"sum\" or \"none\"\(op == "klDiv" ? " or \"batchmean\"" : ""), not \"\(s)\"")
        }
        return r
    }
}
