import TensorEngine

/// Checks the gradients that `backward()` computes for `fn` at `inputs` against central finite
/// differences, as PyTorch's `torch.autograd.gradcheck`: returns true, or throws a ValueError naming the
/// input and element that disagree most.
///
/// `fn` receives copies of `inputs` in `dtype` that require gradients: float64 by default, as PyTorch's
/// gradcheck wants, so the finite differences are not drowned in float32 rounding; the defaults eps, atol
/// and rtol are PyTorch's and suit float64 (with `dtype: .float32` pass about eps 1e-2, atol 1e-3, rtol
/// 1e-2). A scalar result is differentiated as it is; any other result is first reduced to
/// `sum(result * R)` with fixed random weights R in [-1, 1], so every element counts with its own weight.
/// The numeric gradient of element j is `(L(x + eps) - L(x - eps)) / (2 eps)`, with L accumulated in
/// Double and the step taken as the inputs actually differ. An element passes when
/// `|analytic - numeric| <= atol + rtol * |numeric|`. Inputs should stay `eps` away from kinks (relu at
/// 0, ties of max).
@discardableResult
public func gradcheck(_ fn: ([Tensor]) throws -> Tensor, _ inputs: [Tensor], eps: Double = 1e-6,
                      atol: Double = 1e-5, rtol: Double = 1e-3, dtype: DType = .float64) throws -> Bool {
    guard eps > 0, eps.isFinite, atol >= 0, rtol >= 0 else {
        throw TensorError(.value, "gradcheck: eps must be positive and atol, rtol non-negative (got \(eps), \(atol), \(rtol))")
    }
    let gradients = try compareGradients(fn, inputs, eps: eps, dtype: dtype)
    var worst: (excess: Double, input: Int, element: Int, analytic: Double, numeric: Double)?
    var failures = 0, total = 0
    for (i, (analytic, numeric)) in zip(gradients.analytic, gradients.numeric).enumerated() {
        for (j, (a, n)) in zip(analytic, numeric).enumerated() {
            let excess = Swift.abs(a - n) - (atol + rtol * Swift.abs(n))
            total += 1
            guard excess > 0 || a.isNaN != n.isNaN else { continue }
            failures += 1
            if worst == nil || excess > worst!.excess || excess.isNaN { worst = (excess, i, j, a, n) }
        }
    }
    guard let w = worst else { return true }
    let index = Shape.strides(inputs[w.input].shape).reduce(into: (w.element, [Int]())) { acc, stride in
        acc.1.append(acc.0 / stride)
        acc.0 %= stride
    }.1
    throw TensorError(.value, "gradcheck: input \(w.input), element \(index): backward() gives \(format(w.analytic)) but finite differences give \(format(w.numeric)) (atol \(format(atol)), rtol \(format(rtol))); \(failures) of \(total) elements disagree")
}

/// Checks second derivatives, as PyTorch's `torch.autograd.gradgradcheck`: the gradients of `fn` taken
/// with `createGraph` are themselves checked by `gradcheck`, so what a backward pass through them gives
/// (Hessian-vector products, gradient penalties) is compared with finite differences of first-order
/// gradients. Returns true, or throws a ValueError naming the input and element that disagree most.
///
/// The first-order gradients are those of `sum(fn(x) * R)` with fixed random weights R (the result
/// itself when scalar), flattened and joined over the floating inputs. Defaults as `gradcheck`'s.
@discardableResult
public func gradgradcheck(_ fn: ([Tensor]) throws -> Tensor, _ inputs: [Tensor], eps: Double = 1e-6,
                          atol: Double = 1e-5, rtol: Double = 1e-3, dtype: DType = .float64) throws -> Bool {
    func firstOrder(_ xs: [Tensor]) throws -> Tensor {
        try enableGrad {
            let leaves = xs.map { x -> Tensor in
                guard x.dtype.isFloatingPoint, !x.tracksGrad else { return x }
                let leaf = x.detach()
                leaf.requiresGrad = true
                return leaf
            }
            let floating = leaves.filter { $0.dtype.isFloatingPoint }
            let y = try fn(leaves)
            var rng = RNG(seed: 0x6EED)
            let objective = y.count == 1 ? y.sum()
                : try (y * Tensor(shape: y.shape, elements: (0..<y.count).map { _ in Double(2 * rng.uniform() - 1) },
                                  dtype: y.dtype.isFloatingPoint ? y.dtype : dtype)).sum()
            let gradients: [Tensor?] = objective.tracksGrad
                ? try Tensor.gradients(of: [objective], withRespectTo: floating, createGraph: true, allowUnused: true)
                : floating.map { _ in nil }
            return try Tensor.concat(zip(floating, gradients).map { x, g in
                try (g ?? Tensor.zeros(x.shape, dtype: x.dtype)).reshape([-1])
            })
        }
    }
    return try gradcheck(firstOrder, inputs, eps: eps, atol: atol, rtol: rtol, dtype: dtype)
}

/// The gradients `gradcheck` compares, per input and element: what `backward()` gave (zeros where it
/// gave none) and the central finite differences.
public struct GradientComparison {
    public let analytic: [[Double]]
    public let numeric: [[Double]]
}

/// The two halves of `gradcheck` without its verdict, for callers with their own tolerance rule.
///
/// Computes the same objective as `gradcheck` (the result itself when scalar, else `sum(result * R)`);
/// inputs outside `only` (when given) get empty lists and cost no evaluations. Throws when `fn` changes
/// its result's shape or `backward()` gives a gradient of the wrong shape.
///
/// Floating inputs are converted to `dtype` (float64 unless given); other inputs (labels) stay as they are.
public func compareGradients(_ fn: ([Tensor]) throws -> Tensor, _ inputs: [Tensor], eps: Double = 1e-6,
                             only: Set<Int>? = nil, dtype: DType = .float64) throws -> GradientComparison {
    guard eps > 0, eps.isFinite else { throw TensorError(.value, "gradcheck: eps must be positive (got \(eps))") }
    guard !inputs.isEmpty else { throw TensorError(.value, "gradcheck: needs at least one input tensor") }
    guard dtype.isFloatingPoint else {
        throw TensorError(.type, "gradcheck: dtype must be a floating-point type (float64 or float32), not \(dtype)")
    }
    let inputs = try inputs.map { $0.dtype.isFloatingPoint ? try $0.detach().to(dtype) : $0 }
    let leaves = try inputs.map { x -> Tensor in
        let leaf = try x.copy()
        leaf.requiresGrad = x.dtype.isFloatingPoint
        return leaf
    }
    // The analytic pass must record even when called inside noGrad.
    let saved = Autograd.isEnabled
    Autograd.isEnabled = true
    defer { Autograd.isEnabled = saved }
    let out = try fn(leaves)
    var rng = RNG(seed: 0x5EED)
    let weights = out.count == 1 ? [1.0] : (0..<out.count).map { _ in Double(2 * rng.uniform() - 1) }
    // A result that depends on no input through the tape gets zero analytic gradients, which the
    // comparison then reports wherever the function does depend on its inputs.
    if out.tracksGrad {
        let r = try Tensor(shape: out.shape, elements: weights, dtype: out.dtype.isFloatingPoint ? out.dtype : .float64)
        try (out.count == 1 ? out.sum() : (out * r).sum()).backward()
    }
    func objective(_ args: [Tensor]) throws -> Double {
        let y = try noGrad { try fn(args) }
        guard y.shape == out.shape else {
            throw TensorError(.value, "gradcheck: fn returned shape \(y.shape) on a perturbed input but \(out.shape) at first")
        }
        return FiniteDifferences.weightedSum(y, weights)
    }
    var analytic: [[Double]] = [], numeric: [[Double]] = []
    for (i, x) in inputs.enumerated() {
        // Labels and masks (integer or bool inputs) are not differentiated.
        guard only?.contains(i) ?? true, x.dtype.isFloatingPoint else {
            analytic.append([])
            numeric.append([])
            continue
        }
        if let g = leaves[i].grad, g.shape != x.shape {
            throw TensorError(.value, "gradcheck: input \(i) has shape \(x.shape) but backward() gave a gradient of shape \(g.shape)")
        }
        analytic.append(leaves[i].grad?.elements(as: Double.self) ?? [Double](repeating: 0, count: x.count))
        numeric.append(try FiniteDifferences.gradient(of: objective, at: inputs, input: i, eps: eps))
    }
    return GradientComparison(analytic: analytic, numeric: numeric)
}

/// A short decimal form for messages.
private func format(_ x: Double) -> String {
    if x == 0 { return "0" }
    guard x.isFinite else { return "\(x)" }
    let magnitude = Swift.abs(x)
    if magnitude >= 1e-4 && magnitude < 1e6 {
        let scaled = (x * 1e6).rounded() / 1e6
        return scaled == scaled.rounded() ? String(Int(scaled)) : "\(scaled)"
    }
    return "\(Float(x))"
}
