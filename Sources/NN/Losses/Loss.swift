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
    /// needs no second log-softmax (and no sum over classes when ε is 0). float64 logits compute in
    /// Double; other types than float32 compute in float32 and give their floating type back.
    public static func crossEntropy(_ logits: Tensor, _ labels: Tensor, labelSmoothing: Double = 0,
                                    reduction: Reduction = .mean) throws -> Tensor {
        guard logits.rank == 2, labels.rank == 1, labels.shape[0] == logits.shape[0] else {
            throw TensorError(.shape, "crossEntropy: logits \(logits.shape) need shape [N, C] and labels \(labels.shape) shape [N]")
        }
        guard labelSmoothing >= 0, labelSmoothing <= 1 else {
            throw TensorError(.value, "crossEntropy: labelSmoothing must be in [0, 1] (got \(labelSmoothing))")
        }
        try rejectBatchMean(reduction, op: "crossEntropy")
        switch logits.dtype {
        case .float32: break
        case .float64: return try crossEntropy64(logits, labels, labelSmoothing: labelSmoothing, reduction: reduction)
        default:
            let result = try crossEntropy(try logits.to(.float32), labels, labelSmoothing: labelSmoothing, reduction: reduction)
            return try keepingType(result, logits.dtype)
        }
        let n = logits.shape[0], c = logits.shape[1]
        let classes = try classIndices(labels, classCount: c, op: "crossEntropy")
        let logp = try logits.detach().logSoftmax(axis: 1)
        let eps = Float(labelSmoothing), onTarget = 1 - eps, spread = eps / Float(max(c, 1))
        var losses = [Double](repeating: 0, count: n)
        logp.withUnsafeValues { lp in
            for i in 0..<n {
                var loss = -Double(onTarget) * Double(lp[i * c + classes[i]])
                if eps != 0 {
                    var all: Double = 0
                    for j in 0..<c { all += Double(lp[i * c + j]) }
                    loss -= Double(spread) * all
                }
                // Rounded to Float as the float32 result holds it.
                losses[i] = Double(Float(loss))
            }
        }
        return try perSample(losses, reduction, name: "crossEntropy", input: logits,
                             composite: { try smoothedCrossEntropy($0, classes, labelSmoothing) }) { weights in
            let dx = try logp.exp()
            try dx.withUnsafeMutableValues { d in
                for i in 0..<n {
                    let w = Float(weights(i)), row = i * c
                    d[row + classes[i]] -= onTarget
                    if eps != 0 { for j in 0..<c { d[row + j] -= spread } }
                    for j in 0..<c { d[row + j] *= w }
                }
            }
            return dx
        }
    }

    /// `crossEntropy` of float64 logits, every step in Double.
    private static func crossEntropy64(_ logits: Tensor, _ labels: Tensor, labelSmoothing: Double,
                                       reduction: Reduction) throws -> Tensor {
        let n = logits.shape[0], c = logits.shape[1], shape = logits.shape
        let classes = try classIndices(labels, classCount: c, op: "crossEntropy")
        let lp = try logits.detach().logSoftmax(axis: 1).elements(as: Double.self, op: "crossEntropy")
        let eps = labelSmoothing, onTarget = 1 - eps, spread = eps / Double(max(c, 1))
        let losses = (0..<n).map { i in
            var loss = -onTarget * lp[i * c + classes[i]]
            if eps != 0 { loss -= spread * lp[(i * c)..<((i + 1) * c)].reduce(0, +) }
            return loss
        }
        return try perSample(losses, reduction, name: "crossEntropy", input: logits,
                             composite: { try smoothedCrossEntropy($0, classes, labelSmoothing) }) { weights in
            var d = lp.map { Double.exp($0) }
            for i in 0..<n {
                let w = weights(i), row = i * c
                d[row + classes[i]] -= onTarget
                for j in 0..<c { d[row + j] = (d[row + j] - spread) * w }
            }
            return try Tensor(shape: shape, elements: d, dtype: .float64)
        }
    }

    /// Negative log-likelihood of log-probabilities `[N, C]` (a `logSoftmax` output) against class
    /// indices `[N]`: `-logProbs[i, label_i]`, in the log-probabilities' floating type (float64 in Double).
    public static func nll(_ logProbs: Tensor, _ labels: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        guard logProbs.rank == 2, labels.rank == 1, labels.shape[0] == logProbs.shape[0] else {
            throw TensorError(.shape, "nll: log-probabilities \(logProbs.shape) need shape [N, C] and labels \(labels.shape) shape [N]")
        }
        try rejectBatchMean(reduction, op: "nll")
        if logProbs.dtype != .float32 && logProbs.dtype != .float64 {
            return try keepingType(try nll(try logProbs.to(.float32), labels, reduction: reduction), logProbs.dtype)
        }
        let n = logProbs.shape[0], c = logProbs.shape[1], shape = logProbs.shape
        let classes = try classIndices(labels, classCount: c, op: "nll")
        if logProbs.dtype == .float64 {
            let lp = try logProbs.elements(as: Double.self, op: "nll")
            return try perSample((0..<n).map { -lp[$0 * c + classes[$0]] }, reduction, name: "nll", input: logProbs,
                                 composite: { try pickedLoss($0, classes) }) { weights in
                var d = [Double](repeating: 0, count: n * c)
                for i in 0..<n { d[i * c + classes[i]] = -weights(i) }
                return try Tensor(shape: shape, elements: d, dtype: .float64)
            }
        }
        let losses = logProbs.withUnsafeValues { lp in (0..<n).map { -Double(lp[$0 * c + classes[$0]]) } }
        return try perSample(losses, reduction, name: "nll", input: logProbs, composite: { try pickedLoss($0, classes) }) { weights in
            let dx = try Tensor.full(shape, 0)
            try dx.withUnsafeMutableValues { d in for i in 0..<n { d[i * c + classes[i]] = -Float(weights(i)) } }
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

    /// Class indices from labels of any dtype, or an IndexError naming the first that is not one of
    /// `0..<classCount`.
    static func classIndices(_ labels: Tensor, classCount c: Int, op: String) throws -> [Int] {
        let y = try labels.elements(as: Double.self, op: op)
        return try (0..<y.count).map { i in
            let v = y[i]
            // Compared as floats first: converting a huge or NaN value to Int would trap.
            guard v == v.rounded(), v >= 0, v < Double(c) else {
                // A float32 label shows as the float32 it is (1e+30, not its Double expansion).
                let exact = labels.dtype == .float64 ? "\(v)" : "\(Float(v))"
                let shown = v == v.rounded() && Swift.abs(v) < 1e9 ? String(Int(v)) : exact
                throw TensorError(.index, "\(op): label \(shown) at position \(i) is not a class index in 0..<\(c)")
            }
            return Int(v)
        }
    }

    /// `result` in the inputs' floating type `type` (a loss of float16 logits computed in float32 gives float16);
    /// the result itself for integer inputs, whose losses are float32.
    static func keepingType(_ result: Tensor, _ type: DType) throws -> Tensor {
        type.isFloatingPoint && result.dtype != type ? try result.to(type) : result
    }

    /// The result of a fused per-sample loss, recorded with its backward rule, in `input`'s type
    /// (float32 or float64).
    ///
    /// `gradient(weights)` returns the input's gradient given `weights(i)`, the factor sample `i`'s
    /// derivative is scaled by: its own incoming gradient when unreduced, else the incoming scalar
    /// (divided by the sample count for a mean). `composite(input)` gives the per-sample losses again
    /// from recorded ops, which a graph-creating backward pass differentiates.
    static func perSample(_ losses: [Double], _ reduction: Reduction, name: String, input: Tensor,
                          composite: @escaping (Tensor) throws -> Tensor,
                          _ gradient: @escaping (_ weights: (Int) -> Double) throws -> Tensor) throws -> Tensor {
        let n = losses.count, type = input.dtype
        let out: Tensor
        switch reduction {
        case .none: out = try Tensor(shape: [n], elements: losses, dtype: type)
        case .sum: out = try Tensor(shape: [], elements: [losses.reduce(0, +)], dtype: type)
        case .mean, .batchMean: out = try Tensor(shape: [], elements: [losses.reduce(0, +) / Double(max(n, 1))], dtype: type)
        }
        return out.recording(name, [input], twice: false, composite: { x in try reduce(composite(x[0]), reduction, op: name) }) { g in
            if reduction == .none {
                let upstream = try g.elements(as: Double.self, op: name)
                return [try gradient { upstream[$0] }]
            }
            if type == .float64 {
                let scale = try g.itemValue() / Double(reduction == .sum ? 1 : max(n, 1))
                return [try gradient { _ in scale }]
            }
            // The float32 scale as float32 arithmetic forms it.
            let scale = try g.item() / (reduction == .sum ? 1 : Float(max(n, 1)))
            return [try gradient { _ in Double(scale) }]
        }
    }

    /// `−Σ_j target[i, j] · logProbs[i, j]` per sample, from recorded ops, with the target
    /// `(1 − ε)·onehot + ε/C` a constant: the per-sample losses of nll (ε 0) and, on a log-softmax,
    /// of crossEntropy.
    static func pickedLoss(_ logProbs: Tensor, _ classes: [Int], labelSmoothing eps: Double = 0) throws -> Tensor {
        let n = logProbs.shape[0], c = logProbs.shape[1]
        var target = [Double](repeating: eps / Double(Swift.max(c, 1)), count: n * c)
        for i in 0..<n { target[i * c + classes[i]] += 1 - eps }
        let weights = try Tensor(shape: [n, c], elements: target, dtype: logProbs.dtype)
        return try -(logProbs * weights).sum(axes: [1])
    }

    /// crossEntropy's per-sample losses from recorded ops: the form a graph-creating pass differentiates.
    static func smoothedCrossEntropy(_ logits: Tensor, _ classes: [Int], _ eps: Double) throws -> Tensor {
        try pickedLoss(logits.logSoftmax(axis: 1), classes, labelSmoothing: eps)
    }
}
