/// One GRU layer over a whole sequence as a single fused op, with back-propagation through time
/// written beside it.
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
        let B = s.batch, S = s.steps, H = s.hidden, W = s.gateWidth
        // Input projections; each step's slice is overwritten by its activated r, z, n.
        let gates = try RecurrentKernels.inputProjection(s, x: x, weightIH: weightIH, biases: [biasIH])
        // Recurrent projections (with bhh), kept because n's gradient needs `Whn h + bhn`.
        let recurrent = try Tensor.uninitialized([B, S, W])
        let out = try Tensor.uninitialized([B, S, H])
        let pg = gates.storage.base, pr = recurrent.storage.base, po = out.storage.base
        let ph0 = UnsafePointer(h0.storage.base), whh = UnsafePointer(weightHH.storage.base)
        if let biasHH {
            let pb = biasHH.storage.base
            for r in 0..<s.rows { (pr + r * W).update(from: pb, count: W) }
        }
        BLAS.useThreads(forWork: B * W * H)
        for t in 0..<S {
            let hPrev = t == 0 ? ph0 : UnsafePointer(po + (t - 1) * H)
            let ld = t == 0 ? H : S * H
            RecurrentKernels.gemm(false, true, B, W, H, 1, hPrev, ld, whh, H, biasHH == nil ? 0 : 1, pr + t * W, S * W)
            for b in 0..<B {
                let g = pg + (b * S + t) * W, hp = UnsafePointer(pr + (b * S + t) * W)
                let prev = hPrev + b * ld, h = po + (b * S + t) * H
                for j in 0..<(2 * H) { g[j] = FastMath.sigmoid(g[j] + hp[j]) }
                for j in 0..<H { g[2 * H + j] = FastMath.tanh(g[2 * H + j] + g[j] * hp[2 * H + j]) }
                for j in 0..<H { h[j] = (1 - g[H + j]) * g[2 * H + j] + g[H + j] * prev[j] }
            }
        }

        let inputs = [x, h0, weightIH, weightHH] + [biasIH, biasHH].compactMap { $0 }
        let xSaved = x.detach(), h0Saved = h0.detach(), wih = weightIH.detach(), whhSaved = weightHH.detach()
        let outSaved = out.detach()
        let needX = x.tracksGrad, hasBiasIH = biasIH != nil, hasBiasHH = biasHH != nil
        return out.recording("gru", inputs) { g in
            let pgrad = UnsafePointer(g.storage.base)
            let dXP = try Tensor.uninitialized([B, S, W]), dHP = try Tensor.uninitialized([B, S, W])
            let dh = try Tensor.full([B, H], 0)
            let pdx = dXP.storage.base, pdr = dHP.storage.base, pdh = dh.storage.base
            let pa = UnsafePointer(gates.storage.base), prs = UnsafePointer(recurrent.storage.base)
            let pos = UnsafePointer(outSaved.storage.base), ph0s = UnsafePointer(h0Saved.storage.base)
            BLAS.useThreads(forWork: B * W * H)
            for t in stride(from: S - 1, through: 0, by: -1) {
                for b in 0..<B {
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
                RecurrentKernels.gemm(false, false, B, H, W, 1, pdr + t * W, S * W, whhSaved.storage.base, H,
                                      1, pdh, H)
            }
            let previous = try RecurrentKernels.previousStates(s, h0: ph0s, outputs: pos, outputStride: S * H)
            let p = try RecurrentKernels.parameterGradients(s, dInput: dXP, dRecurrent: dHP, x: xSaved, previous: previous,
                                                        weightIH: wih, needX: needX,
                                                        hasBiasIH: hasBiasIH, hasBiasHH: hasBiasHH)
            var grads: [Tensor?] = [p.dx, dh, p.dWih, p.dWhh]
            if hasBiasIH { grads.append(p.dbIH) }
            if hasBiasHH { grads.append(p.dbHH) }
            return grads
        }
    }
}
