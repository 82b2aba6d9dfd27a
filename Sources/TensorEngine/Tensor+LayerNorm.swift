/// Layer normalization and RMS normalization over the trailing dimensions, as fused primitives: one pass
/// for each row's statistics, one for the output, and the closed-form backward rule.
///
/// float32 runs the fused kernel; float64 computes the same formula in Double from differentiable ops;
/// other types compute in float32 and round back (`Tensor.inFloatingType`). A backward pass with
/// `createGraph` differentiates the float32 kernel through that composed formula.
extension Tensor {
    /// Normalizes over the last dimensions (`normalizedShape`) to mean 0 and variance 1 (biased), then
    /// scales by `weight` and shifts by `bias`, both of `normalizedShape` when given.
    public static func layerNorm(_ x: Tensor, normalizedShape: [Int], weight: Tensor? = nil, bias: Tensor? = nil,
                                 eps: Double = 1e-5) throws -> Tensor {
        try rowNorm("layerNorm", x, normalizedShape, weight, bias, eps: eps, center: true)
    }

    /// Divides by the root mean square over the last dimensions (`normalizedShape`), then scales by
    /// `weight`; `eps` defaults to the machine epsilon of the type computed in (float32's for float32,
    /// float64's for float64), as PyTorch's `RMSNorm` with `eps=None`.
    public static func rmsNorm(_ x: Tensor, normalizedShape: [Int], weight: Tensor? = nil, eps: Double? = nil) throws -> Tensor {
        try rowNorm("rmsNorm", x, normalizedShape, weight, nil, eps: eps, center: false)
    }

    /// `y = (x − μ)·r·w + b` per row of the trailing `normalizedShape`, with μ the row mean (0 unless
    /// `center`) and r = 1/√(mean((x − μ)²) + eps); `eps` nil is the machine epsilon of the input's type.
    static func rowNorm(_ op: String, _ x: Tensor, _ normalizedShape: [Int], _ weight: Tensor?, _ bias: Tensor?,
                        eps: Double?, center: Bool) throws -> Tensor {
        guard !normalizedShape.isEmpty, normalizedShape.count <= x.rank,
              Array(x.shape.suffix(normalizedShape.count)) == normalizedShape else {
            throw TensorError.shape("\(op): input \(describe(x.shape)) does not end in the normalized shape \(describe(normalizedShape))")
        }
        for (name, t) in [("weight", weight), ("bias", bias)] {
            if let t, t.shape != normalizedShape {
                throw TensorError.shape("\(op): \(name) \(describe(t.shape)) does not match the normalized shape \(describe(normalizedShape))")
            }
        }
        let type = floatingType([x, weight, bias])
        let eps = eps ?? (type == .float64 ? Double.ulpOfOne : type == .float16 ? 0x1p-10 : type == .bfloat16 ? 0x1p-7 : Double(Float.ulpOfOne))
        return try inFloatingType([x, weight, bias]) { t in
            try rowNorm32(op, t[0]!, normalizedShape, t[1], t[2], eps: Float(eps), center: center)
        } float64: { t in
            try rowNormComposed(t[0]!, normalizedShape, t[1], t[2], eps: eps, center: center)
        }
    }

    /// `rowNorm` composed of recorded ops, in the inputs' type: the float64 computation (in Double,
    /// gradients too), and the float32 kernel's composite form, which a graph-creating pass differentiates.
    private static func rowNormComposed(_ x: Tensor, _ normalizedShape: [Int], _ weight: Tensor?, _ bias: Tensor?,
                                  eps: Double, center: Bool) throws -> Tensor {
        let axes = Array((x.rank - normalizedShape.count)..<x.rank)
        let centered = center ? try x - x.mean(axes: axes, keepDims: true) : x
        var y = try centered / ((centered * centered).mean(axes: axes, keepDims: true) + Tensor.number(eps)).sqrt()
        if let weight { y = try y * weight }
        if let bias { y = try y + bias }
        return y
    }

    /// `rowNorm` of float32 tensors: the fused kernel.
    private static func rowNorm32(_ op: String, _ x: Tensor, _ normalizedShape: [Int], _ weight: Tensor?, _ bias: Tensor?,
                                  eps: Float, center: Bool) throws -> Tensor {
        let d = Shape.count(normalizedShape), rows = d == 0 ? 0 : x.count / d
        let out = try Tensor.uninitialized(x.shape)
        var mean = [Float](repeating: 0, count: rows), invstd = [Float](repeating: 0, count: rows)
        x.reading(into: out) { xp, o in weight.reading { wp in bias.reading { bp in
            mean.withUnsafeMutableBufferPointer { mb in
                invstd.withUnsafeMutableBufferPointer { rb in
                    let mp = mb.baseAddress!, rp = rb.baseAddress!
                    Parallel.forRange(rows, cost: 3 * d) { s, e in
                        for row in s..<e {
                            let src = xp + row * d, dst = o + row * d
                            let mu = center ? Kernels.sum(src, d) / Float(d) : 0
                            var squares: Float = 0
                            for j in 0..<d { let v = src[j] - mu; squares += v * v }
                            let r = 1 / (squares / Float(d) + eps).squareRoot()
                            mp[row] = mu
                            rp[row] = r
                            switch (wp, bp) {
                            case let (w?, b?): for j in 0..<d { dst[j] = (src[j] - mu) * r * w[j] + b[j] }
                            case let (w?, nil): for j in 0..<d { dst[j] = (src[j] - mu) * r * w[j] }
                            case let (nil, b?): for j in 0..<d { dst[j] = (src[j] - mu) * r + b[j] }
                            case (nil, nil): for j in 0..<d { dst[j] = (src[j] - mu) * r }
                            }
                        }
                    }
                }
            }
        } } }

        let saved = AffineInputs(x, weight: weight, bias: bias), shape = x.shape
        let savedMean = mean, savedInvstd = invstd
        let hasWeight = weight != nil, hasBias = bias != nil
        return out.recording(op, saved.list, twice: false, composite: { inputs in
            let t = placed(inputs, [true, hasWeight, hasBias])
            return try rowNormComposed(t[0]!, normalizedShape, t[1], t[2], eps: Double(eps), center: center)
        }) { g in
            // Without a weight the scale is 1: read it from a row of ones rather than test per element.
            let scale = try saved.weight ?? Tensor.full([d], 1)
            return try g.reading { gp in try saved.x.reading { xq in try scale.reading { wq in
                var grads: [Tensor?] = []
                if saved.needX {
                    let dx = try Tensor.uninitialized(shape)
                    dx.writing { dp in
                        Parallel.forRange(rows, cost: 4 * d) { s, e in
                            for row in s..<e {
                                let base = row * d, mu = savedMean[row], r = savedInvstd[row]
                                // dx = r · (ĝ − mean(ĝ) − x̂ · mean(ĝ·x̂)), ĝ = g·w; no mean(ĝ) term without centering.
                                var sumG: Float = 0, sumGX: Float = 0
                                for j in 0..<d {
                                    let gh = gp[base + j] * wq[j]
                                    sumG += gh
                                    sumGX += gh * (xq[base + j] - mu) * r
                                }
                                let meanG = center ? sumG / Float(d) : 0, meanGX = sumGX / Float(d)
                                for j in 0..<d {
                                    let gh = gp[base + j] * wq[j]
                                    dp[base + j] = r * (gh - meanG - (xq[base + j] - mu) * r * meanGX)
                                }
                            }
                        }
                    }
                    grads.append(dx)
                } else {
                    grads.append(nil)
                }
                if weight != nil || bias != nil {
                    let dw = try Tensor.full(normalizedShape, 0), db = try Tensor.full(normalizedShape, 0)
                    dw.writing { dwp in db.writing { dbp in
                        for row in 0..<rows {
                            let base = row * d, mu = savedMean[row], r = savedInvstd[row]
                            for j in 0..<d {
                                let gv = gp[base + j]
                                dwp[j] += gv * (xq[base + j] - mu) * r
                                dbp[j] += gv
                            }
                        }
                    } }
                    if weight != nil { grads.append(saved.needW ? dw : nil) }
                    if bias != nil { grads.append(saved.needB ? db : nil) }
                }
                return grads
            } } }
        }
    }
}
