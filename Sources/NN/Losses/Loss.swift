import TensorEngine

/// How a loss turns per-element (or per-sample) values into its result, as PyTorch's `reduction`.
public enum Reduction: String, Sendable {
    /// The mean over all elements (over samples for class losses): the default.
    case mean
    /// The sum.
    case sum
    /// No reduction: one loss per element (per sample for class losses).
    case none
    /// The sum divided by the batch size (the first dimension): the mathematically right KL divergence.
    case batchMean = "batchmean"
}

/// Loss functions: each reduces a batch to a scalar mean unless told otherwise.
public enum Loss {
    /// Mean squared error; prediction and target must have the same shape.
    ///
    /// This two-argument form keeps `Loss.mse` usable as a `(Tensor, Tensor) throws -> Tensor` value.
    public static func mse(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
        try mse(prediction, target, reduction: .mean)
    }

    /// Squared error reduced as asked; prediction and target must have the same shape.
    public static func mse(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        guard prediction.shape == target.shape else {
            throw TensorError(.shape, "mse: prediction \(prediction.shape) and target \(target.shape) differ in shape")
        }
        return try reduce(try (prediction - target).pow(2), reduction, op: "mse")
    }

    /// Mean absolute error; the gradient at a zero difference is 0, as PyTorch's.
    public static func l1(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        guard prediction.shape == target.shape else {
            throw TensorError(.shape, "l1: prediction \(prediction.shape) and target \(target.shape) differ in shape")
        }
        return try reduce(try (prediction - target).abs(), reduction, op: "l1")
    }

    /// Mean cross-entropy of logits `[N, C]` against class indices `[N]`; the two-argument form keeps
    /// `Loss.crossEntropy` usable as a `(Tensor, Tensor) throws -> Tensor` value.
    public static func crossEntropy(_ logits: Tensor, _ labels: Tensor) throws -> Tensor {
        try crossEntropy(logits, labels, labelSmoothing: 0, reduction: .mean)
    }

    /// Cross-entropy of logits `[N, C]` against class indices `[N]` (floats of integral value).
    ///
    /// With `labelSmoothing` ε the target is `(1 − ε)·onehot + ε/C` (PyTorch's rule). Fused: one pass
    /// computes log-softmax and picks the targets; the gradient is `softmax − target` per sample, which
    /// needs no second log-softmax (and no sum over classes when ε is 0).
    public static func crossEntropy(_ logits: Tensor, _ labels: Tensor, labelSmoothing: Float = 0,
                                    reduction: Reduction = .mean) throws -> Tensor {
        guard logits.rank == 2, labels.rank == 1, labels.shape[0] == logits.shape[0] else {
            throw TensorError(.shape, "crossEntropy: logits \(logits.shape) need shape [N, C] and labels \(labels.shape) shape [N]")
        }
        guard labelSmoothing >= 0, labelSmoothing <= 1 else {
            throw TensorError(.value, "crossEntropy: labelSmoothing must be in [0, 1] (got \(labelSmoothing))")
        }
        try rejectBatchMean(reduction, op: "crossEntropy")
        let n = logits.shape[0], c = logits.shape[1]
        let classes = try classIndices(labels, classCount: c, op: "crossEntropy")
        let logp = try logits.detach().logSoftmax(axis: 1)
        let eps = labelSmoothing, onTarget = 1 - labelSmoothing, spread = labelSmoothing / Float(max(c, 1))
        var losses = [Float](repeating: 0, count: n)
        logp.withUnsafeValues { lp in
            for i in 0..<n {
                var loss = -Double(onTarget) * Double(lp[i * c + classes[i]])
                if eps != 0 {
                    var all: Double = 0
                    for j in 0..<c { all += Double(lp[i * c + j]) }
                    loss -= Double(spread) * all
                }
                losses[i] = Float(loss)
            }
        }
        return try perSample(losses, reduction, name: "crossEntropy", input: logits) { weights in
            let dx = try logp.exp()
            try dx.withUnsafeMutableValues { d in
                for i in 0..<n {
                    let w = weights(i), row = i * c
                    d[row + classes[i]] -= onTarget
                    if eps != 0 { for j in 0..<c { d[row + j] -= spread } }
                    for j in 0..<c { d[row + j] *= w }
                }
            }
            return dx
        }
    }

    /// Negative log-likelihood of log-probabilities `[N, C]` (a `logSoftmax` output) against class
    /// indices `[N]`: `-logProbs[i, label_i]`.
    public static func nll(_ logProbs: Tensor, _ labels: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        guard logProbs.rank == 2, labels.rank == 1, labels.shape[0] == logProbs.shape[0] else {
            throw TensorError(.shape, "nll: log-probabilities \(logProbs.shape) need shape [N, C] and labels \(labels.shape) shape [N]")
        }
        try rejectBatchMean(reduction, op: "nll")
        let n = logProbs.shape[0], c = logProbs.shape[1]
        let classes = try classIndices(labels, classCount: c, op: "nll")
        let losses = logProbs.withUnsafeValues { lp in (0..<n).map { -lp[$0 * c + classes[$0]] } }
        let shape = logProbs.shape
        return try perSample(losses, reduction, name: "nll", input: logProbs) { weights in
            let dx = try Tensor.full(shape, 0)
            try dx.withUnsafeMutableValues { d in for i in 0..<n { d[i * c + classes[i]] = -weights(i) } }
            return dx
        }
    }
}

extension Loss {
    /// Reduces elementwise losses built from differentiable ops.
    static func reduce(_ elementwise: Tensor, _ reduction: Reduction, op: String) throws -> Tensor {
        switch reduction {
        case .mean: return try elementwise.mean()
        case .sum: return elementwise.sum()
        case .none: return elementwise
        case .batchMean: throw batchMeanError(op)
        }
    }

    static func rejectBatchMean(_ reduction: Reduction, op: String) throws {
        if reduction == .batchMean { throw batchMeanError(op) }
    }

    static func batchMeanError(_ op: String) -> TensorError {
        TensorError(.value, "\(op): reduction 'batchmean' is only for klDiv (use 'mean', 'sum' or 'none')")
    }

    /// Class indices from float labels, or an IndexError naming the first that is not one of `0..<classCount`.
    static func classIndices(_ labels: Tensor, classCount c: Int, op: String) throws -> [Int] {
        try labels.withUnsafeValues { y in
            try (0..<y.count).map { i in
                let v = y[i]
                // Compared as floats first: converting a huge or NaN value to Int would trap.
                guard v == v.rounded(), v >= 0, v < Float(c) else {
                    let shown = v == v.rounded() && Swift.abs(v) < 1e9 ? String(Int(v)) : "\(v)"
                    throw TensorError(.index, "\(op): label \(shown) at position \(i) is not a class index in 0..<\(c)")
                }
                return Int(v)
            }
        }
    }

    /// The result of a fused per-sample loss, recorded with its backward rule.
    ///
    /// `gradient(weights)` returns the input's gradient given `weights(i)`, the factor sample `i`'s
    /// derivative is scaled by: its own incoming gradient when unreduced, else the incoming scalar
    /// (divided by the sample count for a mean).
    static func perSample(_ losses: [Float], _ reduction: Reduction, name: String, input: Tensor,
                          _ gradient: @escaping (_ weights: (Int) -> Float) throws -> Tensor) throws -> Tensor {
        let n = losses.count
        let out: Tensor
        switch reduction {
        case .none: out = try Tensor(shape: [n], values: losses)
        case .sum: out = Tensor(Float(losses.reduce(0.0) { $0 + Double($1) }))
        case .mean, .batchMean: out = Tensor(Float(losses.reduce(0.0) { $0 + Double($1) } / Double(max(n, 1))))
        }
        return out.recording(name, [input]) { g in
            if reduction == .none {
                let upstream = g.values
                return [try gradient { upstream[$0] }]
            }
            let scale = try g.item() / (reduction == .sum ? 1 : Float(max(n, 1)))
            return [try gradient { _ in scale }]
        }
    }
}
