/// Batch normalization as one fused primitive: per-channel statistics over the batch and every spatial
/// position, the running estimates' update, and the closed-form backward rule.
extension Tensor {
    /// Normalizes `x` `[N, C, …]` per channel `C`, then scales by `weight` and shifts by `bias` (`[C]`).
    ///
    /// With `training` (or without running statistics) it uses the batch's mean and biased variance and,
    /// when given, updates `runningMean`/`runningVar` in place with `momentum` (the variance as the
    /// unbiased estimate, as PyTorch does); otherwise it uses the running statistics.
    ///
    /// float32 runs the fused kernel, float64 the same formula in Double from differentiable ops, and
    /// other types compute in float32 and round back; the running statistics keep their own dtype.
    /// A backward pass with `createGraph` differentiates the float32 kernel through its composed form.
    public static func batchNorm(_ x: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?,
                                 bias: Tensor?, training: Bool, momentum: Double = 0.1, eps: Double = 1e-5) throws -> Tensor {
        guard x.rank >= 2 else {
            throw TensorError.shape("batchNorm: input must have shape [N, C, …], got \(describe(x.shape))")
        }
        let c = x.shape[1], m = x.count / Swift.max(c, 1)
        for (name, t) in [("runningMean", runningMean), ("runningVar", runningVar), ("weight", weight), ("bias", bias)] {
            if let t, t.shape != [c] {
                throw TensorError.shape("batchNorm: \(name) \(describe(t.shape)) does not fit \(c) channels of input \(describe(x.shape)) (expected [\(c)])")
            }
        }
        guard (runningMean == nil) == (runningVar == nil) else {
            throw TensorError.value("batchNorm: give both runningMean and runningVar, or neither")
        }
        if training, m <= 1 {
            throw TensorError.value("batchNorm: expected more than 1 value per channel when training, got input of shape \(describe(x.shape))")
        }
        return try inFloatingType([x, weight, bias]) { t in
            try batchNorm32(t[0]!, runningMean: runningMean, runningVar: runningVar, weight: t[1], bias: t[2],
                            training: training, momentum: momentum, eps: eps)
        } float64: { t in
            try batchNormComposed(t[0]!, runningMean: runningMean, runningVar: runningVar, weight: t[1], bias: t[2],
                            training: training, momentum: momentum, eps: eps)
        }
    }

    /// `batchNorm` composed of recorded ops, in the input's type: the float64 computation (in Double,
    /// gradients too), and in training mode the float32 kernel's composite form (then without running
    /// statistics, which the kernel has already updated).
    private static func batchNormComposed(_ x: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?,
                                    bias: Tensor?, training: Bool, momentum: Double, eps: Double) throws -> Tensor {
        let c = x.shape[1], m = x.count / Swift.max(c, 1)
        let axes = [0] + Array(2..<x.rank), perChannel = [1, c] + Array(repeating: 1, count: x.rank - 2)
        let epsilon = Tensor.number(eps)
        var y: Tensor
        if training || runningMean == nil {
            let mean = try x.mean(axes: axes, keepDims: true)
            let centered = try x - mean
            let variance = try (centered * centered).mean(axes: axes, keepDims: true)
            y = try centered / (variance + epsilon).sqrt()
            if training, let runningMean, let runningVar {
                let unbiased = Double(m) / Double(Swift.max(m - 1, 1))
                try updateRunning(runningMean, toward: mean.elements(as: Double.self), momentum: momentum)
                try updateRunning(runningVar, toward: variance.elements(as: Double.self).map { $0 * unbiased },
                                  momentum: momentum)
            }
        } else {
            let mean = try runningMean!.detach().to(x.dtype).reshape(perChannel)
            let variance = try runningVar!.detach().to(x.dtype).reshape(perChannel)
            y = try (x - mean) / (variance + epsilon).sqrt()
        }
        return try scaledPerChannel(y, weight, bias)
    }

    /// `y · weight + shift` with `weight` and `bias` of `C` values broadcast along axis 1.
    private static func scaledPerChannel(_ y: Tensor, _ weight: Tensor?, _ bias: Tensor?) throws -> Tensor {
        let perChannel = [y.shape[1]] + Array(repeating: 1, count: y.rank - 2)
        var y = y
        if let weight { y = try y * weight.reshape(perChannel) }
        if let bias { y = try y + bias.reshape(perChannel) }
        return y
    }

    /// The float32 kernel's composite form: in training mode the batch statistics from recorded ops;
    /// in evaluation mode the affine map with the statistics the kernel used, read as constants.
    private static func batchNormComposite(_ inputs: [Tensor], hasWeight: Bool, hasBias: Bool, batchStatistics: Bool,
                                           mean: [Float], invstd: [Float], eps: Double) throws -> Tensor {
        let t = placed(inputs, [true, hasWeight, hasBias]), x = t[0]!
        if batchStatistics {
            return try batchNormComposed(x, runningMean: nil, runningVar: nil, weight: t[1], bias: t[2],
                                         training: true, momentum: 0, eps: eps)
        }
        let perChannel = [mean.count] + Array(repeating: 1, count: x.rank - 2)
        let centered = try x - Tensor(shape: perChannel, values: mean)
        return try scaledPerChannel(centered * Tensor(shape: perChannel, values: invstd), t[1], t[2])
    }

    /// Moves a running statistic toward a batch's values in place, `(1 − momentum)·r + momentum·v`,
    /// in Double, stored in the statistic's own dtype.
    private static func updateRunning(_ running: Tensor, toward values: [Double], momentum: Double) throws {
        let old = try running.elements(as: Double.self, op: "batchNorm")
        let new = (0..<old.count).map { (1 - momentum) * old[$0] + momentum * values[$0] }
        try running.assign(try Tensor(shape: running.shape, elements: new, dtype: .float64))
    }

    /// `batchNorm` of float32 tensors: the fused kernel.
    private static func batchNorm32(_ x: Tensor, runningMean: Tensor?, runningVar: Tensor?, weight: Tensor?,
                                    bias: Tensor?, training: Bool, momentum: Double, eps: Double) throws -> Tensor {
        let n = x.shape[0], c = x.shape[1], spatial = Shape.count(Array(x.shape.dropFirst(2)))
        let m = n * spatial
        let useBatch = training || runningMean == nil
        let momentum = Float(momentum), eps = Float(eps)
        var mean = [Float](repeating: 0, count: c), invstd = [Float](repeating: 0, count: c)
        if useBatch {
            var variance = [Float](repeating: 0, count: c)
            x.reading { xp in
                mean.withUnsafeMutableBufferPointer { mb in
                    variance.withUnsafeMutableBufferPointer { vb in
                        let mp = mb.baseAddress!, vp = vb.baseAddress!
                        Parallel.forRange(c, cost: 2 * m) { s, e in
                            for ch in s..<e {
                                var total: Double = 0
                                for i in 0..<n { total += Double(Kernels.sum(xp + (i * c + ch) * spatial, spatial)) }
                                let mu = Float(total / Double(Swift.max(m, 1)))
                                var squares: Double = 0
                                for i in 0..<n {
                                    let row = xp + (i * c + ch) * spatial
                                    var acc: Float = 0
                                    for j in 0..<spatial { let d = row[j] - mu; acc += d * d }
                                    squares += Double(acc)
                                }
                                mp[ch] = mu
                                vp[ch] = Float(squares / Double(Swift.max(m, 1)))
                            }
                        }
                    }
                }
            }
            for ch in 0..<c { invstd[ch] = 1 / (variance[ch] + eps).squareRoot() }
            if training, let runningMean, let runningVar {
                let unbiased = Float(m) / Float(Swift.max(m - 1, 1))
                if runningMean.dtype == .float32 && runningVar.dtype == .float32 {
                    try runningMean.withUnsafeMutableValues { rm in
                        for ch in 0..<c { rm[ch] = (1 - momentum) * rm[ch] + momentum * mean[ch] }
                    }
                    try runningVar.withUnsafeMutableValues { rv in
                        for ch in 0..<c { rv[ch] = (1 - momentum) * rv[ch] + momentum * variance[ch] * unbiased }
                    }
                } else {
                    // Statistics kept in another type update in Double and keep their type.
                    try updateRunning(runningMean, toward: mean.map { Double($0) }, momentum: Double(momentum))
                    try updateRunning(runningVar, toward: variance.map { Double($0 * unbiased) }, momentum: Double(momentum))
                }
            }
        } else if let runningMean, let runningVar {
            runningMean.reading { rm in
                runningVar.reading { rv in
                    for ch in 0..<c {
                        mean[ch] = rm[ch]
                        invstd[ch] = 1 / (rv[ch] + eps).squareRoot()
                    }
                }
            }
        }

        // y = x · scale + shift per channel.
        let out = try Tensor.uninitialized(x.shape)
        x.reading(into: out) { xp, op in weight.reading { wp in bias.reading { bp in
            Parallel.forRange(n * c, cost: spatial) { s, e in
                for row in s..<e {
                    let ch = row % c
                    let scale = (wp?[ch] ?? 1) * invstd[ch]
                    let shift = (bp?[ch] ?? 0) - mean[ch] * scale
                    let src = xp + row * spatial, dst = op + row * spatial
                    for j in 0..<spatial { dst[j] = src[j] * scale + shift }
                }
            }
        } } }

        let saved = AffineInputs(x, weight: weight, bias: bias), shape = x.shape
        let savedMean = mean, savedInvstd = invstd
        let hasWeight = weight != nil, hasBias = bias != nil
        return out.recording("batchNorm", saved.list, twice: false, composite: { inputs in
            try batchNormComposite(inputs, hasWeight: hasWeight, hasBias: hasBias, batchStatistics: useBatch,
                                   mean: savedMean, invstd: savedInvstd, eps: Double(eps))
        }) { g in
            return try g.reading { gp in try saved.x.reading { xq in
                // Per channel: Σg and Σg·(x − mean).
                var sumG = [Float](repeating: 0, count: c), sumGX = [Float](repeating: 0, count: c)
                for i in 0..<n {
                    for ch in 0..<c {
                        let row = (i * c + ch) * spatial, mu = savedMean[ch]
                        var a: Float = 0, b: Float = 0
                        for j in 0..<spatial { let gv = gp[row + j]; a += gv; b += gv * (xq[row + j] - mu) }
                        sumG[ch] += a
                        sumGX[ch] += b
                    }
                }
                var grads: [Tensor?] = []
                if saved.needX {
                    let dx = try Tensor.uninitialized(shape)
                    let inverseM = 1 / Float(Swift.max(m, 1))
                    dx.writing { dp in saved.weight.reading { wq in
                        Parallel.forRange(n * c, cost: spatial) { s, e in
                            for row in s..<e {
                                let ch = row % c, r = savedInvstd[ch], mu = savedMean[ch]
                                let scale = (wq?[ch] ?? 1) * r
                                let base = row * spatial
                                if useBatch {
                                    let meanG = sumG[ch] * inverseM, k = r * r * sumGX[ch] * inverseM
                                    for j in 0..<spatial { dp[base + j] = scale * (gp[base + j] - meanG - (xq[base + j] - mu) * k) }
                                } else {
                                    for j in 0..<spatial { dp[base + j] = scale * gp[base + j] }
                                }
                            }
                        }
                    } }
                    grads.append(dx)
                } else {
                    grads.append(nil)
                }
                if weight != nil {
                    grads.append(saved.needW ? try Tensor(shape: [c], values: (0..<c).map { sumGX[$0] * savedInvstd[$0] }) : nil)
                }
                if bias != nil { grads.append(saved.needB ? try Tensor(shape: [c], values: sumG) : nil) }
                return grads
            } }
        }
    }
}
