#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Regression losses that grow linearly for large errors, and likelihood losses, as PyTorch defines
/// them; built from differentiable ops, so their gradients are those of the ops.
extension Loss {
    /// Smooth L1: ½(x − y)²/beta where |x − y| < beta, |x − y| − ½beta elsewhere (beta 0: plain L1).
    public static func smoothL1(_ input: Tensor, _ target: Tensor, beta: Double = 1, reduction: Reduction = .mean) throws -> Tensor {
        guard beta >= 0 else { throw TensorError(.value, "smoothL1: beta must be non-negative (got \(beta))") }
        try checkSameShape(input, target, "smoothL1")
        let d = try (input - target).abs()
        if beta == 0 { return try reduce(d, reduction, op: "smoothL1") }
        let quadratic = try (d * d).multiplied(by: 0.5 / beta), linear = try d - Tensor.number(0.5 * beta)
        return try reduce(try Tensor.where(try constant(d) { $0 < beta ? 1 : 0 }, quadratic, linear), reduction, op: "smoothL1")
    }

    /// Huber: ½(x − y)² where |x − y| < delta, delta·(|x − y| − ½delta) elsewhere; smoothL1 times delta.
    public static func huber(_ input: Tensor, _ target: Tensor, delta: Double = 1, reduction: Reduction = .mean) throws -> Tensor {
        guard delta > 0 else { throw TensorError(.value, "huber: delta must be positive (got \(delta))") }
        return try smoothL1(input, target, beta: delta, reduction: reduction).multiplied(by: delta)
    }

    /// max(0, −y·(x1 − x2) + margin): x1 should rank above x2 where y is 1, below where y is −1.
    public static func marginRanking(_ x1: Tensor, _ x2: Tensor, _ y: Tensor, margin: Double = 0, reduction: Reduction = .mean) throws -> Tensor {
        try reduce(try ((try -y) * (x1 - x2) + Tensor.number(margin)).relu(), reduction, op: "marginRanking")
    }

    /// x where y is 1, max(0, margin − x) where y is −1 (x a distance).
    public static func hingeEmbedding(_ input: Tensor, _ y: Tensor, margin: Double = 1, reduction: Reduction = .mean) throws -> Tensor {
        let positive = try constant(y) { $0 == 1 ? 1 : 0 }, negative = try constant(y) { $0 == -1 ? 1 : 0 }
        let losses = try input * positive + (Tensor.number(margin) - input).relu() * negative
        return try reduce(losses, reduction, op: "hingeEmbedding")
    }

    /// max(0, d(a, p) − d(a, n) + margin) with d the p-norm distance over the last axis (eps added to
    /// the difference, as PyTorch's pairwise distance does); with `swap`, d(p, n) replaces d(a, n) when smaller.
    public static func tripletMargin(_ anchor: Tensor, _ positive: Tensor, _ negative: Tensor, margin: Double = 1, p: Float = 2,
                                     eps: Double = 1e-6, swap: Bool = false, reduction: Reduction = .mean) throws -> Tensor {
        guard p > 0 else { throw TensorError(.value, "tripletMargin: p must be positive (got \(p))") }
        func distance(_ a: Tensor, _ b: Tensor) throws -> Tensor {
            try (a - b + Tensor.number(eps)).norm(.p(p), axes: [-1])
        }
        var toNegative = try distance(anchor, negative)
        if swap { toNegative = try toNegative.minimum(try distance(positive, negative)) }
        return try reduce(try (try distance(anchor, positive) - toNegative + Tensor.number(margin)).relu(), reduction, op: "tripletMargin")
    }

    /// The negative log-likelihood of a Poisson target: exp(x) − t·x for log rates x (`logInput`), else
    /// x − t·log(x + eps); `full` adds Stirling's term t·log t − t + ½log(2πt) where t > 1.
    public static func poissonNll(_ input: Tensor, _ target: Tensor, logInput: Bool = true, full: Bool = false, eps: Double = 1e-8,
                                  reduction: Reduction = .mean) throws -> Tensor {
        try checkSameShape(input, target, "poissonNll")
        var losses = logInput ? try input.exp() - target * input : try input - target * (input + Tensor.number(eps)).log()
        if full {
            // Through differentiable ops, as PyTorch, on targets clamped to 1 so that log stays finite
            // where the term is masked off.
            let t = try target.clamp(min: 1)
            let stirling = try t * t.log() - t + (t.multiplied(by: 2 * .pi)).log().multiplied(by: 0.5)
            losses = try losses + stirling * (try constant(target) { $0 > 1 ? 1 : 0 })
        }
        return try reduce(losses, reduction, op: "poissonNll")
    }

    /// The negative log-likelihood of a Gaussian target: ½(log max(var, eps) + (x − t)²/max(var, eps)),
    /// plus ½log 2π with `full`; `variance` broadcasts (one per sample, or one per element).
    public static func gaussianNll(_ input: Tensor, _ target: Tensor, variance: Tensor, full: Bool = false, eps: Double = 1e-6,
                                   reduction: Reduction = .mean) throws -> Tensor {
        try checkSameShape(input, target, "gaussianNll")
        guard try variance.elements(as: Double.self, op: "gaussianNll").allSatisfy({ $0 >= 0 }) else {
            throw TensorError(.value, "gaussianNll: the variance has negative entries")
        }
        // Raised to eps outside the graph, as PyTorch's clamp under no_grad: the gradient reaches every entry.
        let floor = try variance.detach().clamp(min: Tensor.number(eps), max: nil) - variance.detach()
        let v = try variance + floor
        var losses = try (v.log() + (input - target) * (input - target) / v).multiplied(by: 0.5)
        if full { losses = try losses + Tensor.number(0.5 * log(2 * .pi)) }
        return try reduce(losses, reduction, op: "gaussianNll")
    }

    /// `f` of each element of `t` (read exactly as Double), as a float32 tensor outside the graph: masks
    /// of 0 and 1, which every type holds exactly and which take the other operand's type in a product.
    private static func constant(_ t: Tensor, _ f: (Double) -> Float) throws -> Tensor {
        try Tensor(shape: t.shape, values: try t.elements(as: Double.self, op: "loss").map(f))
    }
}

/// Losses on pairs of embeddings and the positive-weighted binary cross-entropy, built from differentiable ops.
extension Loss {
    /// 1 − cos(x1, x2) where y is 1, max(0, cos(x1, x2) − margin) where y is −1; the cosine over the
    /// last axis, with 1e-12 added to each squared length as PyTorch does.
    public static func cosineEmbedding(_ x1: Tensor, _ x2: Tensor, _ y: Tensor, margin: Double = 0,
                                       reduction: Reduction = .mean) throws -> Tensor {
        try checkSameShape(x1, x2, "cosineEmbedding")
        let tiny = Tensor.number(1e-12)
        let lengths = try ((x1 * x1).sum(axes: [-1]) + tiny) * ((x2 * x2).sum(axes: [-1]) + tiny)
        let cosine = try (x1 * x2).sum(axes: [-1]) / lengths.sqrt()
        let positive = try constant(y) { $0 == 1 ? 1 : 0 }, negative = try constant(y) { $0 == -1 ? 1 : 0 }
        let losses = try (1 - cosine) * positive + (cosine - Tensor.number(margin)).relu() * negative
        return try reduce(losses, reduction, op: "cosineEmbedding")
    }

    /// Binary cross-entropy of logits per element with the positive term weighted by `posWeight`
    /// (broadcast): `(1 − t)·x + (1 + (w − 1)·t)·(log(1 + e^−|x|) + max(−x, 0))`, from recorded ops.
    static func positiveWeighted(_ logits: Tensor, _ target: Tensor, _ posWeight: Tensor) throws -> Tensor {
        let softplusOfNegative = try (try -logits).relu() + (try (try -logits.abs()).exp() + 1).log()
        return try (1 - target) * logits + ((posWeight - 1) * target + 1) * softplusOfNegative
    }
}
