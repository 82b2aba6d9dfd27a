/// One LSTM layer over a whole sequence as a single fused op, with back-propagation through time
/// written beside it. float64 runs the same steps in Double from differentiable ops; other types than
/// float32 compute in float32 and round back. A backward pass with `createGraph` differentiates the
/// float32 kernel through those steps.
extension Tensor {
    /// Runs an LSTM layer over `x` `[batch, seq, input]` and returns `[batch, seq + 1, hidden]`: the
    /// hidden state after each step, then the final cell state as one extra step.
    ///
    /// PyTorch's gate layout: the rows of `weightIH` `[4·hidden, input]`, `weightHH` `[4·hidden, hidden]`
    /// and the biases `[4·hidden]` are the input, forget, cell and output gates in that order.
    /// `h0` and `c0` are `[batch, hidden]`.
    ///
    /// The input projections of every step are one GEMM up front; each step is then one GEMM for the
    /// recurrent part and one pass over `batch × hidden`. Backward mirrors it: one GEMM per step for the
    /// recurrent gradient, and the weight gradients as single GEMMs over the whole sequence.
    public static func lstmSequence(_ x: Tensor, h0: Tensor, c0: Tensor, weightIH: Tensor, weightHH: Tensor,
                                    biasIH: Tensor?, biasHH: Tensor?) throws -> Tensor {
        let s = try RecurrentKernels.sizes("lstm", gates: 4, x: x, weightIH: weightIH, weightHH: weightHH,
                                           biasIH: biasIH, biasHH: biasHH, states: [("h0", h0), ("c0", c0)])
        return try inFloatingType([x, h0, c0, weightIH, weightHH, biasIH, biasHH]) { t in
            try lstm32(s, t[0]!, h0: t[1]!, c0: t[2]!, weightIH: t[3]!, weightHH: t[4]!, biasIH: t[5], biasHH: t[6])
        } float64: { t in
            try lstmSteps(t[0]!, h0: t[1]!, c0: t[2]!, weightIH: t[3]!, weightHH: t[4]!, biasIH: t[5], biasHH: t[6])
        }
    }

    /// `lstmSequence` step by step from recorded ops, in the inputs' type: the float64 computation (in
    /// Double, gradients too), and the float32 kernel's composite form, which a graph-creating pass
    /// differentiates.
    private static func lstmSteps(_ x: Tensor, h0: Tensor, c0: Tensor, weightIH: Tensor, weightHH: Tensor,
                               biasIH: Tensor?, biasHH: Tensor?) throws -> Tensor {
        OperationCounter.record("lstm", .init(calls: 1, steps: x.shape[1]))   // its products count as matmuls
        let recurrent = try weightHH.transpose(), H = weightHH.shape[1]
        var h = h0, c = c0
        let hidden = try RecurrentKernels.projections(x, weightIH, [biasIH, biasHH]).map { p in
            // Input, forget, cell and output gates, in PyTorch's order.
            let gates = try (p + h.matmul(recurrent)).split(sizes: [H, H, H, H], axis: 1)
            c = try gates[1].sigmoid() * c + gates[0].sigmoid() * gates[2].tanh()
            h = try gates[3].sigmoid() * c.tanh()
            return h
        }
        return try Tensor.stack(hidden + [c], axis: 1)
    }

    /// `lstmSequence` of float32 tensors: the fused kernel.
    private static func lstm32(_ s: RecurrentKernels.Sizes, _ x: Tensor, h0: Tensor, c0: Tensor, weightIH: Tensor,
                               weightHH: Tensor, biasIH: Tensor?, biasHH: Tensor?) throws -> Tensor {
        OperationCounter.record("lstm", s.counted)
        let B = s.batch, S = s.steps, H = s.hidden, W = s.gateWidth
        let outStride = (S + 1) * H
        // Pre-activations of every step; each step's slice is overwritten by its activated gates.
        let gates = try RecurrentKernels.inputProjection(s, x: x, weightIH: weightIH, biases: [biasIH, biasHH])
        let cells = try Tensor.uninitialized([B, S, H]), tanhCells = try Tensor.uninitialized([B, S, H])
        let out = try Tensor.uninitialized([B, S + 1, H])
        let recurrentT = try RecurrentKernels.transposedWeights(weightHH)
        let slices = RecurrentKernels.batchSlices(s)
        BLAS.useThreads(forWork: slices > 1 ? 0 : B * W * H)
        gates.writing { pg in cells.writing { pc in tanhCells.writing { ptc in out.writing { po in
        h0.reading { ph0 in c0.reading { pc0 in recurrentT.reading { whhT in
        RecurrentKernels.forEachBatchSlice(B, slices) { b0, b1 in
            for t in 0..<S {
                let hPrev = t == 0 ? ph0 + b0 * H : UnsafePointer(po + b0 * outStride + (t - 1) * H)
                RecurrentKernels.stepProduct(b1 - b0, W, H, hPrev, t == 0 ? H : outStride, whhT, W,
                                             1, pg + b0 * S * W + t * W, S * W)
                for b in b0..<b1 {
                    let g = pg + (b * S + t) * W, row = (b * S + t) * H
                    let cPrev = t == 0 ? pc0 + b * H : UnsafePointer(pc + row - H)
                    let h = po + b * outStride + t * H
                    // The gates in place (separate runs so each loop vectorizes), then the cell.
                    FastMath.sigmoid(g, 2 * H)
                    FastMath.tanh(g + 2 * H, H)
                    FastMath.sigmoid(g + 3 * H, H)
                    for j in 0..<H { pc[row + j] = g[H + j] * cPrev[j] + g[j] * g[2 * H + j] }
                    for j in 0..<H { ptc[row + j] = FastMath.tanh(pc[row + j]) }
                    for j in 0..<H { h[j] = g[3 * H + j] * ptc[row + j] }
                }
            }
        }
            for b in 0..<B { (po + b * outStride + S * H).update(from: pc + (b * S + S - 1) * H, count: H) }
        } } } } } } }

        let inputs = [x, h0, c0, weightIH, weightHH] + [biasIH, biasHH].compactMap { $0 }
        let c0Saved = c0.detach()
        let saved = RecurrentKernels.Saved(x: x, h0: h0, weightIH: weightIH, weightHH: weightHH, biasIH: biasIH,
                                           biasHH: biasHH, outputs: out, outputStride: outStride)
        let hasBiasIH = biasIH != nil, hasBiasHH = biasHH != nil
        return out.recording("lstm", inputs, twice: false, composite: { inputs in
            let t = placed(inputs, [true, true, true, true, true, hasBiasIH, hasBiasHH])
            return try lstmSteps(t[0]!, h0: t[1]!, c0: t[2]!, weightIH: t[3]!, weightHH: t[4]!, biasIH: t[5], biasHH: t[6])
        }) { g in
            let dG = try Tensor.uninitialized([B, S, W])
            let dh = try Tensor.full([B, H], 0), dc = try Tensor.uninitialized([B, H])
            g.reading { pgrad in gates.reading { pa in cells.reading { pcs in tanhCells.reading { ptcs in
            c0Saved.reading { pc0s in saved.weightHH.reading { whh in
            dG.writing { pd in dh.writing { pdh in dc.writing { pdc in
                // The final cell state's gradient enters through the packed extra step.
                for b in 0..<B { (pdc + b * H).update(from: pgrad + b * outStride + S * H, count: H) }
                let slices = RecurrentKernels.batchSlices(s)
                BLAS.useThreads(forWork: slices > 1 ? 0 : B * W * H)
                RecurrentKernels.forEachBatchSlice(B, slices) { b0, b1 in
                    for t in stride(from: S - 1, through: 0, by: -1) {
                        for b in b0..<b1 {
                            let a = pa + (b * S + t) * W, d = pd + (b * S + t) * W, row = (b * S + t) * H
                            let cPrev = t == 0 ? pc0s + b * H : pcs + row - H
                            let gOut = pgrad + b * outStride + t * H
                            let dhb = pdh + b * H, dcb = pdc + b * H
                            for j in 0..<H {
                                let i = a[j], f = a[H + j], cand = a[2 * H + j], o = a[3 * H + j], tc = ptcs[row + j]
                                let dhj = gOut[j] + dhb[j]
                                let dcj = dcb[j] + dhj * o * (1 - tc * tc)
                                d[j] = dcj * cand * i * (1 - i)
                                d[H + j] = dcj * cPrev[j] * f * (1 - f)
                                d[2 * H + j] = dcj * i * (1 - cand * cand)
                                d[3 * H + j] = dhj * tc * o * (1 - o)
                                dcb[j] = dcj * f
                            }
                        }
                        RecurrentKernels.stepProduct(b1 - b0, H, W, pd + b0 * S * W + t * W, S * W, whh, H,
                                                     0, pdh + b0 * H, H)
                    }
                }
            } } } } } } } } }
            return try RecurrentKernels.gradients(s, saved, dInput: dG, dRecurrent: dG, states: [dh, dc])
        }
    }
}
