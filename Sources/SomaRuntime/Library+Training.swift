import NN
import Script
import Tensor

/// The training toolbox: more activations (functions and layers), losses, NAdam/RMSProp/Adagrad,
/// gradient clipping and penalties, learning-rate schedulers and weight initializers.
extension Library {
    static func training() -> Library {
        var lib = Library()
        addActivationFunctions(&lib)
        addActivationLayers(&lib)
        addTrainingLosses(&lib)
        addTrainingOptimizers(&lib)
        addSchedulers(&lib)
        addInitializers(&lib)
        return lib
    }

    /// `name(input, options...)` applying `f` to a tensor (numbers and lists are made tensors first).
    private static func activationFunction(_ lib: inout Library, _ name: String, _ options: [String], _ doc: String,
                                           _ f: @escaping (Tensor, [Value?]) throws -> Tensor) {
        lib.add(name, doc) { a, _ in
            let v = try a.bind(name, ["input"] + options, required: 1)
            return Convert.wrap(try f(try Convert.tensor(v[0]!, "the input of \(name)"), Array(v.dropFirst())))
        }
    }

    private static func addActivationFunctions(_ lib: inout Library) {
        activationFunction(&lib, "leakyRelu", ["negativeSlope"], "leakyRelu(x, negativeSlope: 0.01) — x where positive, negativeSlope·x elsewhere.") { x, o in
            try x.leakyRelu(negativeSlope: try Convert.float(o[0], "negativeSlope", default: 0.01))
        }
        activationFunction(&lib, "relu6", [], "relu6(x) — min(max(x, 0), 6).") { x, _ in try x.relu6() }
        activationFunction(&lib, "elu", ["alpha"], "elu(x, alpha: 1) — x where positive, alpha·(exp(x) − 1) elsewhere.") { x, o in
            try x.elu(alpha: try Convert.float(o[0], "alpha", default: 1))
        }
        activationFunction(&lib, "gelu", ["approximate"], "gelu(x, approximate: \"none\") — x·Φ(x), Φ the normal CDF; approximate: \"tanh\" uses the tanh formula.") { x, o in
            try x.gelu(approximate: try geluApproximation(o[0]))
        }
        for name in ["silu", "swish"] {
            activationFunction(&lib, name, [], "\(name)(x) — x·sigmoid(x).") { x, _ in try x.silu() }
        }
        activationFunction(&lib, "hardSwish", [], "hardSwish(x) — x·relu6(x + 3)/6, a cheap swish.") { x, _ in try x.hardSwish() }
        activationFunction(&lib, "softplus", ["beta", "threshold"], "softplus(x, beta: 1, threshold: 20) — log(1 + exp(beta·x))/beta, x itself where beta·x > threshold.") { x, o in
            try x.softplus(beta: try Convert.float(o[0], "beta", default: 1), threshold: try Convert.float(o[1], "threshold", default: 20))
        }
    }

    private static func addActivationLayers(_ lib: inout Library) {
        func layer(_ name: String, _ options: [String], _ doc: String, _ make: @escaping ([Value?]) throws -> Activation) {
            lib.add(name, doc) { a, _ in .object(ModuleValue(try make(try a.bind(name, options)))) }
        }
        layer("LeakyReLU", ["negativeSlope"], "LeakyReLU(negativeSlope: 0.01) — the leaky ReLU as a layer.") {
            .leakyReLU(negativeSlope: try Convert.float($0[0], "negativeSlope", default: 0.01))
        }
        layer("ReLU6", [], "ReLU6() — min(max(x, 0), 6) as a layer.") { _ in .relu6 }
        layer("ELU", ["alpha"], "ELU(alpha: 1) — the exponential linear unit as a layer.") {
            .elu(alpha: try Convert.float($0[0], "alpha", default: 1))
        }
        layer("GELU", ["approximate"], "GELU(approximate: \"none\") — the Gaussian error linear unit as a layer.") {
            .gelu(approximate: try geluApproximation($0[0]))
        }
        layer("SiLU", [], "SiLU() — x·sigmoid(x) (swish) as a layer.") { _ in .silu }
        layer("Swish", [], "Swish() — the same layer as SiLU(), x·sigmoid(x).") { _ in .silu }
        layer("HardSwish", [], "HardSwish() — x·relu6(x + 3)/6 as a layer.") { _ in .hardSwish }
        layer("Softplus", ["beta", "threshold"], "Softplus(beta: 1, threshold: 20) — a smooth ReLU as a layer.") {
            .softplus(beta: try Convert.float($0[0], "beta", default: 1), threshold: try Convert.float($0[1], "threshold", default: 20))
        }
        layer("Softmax", ["axis"], "Softmax(axis: -1) — softmax along an axis as a layer.") {
            .softmax(axis: try $0[0]?.integer("axis") ?? -1)
        }
        layer("LogSoftmax", ["axis"], "LogSoftmax(axis: -1) — log-softmax along an axis as a layer (pair it with nll).") {
            .logSoftmax(axis: try $0[0]?.integer("axis") ?? -1)
        }
    }

    private static func geluApproximation(_ v: Value?) throws -> GELUApproximation {
        guard let v else { return .none }
        let s = try v.string("approximate")
        guard let mode = GELUApproximation(rawValue: s) else {
            throw ScriptError("ValueError", "approximate must be \"none\" or \"tanh\", not \"\(s)\"")
        }
        return mode
    }

    private static func addTrainingLosses(_ lib: inout Library) {
        /// A loss of (input, target) with a reduction.
        func loss(_ name: String, _ names: [String], _ doc: String, extra: [String] = [], defaultReduction: Reduction = .mean,
                  _ f: @escaping (Tensor, Tensor, Reduction, [Value?]) throws -> Tensor) {
            lib.add(name, doc) { a, _ in
                let v = try a.bind(name, names + ["reduction"] + extra, required: 2)
                let reduction = try lossReduction(v[2], name, default: defaultReduction)
                return Convert.wrap(try f(try Convert.tensor(v[0]!, names[0]), try Convert.tensor(v[1]!, names[1]), reduction,
                                          Array(v.dropFirst(3))))
            }
        }
        loss("l1", ["prediction", "target"], "l1(prediction, target, reduction: \"mean\") — the mean absolute error.") { p, t, r, _ in
            try Loss.l1(p, t, reduction: r)
        }
        loss("binaryCrossEntropy", ["input", "target"], "binaryCrossEntropy(probabilities, target, reduction: \"mean\") — −(t·log p + (1 − t)·log(1 − p)), logs clamped at −100.") { p, t, r, _ in
            try Loss.binaryCrossEntropy(p, t, reduction: r)
        }
        loss("binaryCrossEntropyWithLogits", ["input", "target"], "binaryCrossEntropyWithLogits(logits, target, reduction: \"mean\") — binary cross-entropy on logits, in the numerically stable form.") { x, t, r, _ in
            try Loss.binaryCrossEntropyWithLogits(x, t, reduction: r)
        }
        loss("nll", ["input", "labels"], "nll(logProbabilities, labels, reduction: \"mean\") — negative log-likelihood of log-probabilities [N, C] (a logSoftmax) against class indices [N].") { x, y, r, _ in
            try Loss.nll(x, y, reduction: r)
        }
        loss("klDiv", ["input", "target"], "klDiv(input, target, reduction: \"batchmean\", logTarget: false) — KL divergence of the target distribution from input log-probabilities, as PyTorch's kl_div.",
             extra: ["logTarget"], defaultReduction: .batchMean) { x, t, r, o in
            try Loss.klDiv(x, t, reduction: r, logTarget: try o[0]?.boolean("logTarget") ?? false)
        }
    }

    /// A loss's `reduction:` argument: "mean", "sum", "none" (and "batchmean" for klDiv).
    static func lossReduction(_ v: Value?, _ op: String, default d: Reduction = .mean) throws -> Reduction {
        guard let v else { return d }
        let s = try v.string("reduction of \(op)")
        guard let r = Reduction(rawValue: s == "batchMean" ? "batchmean" : s) else {
            throw ScriptError("ValueError", "\(op): reduction must be \"mean\", \"sum\" or \"none\"\(op == "klDiv" ? " or \"batchmean\"" : ""), not \"\(s)\"")
        }
        return r
    }
}
