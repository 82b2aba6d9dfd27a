import NN
import Script
import TensorEngine

/// Every loss function, as PyTorch's `torch.nn.functional` losses with camelCase options.
extension Library {
    static func addLosses(_ lib: inout Library) {
        /// A loss of (input, target) with a reduction.
        /// `leading` options come before the reduction, `extra` after it, in PyTorch's order.
        func loss(_ name: String, _ inputs: (String, String), _ summary: String, leading: [Signature.Parameter] = [],
                  extra: [Signature.Parameter] = [], reduction: String = "mean",
                  _ f: @escaping (Tensor, Tensor, Reduction, BoundArguments) throws -> Tensor) {
            lib.add(name, [Signature.Parameter(inputs.0), Signature.Parameter(inputs.1)] + leading + [.defaulted("reduction", .string(reduction))] + extra,
                    summary) { a, _ in
                Convert.wrap(try f(try a.tensor(inputs.0), try a.tensor(inputs.1), try lossReduction(try a["reduction"], name), a))
            }
        }
        loss("mse", ("prediction", "target"), "the mean squared error.") { p, t, r, _ in try Loss.mse(p, t, reduction: r) }
        loss("l1", ("prediction", "target"), "the mean absolute error.") { p, t, r, _ in try Loss.l1(p, t, reduction: r) }
        addClassLosses(&lib)
        addSequenceLosses(&lib)
        loss("binaryCrossEntropy", ("input", "target"),
             "−w·(t·log p + (1 − t)·log(1 − p)) of probabilities p, logs clamped at −100; weight w broadcasts to the input.",
             leading: [.optional("weight")]) { p, t, r, a in
            try Loss.binaryCrossEntropy(p, t, weight: try a.optionalTensor("weight"), reduction: r)
        }
        loss("binaryCrossEntropyWithLogits", ("input", "target"),
             "binary cross-entropy on logits, in the numerically stable form; weight scales each element, posWeight the positive term (one per class, last axis).",
             leading: [.optional("weight")], extra: [.optional("posWeight")]) { x, t, r, a in
            try Loss.binaryCrossEntropyWithLogits(x, t, weight: try a.optionalTensor("weight"), posWeight: try a.optionalTensor("posWeight"), reduction: r)
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

    /// crossEntropy and nll: class indices (or, for crossEntropy, probabilities) with weight and ignoreIndex.
    private static func addClassLosses(_ lib: inout Library) {
        lib.add("crossEntropy", ["logits", "target", .optional("weight"), .defaulted("ignoreIndex", engine: Loss.Defaults.ignoreIndex),
                                 .defaulted("reduction", "mean"), .defaulted("labelSmoothing", engine: Loss.Defaults.labelSmoothing)],
                "cross-entropy of logits [N, C] (or [N, C, d1, ...], or [C]) against class indices [N] (or [N, d1, ...]) or class probabilities of the logits' shape; weight [C] per class, targets equal to ignoreIndex count nothing, labelSmoothing ε mixes ε/C into every class.") { a, _ in
            Convert.wrap(try Loss.crossEntropy(try a.tensor("logits"), try a.tensor("target"), weight: try a.optionalTensor("weight"),
                                               ignoreIndex: try a.integer("ignoreIndex"), labelSmoothing: try a.number("labelSmoothing"),
                                               reduction: try lossReduction(try a["reduction"], "crossEntropy")))
        }
        lib.add("nll", ["input", "target", .optional("weight"), .defaulted("ignoreIndex", engine: Loss.Defaults.ignoreIndex),
                        .defaulted("reduction", "mean")],
                "negative log-likelihood of log-probabilities [N, C] (a logSoftmax; or [N, C, d1, ...], or [C]) against class indices; weight [C] per class, targets equal to ignoreIndex count nothing.") { a, _ in
            Convert.wrap(try Loss.nll(try a.tensor("input"), try a.tensor("target"), weight: try a.optionalTensor("weight"),
                                      ignoreIndex: try a.integer("ignoreIndex"), reduction: try lossReduction(try a["reduction"], "nll")))
        }
    }

    /// ctc: sequences against unaligned targets.
    private static func addSequenceLosses(_ lib: inout Library) {
        lib.add("ctc", ["logProbs", "targets", "inputLengths", "targetLengths", .defaulted("blank", 0), .defaulted("reduction", "mean"),
                        .defaulted("zeroInfinity", false)],
                "connectionist temporal classification of log-probabilities [T, N, C] against targets [N, S] (or concatenated), as PyTorch's ctc_loss.") { a, _ in
            func lengths(_ label: String) throws -> [Int] {
                try a.tensor(label).elements(as: Double.self, op: "ctc").map { v in
                    guard v == v.rounded(), Swift.abs(v) < 1e15 else {
                        throw ScriptError("ValueError", "ctc: \(label) must hold whole numbers, not \(v)")
                    }
                    return Int(v)
                }
            }
            return Convert.wrap(try Loss.ctc(try a.tensor("logProbs"), try a.tensor("targets"), inputLengths: try lengths("inputLengths"),
                                             targetLengths: try lengths("targetLengths"), blank: try a.integer("blank"),
                                             reduction: try lossReduction(try a["reduction"], "ctc"), zeroInfinity: try a.boolean("zeroInfinity")))
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
