/// One GRU layer over a whole sequence as a single fused op, with back-propagation through time
/// written beside it. float64 runs the same steps in Double from differentiable ops; other types than
/// float32 compute in float32 and round back. A backward pass with `createGraph` differentiates the
/// float32 kernel through those steps.
extension Tensor {
    /// Runs a GRU layer over `x` `[batch, seq, input]` and returns the hidden state after each step,
    /// `[batch, seq, hidden]`.
    ///
    /// PyTorch's equations and gate layout (reset, update, new):
    /// `r = σ(Wir x + bir + Whr h + bhr)`, `z = σ(Wiz x + biz + Whz h + bhz)`,
    /// `n = tanh(Win x + bin + r ⊙ (Whn h + bhn))`, `h' = (1 − z) ⊙ n + z ⊙ h`.
    /// One GEMM computes the input projections of all steps; each step adds one GEMM for the recurrent
    /// projections and one pass over `batch × hidden`.
    public static func gruSequence(_ x: Tensor, h0: Tensor, weightIH: Tensor, weightHH: Tensor,
                                   biasIH: Tensor?, biasHH: Tensor?) throws -> Tensor {
        let s = try RecurrentKernels.sizes("gru", gates: 3, x: x, weightIH: weightIH, weightHH: weightHH,
                                           biasIH: biasIH, biasHH: biasHH, states: [("h0", h0)])
        return try inFloatingType([x, h0, weightIH, weightHH, biasIH, biasHH]) { t in
            try gru32(s, t[0]!, h0: t[1]!, weightIH: t[2]!, weightHH: t[3]!, biasIH: t[4], biasHH: t[5])
        } float64: { t in
            try gruSteps(t[0]!, h0: t[1]!, weightIH: t[2]!, weightHH: t[3]!, biasIH: t[4], biasHH: t[5])
        }
    }

    /// `gruSequence` step by step from recorded ops, in the inputs' type: the float64 computation (in
    /// Double, gradients too), and the float32 kernel's composite form, which a graph-creating pass
    /// differentiates.
    private static func gruSteps(_ x: Tensor, h0: Tensor, weightIH: Tensor, weightHH: Tensor, biasIH: Tensor?,
                              biasHH: Tensor?) throws -> Tensor {
        OperationCounter.record("gru", .init(calls: 1, steps: x.shape[1]))   // its products count as matmuls
        let recurrent = try weightHH.transpose(), H = weightHH.shape[1]
        var h = h0
        let hidden = try RecurrentKernels.projections(x, weightIH, [biasIH]).map { p in
            var r = try h.matmul(recurrent)
            if let biasHH { r = try r + biasHH }
            // Reset, update and new gates, in PyTorch's order; the reset gate scales `Whn h + bhn`.
            let xs = try p.split(sizes: [H, H, H], axis: 1), hs = try r.split(sizes: [H, H, H], axis: 1)
            let reset = try (xs[0] + hs[0]).sigmoid(), update = try (xs[1] + hs[1]).sigmoid()
            let candidate = try (xs[2] + reset * hs[2]).tanh()
            h = try (1 - update) * candidate + update * h
            return h
        }
        return try Tensor.stack(hidden, axis: 1)
    }

    /// `gruSequence` of float32 tensors: the fused kernel.
    private static func gru32(_ s: RecurrentKernels.Sizes, _ x: Tensor, h0: Tensor, weightIH: Tensor, weightHH: Tensor,
                              biasIH: Tensor?, biasHH: Tensor?) throws -> Tensor {
        OperationCounter.record("gru", s.counted)
        let B = s.batch, S = s.steps, H = s.hidden, W = s.gateWidth
        // Input projections; each step's slice is overwritten by its activated r, z, n.
        let gates = try RecurrentKernels.inputProjection(s, x: x, weightIH: weightIH, biases: [biasIH])
        // Recurrent projections (with bhh), kept because n's gradient needs `Whn h + bhn`.
        let recurrent = try Tensor.uninitialized([B, S, W])
        let out = try Tensor.uninitialized([B, S, H])
        if let biasHH {
            biasHH.reading { pb in recurrent.writing { pr in for r in 0..<s.rows { (pr + r * W).update(from: pb, count: W) } } }
        }
        let recurrentT = try RecurrentKernels.transposedWeights(weightHH)
        let slices = RecurrentKernels.batchSlices(s)
        BLAS.useThreads(forWork: slices > 1 ? 0 : B * W * H)
        gates.writing { pg in recurrent.writing { pr in out.writing { po in
        h0.reading { ph0 in recurrentT.reading { whhT in
        RecurrentKernels.forEachBatchSlice(B, slices) { b0, b1 in
            for t in 0..<S {
                let hPrev = t == 0 ? ph0 + b0 * H : UnsafePointer(po + b0 * S * H + (t - 1) * H)
                let ld = t == 0 ? H : S * H
                RecurrentKernels.stepProduct(b1 - b0, W, H, hPrev, ld, whhT, W, biasHH == nil ? 0 : 1,
                                             pr + b0 * S * W + t * W, S * W)
                for b in b0..<b1 {
                    let g = pg + (b * S + t) * W, hp = UnsafePointer(pr + (b * S + t) * W)
                    let prev = hPrev + (b - b0) * ld, h = po + (b * S + t) * H
                    for j in 0..<(2 * H) { g[j] = FastMath.sigmoid(g[j] + hp[j]) }
                    for j in 0..<H { g[2 * H + j] = FastMath.tanh(g[2 * H + j] + g[j] * hp[2 * H + j]) }
                    for j in 0..<H { h[j] = (1 - g[H + j]) * g[2 * H + j] + g[H + j] * prev[j] }
                }
            }
        }
        } } } } }

        let inputs = [x, h0, weightIH, weightHH] + [biasIH, biasHH].compactMap { $0 }
        let saved = RecurrentKernels.Saved(x: x, h0: h0, weightIH: weightIH, weightHH: weightHH, biasIH: biasIH,
                                           biasHH: biasHH, outputs: out, outputStride: S * H)
        let hasBiasIH = biasIH != nil, hasBiasHH = biasHH != nil
        return out.recording("gru", inputs, twice: false, composite: { inputs in
            let t = placed(inputs, [true, true, true, true, hasBiasIH, hasBiasHH])
            return try gruSteps(t[0]!, h0: t[1]!, weightIH: t[2]!, weightHH: t[3]!, biasIH: t[4], biasHH: t[5])
        }) { g in
            let dXP = try Tensor.uninitialized([B, S, W]), dHP = try Tensor.uninitialized([B, S, W])
            let dh = try Tensor.full([B, H], 0)
            let slices = RecurrentKernels.batchSlices(s)
            BLAS.useThreads(forWork: slices > 1 ? 0 : B * W * H)
            g.reading { pgrad in gates.reading { pa in recurrent.reading { prs in
            saved.outputs.reading { pos in saved.h0.reading { ph0s in saved.weightHH.reading { whh in
            dXP.writing { pdx in dHP.writing { pdr in dh.writing { pdh in
            RecurrentKernels.forEachBatchSlice(B, slices) { b0, b1 in
                for t in stride(from: S - 1, through: 0, by: -1) {
                    for b in b0..<b1 {
                        let a = pa + (b * S + t) * W, hp = prs + (b * S + t) * W
                        let dx = pdx + (b * S + t) * W, dr = pdr + (b * S + t) * W
                        let prev = t == 0 ? ph0s + b * H : pos + (b * S + t - 1) * H
                        let gOut = pgrad + (b * S + t) * H, dhb = pdh + b * H
                        for j in 0..<H {
                            let r = a[j], z = a[H + j], n = a[2 * H + j]
                            let dhj = gOut[j] + dhb[j]
                            let dn = dhj * (1 - z) * (1 - n * n)
                            let dz = dhj * (prev[j] - n) * z * (1 - z)
                            let drr = dn * hp[2 * H + j] * r * (1 - r)
                            dx[j] = drr; dx[H + j] = dz; dx[2 * H + j] = dn
                            dr[j] = drr; dr[H + j] = dz; dr[2 * H + j] = dn * r
                            // The direct path h' = … + z h; the GEMM below adds the path through Whh.
                            dhb[j] = dhj * z
                        }
                    }
                    RecurrentKernels.stepProduct(b1 - b0, H, W, pdr + b0 * S * W + t * W, S * W, whh, H,
                                                 1, pdh + b0 * H, H)
                }
            }
            } } } } } } } } }
            return try RecurrentKernels.gradients(s, saved, dInput: dXP, dRecurrent: dHP, states: [dh])
        }
    }
}
