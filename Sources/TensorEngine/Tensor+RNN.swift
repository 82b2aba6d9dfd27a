/// The nonlinearity of a plain (Elman) RNN, as PyTorch's `nonlinearity` option names it.
public enum RNNNonlinearity: String, Sendable {
    case tanh
    case relu
}

/// One plain RNN layer over a whole sequence as a single fused op, with back-propagation through time
/// written beside it. float64 runs the same steps in Double from differentiable ops; other types than
/// float32 compute in float32 and round back. A backward pass with `createGraph` differentiates the
/// float32 kernel through those steps.
extension Tensor {
    /// Runs `h' = act(Wih x + bih + Whh h + bhh)` over `x` `[batch, seq, input]` and returns the hidden
    /// state after each step, `[batch, seq, hidden]`; `h0` is `[batch, hidden]`.
    public static func rnnSequence(_ x: Tensor, h0: Tensor, weightIH: Tensor, weightHH: Tensor,
                                   biasIH: Tensor?, biasHH: Tensor?,
                                   nonlinearity: RNNNonlinearity = .tanh) throws -> Tensor {
        let s = try RecurrentKernels.sizes("rnn", gates: 1, x: x, weightIH: weightIH, weightHH: weightHH,
                                           biasIH: biasIH, biasHH: biasHH, states: [("h0", h0)])
        let relu = nonlinearity == .relu
        return try inFloatingType([x, h0, weightIH, weightHH, biasIH, biasHH]) { t in
            try rnn32(s, t[0]!, h0: t[1]!, weightIH: t[2]!, weightHH: t[3]!, biasIH: t[4], biasHH: t[5], relu: relu)
        } float64: { t in
            try rnnSteps(t[0]!, h0: t[1]!, weightIH: t[2]!, weightHH: t[3]!, biasIH: t[4], biasHH: t[5], relu: relu)
        }
    }

    /// `rnnSequence` step by step from recorded ops, in the inputs' type: the float64 computation (in
    /// Double, gradients too), and the float32 kernel's composite form, which a graph-creating pass
    /// differentiates.
    private static func rnnSteps(_ x: Tensor, h0: Tensor, weightIH: Tensor, weightHH: Tensor, biasIH: Tensor?, biasHH: Tensor?,
                              relu: Bool) throws -> Tensor {
        OperationCounter.record("rnn", .init(calls: 1, steps: x.shape[1]))   // its products count as matmuls
        let recurrent = try weightHH.transpose()
        var h = h0
        let hidden = try RecurrentKernels.projections(x, weightIH, [biasIH, biasHH]).map { p in
            h = try p + h.matmul(recurrent)
            h = relu ? try h.relu() : try h.tanh()
            return h
        }
        return try Tensor.stack(hidden, axis: 1)
    }

    /// `rnnSequence` of float32 tensors: the fused kernel.
    private static func rnn32(_ s: RecurrentKernels.Sizes, _ x: Tensor, h0: Tensor, weightIH: Tensor, weightHH: Tensor,
                              biasIH: Tensor?, biasHH: Tensor?, relu: Bool) throws -> Tensor {
        OperationCounter.record("rnn", s.counted)
        let B = s.batch, S = s.steps, H = s.hidden
        // The pre-activations start as the input projections; each step adds its recurrent part and
        // is activated in place, so this buffer ends up holding the outputs.
        let out = try RecurrentKernels.inputProjection(s, x: x, weightIH: weightIH, biases: [biasIH, biasHH])
        let recurrentT = try RecurrentKernels.transposedWeights(weightHH)
        let slices = RecurrentKernels.batchSlices(s)
        BLAS.useThreads(forWork: slices > 1 ? 0 : B * H * H)
        out.writing { po in h0.reading { ph0 in recurrentT.reading { whhT in
        RecurrentKernels.forEachBatchSlice(B, slices) { b0, b1 in
            for t in 0..<S {
                let hPrev = t == 0 ? ph0 + b0 * H : UnsafePointer(po + b0 * S * H + (t - 1) * H)
                RecurrentKernels.stepProduct(b1 - b0, H, H, hPrev, t == 0 ? H : S * H, whhT, H, 1,
                                             po + b0 * S * H + t * H, S * H)
                for b in b0..<b1 {
                    let h = po + (b * S + t) * H
                    if relu { for j in 0..<H { h[j] = Swift.max(h[j], 0) } } else { FastMath.tanh(h, H) }
                }
            }
        }
        } } }

        let inputs = [x, h0, weightIH, weightHH] + [biasIH, biasHH].compactMap { $0 }
        let saved = RecurrentKernels.Saved(x: x, h0: h0, weightIH: weightIH, weightHH: weightHH, biasIH: biasIH,
                                           biasHH: biasHH, outputs: out, outputStride: S * H)
        let hasBiasIH = biasIH != nil, hasBiasHH = biasHH != nil
        return out.recording("rnn", inputs, twice: false, composite: { inputs in
            let t = placed(inputs, [true, true, true, true, hasBiasIH, hasBiasHH])
            return try rnnSteps(t[0]!, h0: t[1]!, weightIH: t[2]!, weightHH: t[3]!, biasIH: t[4], biasHH: t[5], relu: relu)
        }) { g in
            let dA = try Tensor.uninitialized([B, S, H]), dh = try Tensor.full([B, H], 0)
            let slices = RecurrentKernels.batchSlices(s)
            BLAS.useThreads(forWork: slices > 1 ? 0 : B * H * H)
            g.reading { pgrad in saved.outputs.reading { pos in saved.weightHH.reading { whh in
            dA.writing { pd in dh.writing { pdh in
            RecurrentKernels.forEachBatchSlice(B, slices) { b0, b1 in
                for t in stride(from: S - 1, through: 0, by: -1) {
                    for b in b0..<b1 {
                        let row = (b * S + t) * H, dhb = pdh + b * H
                        for j in 0..<H {
                            let y = pos[row + j], dy = pgrad[row + j] + dhb[j]
                            pd[row + j] = relu ? (y > 0 ? dy : 0) : dy * (1 - y * y)
                        }
                    }
                    RecurrentKernels.stepProduct(b1 - b0, H, H, pd + b0 * S * H + t * H, S * H, whh, H,
                                                 0, pdh + b0 * H, H)
                }
            }
            } } } } }
            return try RecurrentKernels.gradients(s, saved, dInput: dA, dRecurrent: dA, states: [dh])
        }
    }
}
