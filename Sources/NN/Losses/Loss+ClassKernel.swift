import TensorEngine

/// The fused kernel of the class-index losses over rows `[M, C]`.
///
/// Sample i's loss is `on_i·(−lp[i, y_i]) + s·Σ_c w_c·(−lp[i, c])`, with lp the row's log-softmax
/// (crossEntropy) or the row itself (nll), `on_i = (1 − ε)·w[y_i]`, `s = ε/C`, and 0 where the target
/// is ignored; the mean divides by `Σ w[y_i]` over the counted samples, as PyTorch's. On log-softmax
/// the gradient of a row is `p·(on_i + s·Σw) − on_i·onehot − s·w`: no second log-softmax, and with
/// neither weight nor smoothing only a subtraction at the target.
struct ClassIndexLoss {
    /// Each sample's class, −1 where ignored.
    let classes: [Int]
    let weight: [Double]?
    let smoothing: Double
    let logSoftmax: Bool

    /// The loss of `input` laid out by `layout`, in `input`'s floating type: float64 in Double, other
    /// types in float32 (given back in their own floating type).
    func apply(_ input: Tensor, _ layout: ClassLayout, reduction: Reduction, name: String) throws -> Tensor {
        switch input.dtype {
        case .float32: return try layout.unrows(try losses(layout.rows(input), Float.self, reduction: reduction, name: name))
        case .float64: return try layout.unrows(try losses(layout.rows(input), Double.self, reduction: reduction, name: name))
        default: return try Loss.keepingType(try apply(try input.to(.float32), layout, reduction: reduction, name: name), input.dtype)
        }
    }

    /// The sum of the counted samples' weights: the divisor of the mean.
    var divisor: Double {
        guard let weight else { return Double(classes.lazy.filter { $0 >= 0 }.count) }
        return classes.reduce(0) { $1 >= 0 ? $0 + weight[$1] : $0 }
    }

    private func losses<T: EngineFloat>(_ rows: Tensor, _: T.Type, reduction: Reduction, name: String) throws -> Tensor {
        let m = rows.shape[0], c = rows.shape[1], shape = rows.shape
        let classes = classes, logSoftmax = logSoftmax
        let lp = logSoftmax ? try rows.detach().logSoftmax(axis: 1) : rows.detach()
        let eps = T(smoothing), spread = eps / T(Swift.max(c, 1))
        let w: [T]? = weight.map { $0.map { T($0) } }
        let weightSum = w?.reduce(0, +) ?? T(c)
        var values = [Double](repeating: 0, count: m)
        try lp.withUnsafeElements(as: T.self) { p in
            for i in 0..<m where classes[i] >= 0 {
                let row = i * c, y = classes[i]
                var loss = -Double((1 - eps) * (w?[y] ?? 1)) * Double(p[row + y])
                if eps != 0 {
                    var all: Double = 0
                    if let w { for j in 0..<c { all += Double(w[j]) * Double(p[row + j]) } }
                    else { for j in 0..<c { all += Double(p[row + j]) } }
                    loss -= Double(spread) * all
                }
                // Rounded to T as a result of that type holds it.
                values[i] = Double(T(loss))
            }
        }
        return try Loss.recordClassLoss(values, divisor: divisor, reduction: reduction, name: name, inputs: [rows], T.self,
                                        composite: { try composite($0[0]) }) { scale in
            let dx = logSoftmax ? try lp.exp() : try Tensor.zeros(shape, dtype: T.dtype)
            try dx.withUnsafeMutableElements(as: T.self, op: name) { d in
                for i in 0..<m {
                    let row = i * c, y = classes[i]
                    guard y >= 0 else {
                        if logSoftmax { for j in 0..<c { d[row + j] = 0 } }
                        continue
                    }
                    let g = scale(i), on = (1 - eps) * (w?[y] ?? 1)
                    guard logSoftmax else { d[row + y] = -on * g; continue }
                    // Σ_c a_c over the row's coefficients; exactly 1 without weights.
                    if w != nil { let total = on + spread * weightSum; for j in 0..<c { d[row + j] *= total } }
                    d[row + y] -= on
                    if eps != 0 {
                        if let w { for j in 0..<c { d[row + j] -= spread * w[j] } } else { for j in 0..<c { d[row + j] -= spread } }
                    }
                    for j in 0..<c { d[row + j] *= g }
                }
            }
            return [dx]
        }
    }

    /// The per-sample losses again from recorded ops, for graph-creating backward passes:
    /// `−Σ_c a[i, c]·lp[i, c]` with the coefficients a a constant.
    private func composite(_ rows: Tensor) throws -> Tensor {
        let m = rows.shape[0], c = rows.shape[1], eps = smoothing, spread = eps / Double(Swift.max(c, 1))
        var a = [Double](repeating: 0, count: m * c)
        for i in 0..<m where classes[i] >= 0 {
            let y = classes[i]
            if eps != 0 { for j in 0..<c { a[i * c + j] = spread * (weight?[j] ?? 1) } }
            a[i * c + y] += (1 - eps) * (weight?[y] ?? 1)
        }
        let lp = logSoftmax ? try rows.logSoftmax(axis: 1) : rows
        return try -(lp * Tensor(shape: [m, c], elements: a, dtype: rows.dtype)).sum(axes: [1])
    }
}

/// crossEntropy against class probabilities over rows `[M, C]`: sample i's loss is
/// `−Σ_c a[i, c]·lp[i, c]` with `a = w·((1 − ε)·t + ε/C)`; the mean divides by M. The gradient is
/// `p·Σa − a` for the logits and `−(1 − ε)·w·lp` for the target.
struct ProbabilityLoss {
    let weight: [Double]?
    let smoothing: Double

    func apply<T: EngineFloat>(_ rows: Tensor, _ target: Tensor, _: T.Type, reduction: Reduction, name: String) throws -> Tensor {
        let m = rows.shape[0], c = rows.shape[1]
        let lp = try rows.detach().logSoftmax(axis: 1), t = target.detach()
        let eps = T(smoothing), spread = eps / T(Swift.max(c, 1))
        let w = (weight ?? [Double](repeating: 1, count: c)).map { T($0) }
        // The coefficients a, computed once for the forward and the backward pass.
        let a = try t.withUnsafeElements(as: T.self) { t in (0..<(m * c)).map { w[$0 % c] * ((1 - eps) * t[$0] + spread) } }
        let values = try lp.withUnsafeElements(as: T.self) { p in
            (0..<m).map { i in
                var loss: Double = 0
                for j in (i * c)..<((i + 1) * c) { loss -= Double(a[j]) * Double(p[j]) }
                return Double(T(loss))
            }
        }
        let needTarget = target.tracksGrad
        return try Loss.recordClassLoss(values, divisor: Double(m), reduction: reduction, name: name, inputs: [rows, target], T.self,
                                        composite: { try composite($0[0], $0[1]) }) { scale in
            let dx = try lp.exp()
            try dx.withUnsafeMutableElements(as: T.self, op: name) { d in
                for i in 0..<m {
                    let row = i * c, g = scale(i)
                    var total: T = 0
                    for j in row..<(row + c) { total += a[j] }
                    for j in row..<(row + c) { d[j] = (d[j] * total - a[j]) * g }
                }
            }
            guard needTarget else { return [dx, nil] }
            let dt = try Tensor.zeros(rows.shape, dtype: T.dtype)
            try lp.withUnsafeElements(as: T.self) { p in
                try dt.withUnsafeMutableElements(as: T.self, op: name) { d in
                    for i in 0..<m {
                        let g = scale(i)
                        for j in (i * c)..<((i + 1) * c) { d[j] = -(1 - eps) * w[j % c] * p[j] * g }
                    }
                }
            }
            return [dx, dt]
        }
    }

    /// The per-sample losses again from recorded ops, for graph-creating backward passes.
    private func composite(_ rows: Tensor, _ target: Tensor) throws -> Tensor {
        let c = rows.shape[1]
        var t = target
        if smoothing != 0 { t = try t.multiplied(by: 1 - smoothing) + Tensor.number(smoothing / Double(Swift.max(c, 1))) }
        var terms = try rows.logSoftmax(axis: 1) * t
        if let weight { terms = try terms * Tensor(shape: [1, c], elements: weight, dtype: rows.dtype) }
        return try -terms.sum(axes: [1])
    }
}

extension Loss {
    /// The result of a fused per-sample class loss, recorded with its backward rule, in `T`'s type.
    ///
    /// `gradient(scale)` returns the inputs' gradients given `scale(i)`, the factor sample `i`'s
    /// derivative is multiplied by: its own incoming gradient when unreduced, else the incoming scalar
    /// (divided by `divisor` for a mean). `composite(inputs)` gives the per-sample losses again from
    /// recorded ops, which a graph-creating backward pass differentiates.
    static func recordClassLoss<T: EngineFloat>(_ values: [Double], divisor: Double, reduction: Reduction, name: String,
                                                inputs: [Tensor], _: T.Type, composite: @escaping ([Tensor]) throws -> Tensor,
                                                _ gradient: @escaping (_ scale: (Int) -> T) throws -> [Tensor?]) throws -> Tensor {
        let out: Tensor
        switch reduction {
        case .none: out = try Tensor(shape: [values.count], elements: values, dtype: T.dtype)
        case .sum: out = try Tensor(shape: [], elements: [values.reduce(0, +)], dtype: T.dtype)
        case .mean, .batchMean: out = try Tensor(shape: [], elements: [values.reduce(0, +) / divisor], dtype: T.dtype)
        }
        return out.recording(name, inputs, twice: false, composite: { xs in
            let losses = try composite(xs)
            switch reduction {
            case .none: return losses
            case .sum: return losses.sum()
            // Nothing counted: NaN as the forward pass, with a zero gradient (not 0·∞).
            case .mean, .batchMean:
                return divisor == 0 ? try losses.sum().multiplied(by: 0) + Tensor.number(.nan) : try losses.sum() / Tensor.number(divisor)
            }
        }) { g in
            if reduction == .none {
                let upstream = try g.withUnsafeElements(as: T.self) { Array($0) }
                return try gradient { upstream[$0] }
            }
            let incoming = try g.withUnsafeElements(as: T.self) { $0[0] }
            let scale = reduction == .sum ? incoming : incoming / T(divisor)
            return try gradient { _ in scale }
        }
    }
}
