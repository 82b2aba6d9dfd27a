#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Fused elementwise losses: binary cross-entropy (on probabilities and on logits) and KL divergence.
///
/// Each computes its per-element values in one loop and records one op whose backward rule writes the
/// derivatives directly, which keeps the clamps and stable forms of PyTorch out of the autograd graph
/// (composing `log(p).clamp(min: -100)` would send NaN back from p = 0).
extension Loss {
    /// Binary cross-entropy of probabilities in [0, 1] against targets of the same shape:
    /// `-(t·log p + (1 − t)·log(1 − p))`, with each log clamped at -100 as in PyTorch.
    public static func binaryCrossEntropy(_ probabilities: Tensor, _ target: Tensor,
                                          reduction: Reduction = .mean) throws -> Tensor {
        let name = "binaryCrossEntropy"
        try checkSameShape(probabilities, target, name)
        try rejectBatchMean(reduction, op: name)
        try probabilities.withUnsafeValues { p in
            for i in 0..<p.count where !(p[i] >= 0 && p[i] <= 1) {
                throw TensorError(.value, "\(name): every probability must be in [0, 1]; element \(i) is \(p[i]) (for logits use binaryCrossEntropyWithLogits)")
            }
        }
        let losses = try pointwise(probabilities, target) { p, t in
            -(t * Swift.max(logf(p), -100) + (1 - t) * Swift.max(logf(1 - p), -100))
        }
        return try elementwise(name, losses, reduction, probabilities, target) { x, t, wantInput in
            // PyTorch's rules: (p − t) / max(p (1 − p), 1e-12), and log(1 − p) − log p (unclamped) for the target.
            wantInput ? try pointwise(x, t) { p, t in (p - t) / Swift.max((1 - p) * p, 1e-12) }
                      : try pointwise(x, t) { p, _ in logf(1 - p) - logf(p) }
        }
    }

    /// Binary cross-entropy of logits (before the sigmoid), in the stable form
    /// `max(x, 0) − x·t + log(1 + exp(−|x|))`; its gradient is `sigmoid(x) − t`.
    public static func binaryCrossEntropyWithLogits(_ logits: Tensor, _ target: Tensor,
                                                    reduction: Reduction = .mean) throws -> Tensor {
        let name = "binaryCrossEntropyWithLogits"
        try checkSameShape(logits, target, name)
        try rejectBatchMean(reduction, op: name)
        let losses = try pointwise(logits, target) { x, t in Swift.max(x, 0) - x * t + log1pf(expf(-Swift.abs(x))) }
        return try elementwise(name, losses, reduction, logits, target) { x, t, wantInput in
            wantInput ? try pointwise(x, t) { x, t in 1 / (1 + expf(-x)) - t }
                      : try pointwise(x, t) { x, _ in -x }
        }
    }

    /// Kullback–Leibler divergence as PyTorch's `kl_div`: `input` holds log-probabilities, `target`
    /// probabilities (log-probabilities when `logTarget`); pointwise `t·(log t − input)`, exactly 0 where the
    /// target probability is 0.
    /// The default reduction, `batchMean`, divides the sum by the batch size (the first dimension).
    public static func klDiv(_ input: Tensor, _ target: Tensor, reduction: Reduction = .batchMean,
                             logTarget: Bool = false) throws -> Tensor {
        let name = "klDiv"
        try checkSameShape(input, target, name)
        let losses: Tensor
        if logTarget {
            losses = try pointwise(input, target) { x, t in t == -.infinity ? 0 : expf(t) * (t - x) }
        } else {
            // A zero target contributes exactly 0, even against log 0 = -inf (where PyTorch gives NaN).
            losses = try pointwise(input, target) { x, t in t == 0 ? 0 : t * (logf(t) - x) }
        }
        let batch = input.rank == 0 ? 1 : input.shape[0]
        return try elementwise(name, losses, reduction, input, target, batch: batch) { x, t, wantInput in
            switch (logTarget, wantInput) {
            case (false, true): return try pointwise(x, t) { _, t in -t }
            case (false, false): return try pointwise(x, t) { x, t in logf(t) + 1 - x }
            case (true, true): return try pointwise(x, t) { _, t in -expf(t) }
            case (true, false): return try pointwise(x, t) { x, t in t == -.infinity ? 0 : expf(t) * (t - x + 1) }
            }
        }
    }
}

extension Loss {
    static func checkSameShape(_ input: Tensor, _ target: Tensor, _ op: String) throws {
        guard input.shape == target.shape else {
            throw TensorError(.shape, "\(op): input \(input.shape) and target \(target.shape) differ in shape")
        }
    }

    /// `f(a[i], b[i])` for two tensors of one shape, into a new tensor that records nothing.
    @inline(__always) static func pointwise(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) throws -> Tensor {
        let out = try Tensor.zeros(like: a)
        try a.withUnsafeValues { pa in
            try b.withUnsafeValues { pb in
                try out.withUnsafeMutableValues { po in
                    for i in 0..<po.count { po[i] = f(pa[i], pb[i]) }
                }
            }
        }
        return out
    }

    /// Reduces per-element losses and records the op; `derivative(input, target, wantInput)` gives the
    /// unscaled derivative with respect to the input (true) or the target (false), asked only when needed.
    static func elementwise(_ name: String, _ losses: Tensor, _ reduction: Reduction, _ input: Tensor,
                            _ target: Tensor, batch: Int = 1,
                            _ derivative: @escaping (Tensor, Tensor, Bool) throws -> Tensor) throws -> Tensor {
        let n = losses.count
        let divisor: Int
        switch reduction {
        case .none, .sum: divisor = 1
        case .mean: divisor = max(n, 1)
        case .batchMean: divisor = max(batch, 1)
        }
        let out: Tensor
        if reduction == .none {
            out = losses
        } else {
            let total = losses.withUnsafeValues { l in l.reduce(0.0) { $0 + Double($1) } }
            out = Tensor(Float(total / Double(divisor)))
        }
        let x = input.detach(), t = target.detach()
        let needInput = input.tracksGrad, needTarget = target.tracksGrad
        return out.recording(name, [input, target]) { g in
            func scaled(_ d: Tensor) throws -> Tensor {
                if reduction == .none { return try d * g }
                try d.scaleInPlace(try g.item() / Float(divisor))
                return d
            }
            return [needInput ? try scaled(try derivative(x, t, true)) : nil,
                    needTarget ? try scaled(try derivative(x, t, false)) : nil]
        }
    }
}
