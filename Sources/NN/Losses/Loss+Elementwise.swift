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
/// (composing `log(p).clamp(min: -100)` would send NaN back from p = 0). A backward pass that creates
/// a graph differentiates each loss's composite form instead, which masks those elements with `where`.
extension Loss {
    /// Binary cross-entropy of probabilities in [0, 1] against targets of the same shape:
    /// `-(t·log p + (1 − t)·log(1 − p))`, with each log clamped at -100 as in PyTorch.
    ///
    /// `weight` scales each element's loss (it broadcasts to the input's shape and is a constant, as
    /// PyTorch's); the mean still divides by the element count.
    public static func binaryCrossEntropy(_ probabilities: Tensor, _ target: Tensor, weight: Tensor? = nil,
                                          reduction: Reduction = .mean) throws -> Tensor {
        let name = "binaryCrossEntropy"
        try checkSameShape(probabilities, target, name)
        try rejectBatchMean(reduction, op: name)
        if let weight {
            let w = try elementWeight(weight, probabilities.shape, "weight", name)
            return try weighted(try binaryCrossEntropy(probabilities, target, reduction: .none), w, reduction, name)
        }
        func outside(_ i: Int, _ p: String) -> TensorError {
            TensorError(.value, "\(name): every probability must be in [0, 1]; element \(i) is \(p) (for logits use binaryCrossEntropyWithLogits)")
        }
        if probabilities.dtype == .float64 {
            let p = try probabilities.elements(as: Double.self, op: name)
            if let i = p.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) { throw outside(i, "\(p[i])") }
        } else {
            try probabilities.withUnsafeValues { p in
                if let i = p.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) { throw outside(i, "\(p[i])") }
            }
        }
        func loss<T: EngineFloat>(_ p: T, _ t: T) -> T { -(t * Swift.max(T.log(p), -100) + (1 - t) * Swift.max(T.log(1 - p), -100)) }
        // PyTorch's rules: (p − t) / max(p (1 − p), 1e-12), and log(1 − p) − log p (unclamped) for the target.
        func dInput<T: EngineFloat>(_ p: T, _ t: T) -> T { (p - t) / Swift.max((1 - p) * p, 1e-12) }
        func dTarget<T: EngineFloat>(_ p: T, _: T) -> T { .log(1 - p) - .log(p) }
        let losses = try pointwise(probabilities, target, loss, loss)
        return try elementwise(name, losses, reduction, probabilities, target, composite: { p, t in
            try -(t * clampedLog(p) + (Tensor.number(1) - t) * clampedLog(Tensor.number(1) - p))
        }) { x, t, wantInput in
            wantInput ? try pointwise(x, t, dInput, dInput) : try pointwise(x, t, dTarget, dTarget)
        }
    }

    /// Binary cross-entropy of logits (before the sigmoid), in the stable form
    /// `max(x, 0) − x·t + log(1 + exp(−|x|))`; its gradient is `sigmoid(x) − t`.
    ///
    /// `weight` scales each element's loss (broadcast to the input's shape, a constant); `posWeight`
    /// scales the positive term, `−w·(pw·t·log σ(x) + (1 − t)·log(1 − σ(x)))`, and broadcasts to the
    /// target's shape (one per class on the last axis).
    public static func binaryCrossEntropyWithLogits(_ logits: Tensor, _ target: Tensor, weight: Tensor? = nil,
                                                    posWeight: Tensor? = nil, reduction: Reduction = .mean) throws -> Tensor {
        let name = "binaryCrossEntropyWithLogits"
        try checkSameShape(logits, target, name)
        try rejectBatchMean(reduction, op: name)
        if weight != nil || posWeight != nil {
            let losses: Tensor
            if let posWeight {
                _ = try elementWeight(posWeight, target.shape, "posWeight", name)
                losses = try positiveWeighted(logits, target, posWeight)
            } else {
                losses = try binaryCrossEntropyWithLogits(logits, target, reduction: .none)
            }
            guard let weight else { return try reduce(losses, reduction, op: name) }
            return try weighted(losses, try elementWeight(weight, logits.shape, "weight", name), reduction, name)
        }
        func loss<T: EngineFloat>(_ x: T, _ t: T) -> T { Swift.max(x, 0) - x * t + .log1p(.exp(-Swift.abs(x))) }
        func dInput<T: EngineFloat>(_ x: T, _ t: T) -> T { 1 / (1 + .exp(-x)) - t }
        func dTarget<T: EngineFloat>(_ x: T, _: T) -> T { -x }
        let losses = try pointwise(logits, target, loss, loss)
        return try elementwise(name, losses, reduction, logits, target, composite: { x, t in try x.softplus() - x * t }) { x, t, wantInput in
            wantInput ? try pointwise(x, t, dInput, dInput) : try pointwise(x, t, dTarget, dTarget)
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
        func logLoss<T: EngineFloat>(_ x: T, _ t: T) -> T { t == -.infinity ? 0 : .exp(t) * (t - x) }
        // A zero target contributes exactly 0, even against log 0 = -inf (where PyTorch gives NaN).
        func loss<T: EngineFloat>(_ x: T, _ t: T) -> T { t == 0 ? 0 : t * (.log(t) - x) }
        func dInput<T: EngineFloat>(_: T, _ t: T) -> T { -t }
        func dTarget<T: EngineFloat>(_ x: T, _ t: T) -> T { .log(t) + 1 - x }
        func dLogInput<T: EngineFloat>(_: T, _ t: T) -> T { -.exp(t) }
        func dLogTarget<T: EngineFloat>(_ x: T, _ t: T) -> T { t == -.infinity ? 0 : .exp(t) * (t - x + 1) }
        let losses = logTarget ? try pointwise(input, target, logLoss, logLoss) : try pointwise(input, target, loss, loss)
        let batch = input.rank == 0 ? 1 : input.shape[0]
        return try elementwise(name, losses, reduction, input, target, batch: batch,
                               composite: { x, t in try klDivergence(x, t, logTarget: logTarget) }) { x, t, wantInput in
            switch (logTarget, wantInput) {
            case (false, true): return try pointwise(x, t, dInput, dInput)
            case (false, false): return try pointwise(x, t, dTarget, dTarget)
            case (true, true): return try pointwise(x, t, dLogInput, dLogInput)
            case (true, false): return try pointwise(x, t, dLogTarget, dLogTarget)
            }
        }
    }
}

extension Loss {
    /// `weight` as a constant of the loss's shape, or a ShapeError naming `what` unless it broadcasts to `shape`.
    static func elementWeight(_ weight: Tensor, _ shape: [Int], _ what: String, _ op: String) throws -> Tensor {
        guard (try? Shape.broadcast(weight.shape, shape, op: op)) == shape else {
            throw TensorError(.shape, "\(op): \(what) \(weight.shape) does not broadcast to the input's shape \(shape)")
        }
        return weight.detach()
    }

    /// Per-element `losses` times the constant `weight`, reduced; the weight takes the losses' type.
    static func weighted(_ losses: Tensor, _ weight: Tensor, _ reduction: Reduction, _ op: String) throws -> Tensor {
        try reduce(try losses * weight.to(losses.dtype), reduction, op: op)
    }

    static func checkSameShape(_ input: Tensor, _ target: Tensor, _ op: String) throws {
        guard input.shape == target.shape else {
            throw TensorError(.shape, "\(op): input \(input.shape) and target \(target.shape) differ in shape")
        }
    }

    /// `f(a[i], b[i])` for two tensors of one shape, into a new tensor that records nothing: `f64` in
    /// Double when either is float64, `f` in float32 otherwise (the result float32 too).
    @inline(__always) static func pointwise(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float,
                                            _ f64: (Double, Double) -> Double) throws -> Tensor {
        if a.dtype == .float64 || b.dtype == .float64 {
            let pa = try a.elements(as: Double.self, op: "loss"), pb = try b.elements(as: Double.self, op: "loss")
            return try Tensor(shape: a.shape, elements: (0..<pa.count).map { f64(pa[$0], pb[$0]) }, dtype: .float64)
        }
        let out = try Tensor.zeros(a.shape)
        try a.withUnsafeValues { pa in
            try b.withUnsafeValues { pb in
                try out.withUnsafeMutableValues { po in
                    for i in 0..<po.count { po[i] = f(pa[i], pb[i]) }
                }
            }
        }
        return out
    }

    /// `max(log p, −100)` from recorded ops, for graph-creating backward passes: where the clamp holds,
    /// `where`s keep log 0 out of the graph, so those elements get gradient 0 rather than NaN.
    static func clampedLog(_ p: Tensor) throws -> Tensor {
        let kept = try p.detach().log() > Tensor.number(-100)
        return try Tensor.where(kept, Tensor.where(kept, p, Tensor.number(1)).log(), Tensor.number(-100))
    }

    /// KL divergence's pointwise values from recorded ops, for graph-creating backward passes: the
    /// terms with a zero target probability are 0, through `where`s that send them no gradient (and
    /// no NaN from log 0).
    static func klDivergence(_ x: Tensor, _ t: Tensor, logTarget: Bool) throws -> Tensor {
        let zero = Tensor.number(0)
        if logTarget {
            let absent = try t.detach() == Tensor.number(-.infinity)
            let safe = try Tensor.where(absent, zero, t)
            return try Tensor.where(absent, zero, safe.exp() * (safe - x))
        }
        let absent = try t.detach() == zero
        let safe = try Tensor.where(absent, Tensor.number(1), t)
        return try Tensor.where(absent, zero, t * (safe.log() - x))
    }

    /// Reduces per-element losses and records the op; `derivative(input, target, wantInput)` gives the
    /// unscaled derivative with respect to the input (true) or the target (false), asked only when needed.
    /// `composite(input, target)` gives the per-element losses again from recorded ops, which a
    /// graph-creating backward pass differentiates.
    static func elementwise(_ name: String, _ losses: Tensor, _ reduction: Reduction, _ input: Tensor,
                            _ target: Tensor, batch: Int = 1, composite: @escaping (Tensor, Tensor) throws -> Tensor,
                            _ derivative: @escaping (Tensor, Tensor, Bool) throws -> Tensor) throws -> Tensor {
        let n = losses.count
        let divisor: Int
        switch reduction {
        case .none, .sum: divisor = 1
        case .mean: divisor = max(n, 1)
        case .batchMean: divisor = max(batch, 1)
        }
        var out = losses
        if reduction != .none {
            let total = losses.dtype == .float64 ? try losses.elements(as: Double.self, op: name).reduce(0, +)
                : losses.withUnsafeValues { l in l.reduce(0.0) { $0 + Double($1) } }
            out = try Tensor(shape: [], elements: [total / Double(divisor)], dtype: losses.dtype)
        }
        let x = input.detach(), t = target.detach()
        let needInput = input.tracksGrad, needTarget = target.tracksGrad
        let result = out.recording(name, [input, target], twice: false, composite: { inputs in
            let values = try composite(inputs[0], inputs[1])
            return try reduction == .batchMean ? values.sum() / Tensor.number(Double(divisor)) : reduce(values, reduction, op: name)
        }) { g in
            func scaled(_ d: Tensor) throws -> Tensor {
                if reduction == .none { return try d * g }
                if d.dtype == .float64 { return try d * Tensor.number(try g.itemValue() / Double(divisor)) }
                try d.scaleInPlace(try g.item() / Float(divisor))
                return d
            }
            return [needInput ? try scaled(try derivative(x, t, true)) : nil,
                    needTarget ? try scaled(try derivative(x, t, false)) : nil]
        }
        return try keepingType(result, Tensor.resultType(input, target))
    }
}
