import COpenBLAS

/// Pieces shared by the fused recurrent sequence ops (`Tensor+LSTM.swift`, `Tensor+GRU.swift`,
/// `Tensor+RNN.swift`): shape checks, strided GEMMs and the whole-sequence products of backward.
///
/// Every buffer is batch-first and row-major. A step `t` of a `[batch, seq, width]` buffer is the
/// `batch × width` matrix at offset `t * width` with leading dimension `seq * width`, so one GEMM reads
/// or writes a step in place, with no copy.
enum RecurrentKernels {
    /// `C = alpha * op(A) @ op(B) + beta * C` on row-major matrices with explicit leading dimensions.
    @inline(__always) static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
                                       _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
                                       _ b: UnsafePointer<Float>, _ ldb: Int,
                                       _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            // BLAS leaves C untouched when k is 0; the product is still defined (zero).
            if beta == 0 { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The input projections `x @ weightIHᵀ + biases` of every step of `x` `[batch, seq, input]`, one
    /// `[batch, gates·hidden]` tensor per step, from differentiable ops (the float64 path of the layers).
    static func projections(_ x: Tensor, _ weightIH: Tensor, _ biases: [Tensor?]) throws -> [Tensor] {
        var all = try x.matmul(weightIH.transpose())
        for bias in biases.compactMap({ $0 }) { all = try all + bias }
        let steps = x.shape[1], width = weightIH.shape[0]
        return try all.split(sizes: Array(repeating: 1, count: steps), axis: 1).map { try $0.reshape([x.shape[0], width]) }
    }

    /// The sizes of one recurrent layer's call, read from and checked against its tensors.
    struct Sizes {
        let batch: Int, steps: Int, input: Int, hidden: Int
        /// Gates per step: 4 for LSTM, 3 for GRU, 1 for a plain RNN.
        let gates: Int
        var gateWidth: Int { gates * hidden }
        var rows: Int { batch * steps }
        /// One call's count: each step multiplies `[batch, input + hidden]` by the gates' weights.
        var counted: OperationCounter.Count {
            .init(calls: 1, macs: rows * gateWidth * (input + hidden), steps: steps)
        }
    }

    /// Checks the shapes of `x` `[batch, seq, input]`, the weights `[gates·hidden, input]` and
    /// `[gates·hidden, hidden]`, the biases `[gates·hidden]` and the initial states `[batch, hidden]`.
    static func sizes(_ op: String, gates: Int, x: Tensor, weightIH: Tensor, weightHH: Tensor,
                      biasIH: Tensor?, biasHH: Tensor?, states: [(String, Tensor)]) throws -> Sizes {
        guard x.rank == 3 else {
            throw TensorError.shape("\(op): input must be [batch, seq, features], got \(describe(x.shape))")
        }
        let batch = x.shape[0], steps = x.shape[1], input = x.shape[2]
        guard steps > 0 else {
            throw TensorError.value("\(op): the sequence is empty (input \(describe(x.shape))); it needs at least one step")
        }
        guard weightHH.rank == 2, weightHH.shape[0] % gates == 0, weightHH.shape[0] > 0,
              weightHH.shape[1] * gates == weightHH.shape[0] else {
            throw TensorError.shape("\(op): weightHH must be [\(gates)·hidden, hidden], got \(describe(weightHH.shape))")
        }
        let hidden = weightHH.shape[1]
        guard weightIH.shape == [gates * hidden, input] else {
            throw TensorError.shape("\(op): weightIH \(describe(weightIH.shape)) does not fit input \(describe(x.shape)) and hidden size \(hidden) (expected [\(gates * hidden), \(input)])")
        }
        for (name, b) in [("biasIH", biasIH), ("biasHH", biasHH)] {
            if let b, b.shape != [gates * hidden] {
                throw TensorError.shape("\(op): \(name) must be [\(gates * hidden)], got \(describe(b.shape))")
            }
        }
        for (name, s) in states where s.shape != [batch, hidden] {
            throw TensorError.shape("\(op): \(name) must be [batch, hidden] = [\(batch), \(hidden)], got \(describe(s.shape))")
        }
        return Sizes(batch: batch, steps: steps, input: input, hidden: hidden, gates: gates)
    }

    /// `x @ weightIHᵀ + biases` for every step at once: the `[batch, seq, gates·hidden]` input
    /// projections, one GEMM for the whole sequence.
    static func inputProjection(_ s: Sizes, x: Tensor, weightIH: Tensor, biases: [Tensor?]) throws -> Tensor {
        let out = try Tensor.uninitialized([s.batch, s.steps, s.gateWidth])
        let width = s.gateWidth
        let present = biases.compactMap { $0 }
        out.writing { po in
            for r in 0..<s.rows {
                let row = po + r * width
                for (n, bias) in present.enumerated() {
                    bias.reading { e in
                        if n == 0 { row.update(from: e, count: width) } else { for j in 0..<width { row[j] += e[j] } }
                    }
                }
            }
            BLAS.useThreads(forWork: s.rows * width * s.input)
            x.reading { px in
                weightIH.reading { pw in
                    gemm(false, true, s.rows, width, s.input, 1, px, s.input, pw, s.input,
                         present.isEmpty ? 0 : 1, po, width)
                }
            }
        }
        return out
    }

    /// The hidden state each step read, `[batch, seq, hidden]`: `h0` at step 0, then the previous output.
    ///
    /// `outputs` holds the states with `outputStride` elements between batch rows (a packed LSTM result
    /// has one extra step per row).
    static func previousStates(_ s: Sizes, h0: Tensor, outputs: Tensor, outputStride: Int) throws -> Tensor {
        let prev = try Tensor.uninitialized([s.batch, s.steps, s.hidden])
        let h = s.hidden
        h0.reading { ph0 in
            outputs.reading(into: prev) { po, p in
                for b in 0..<s.batch {
                    (p + b * s.steps * h).update(from: ph0 + b * h, count: h)
                    if s.steps > 1 {
                        (p + (b * s.steps + 1) * h).update(from: po + b * outputStride, count: (s.steps - 1) * h)
                    }
                }
            }
        }
        return prev
    }

    /// What a layer's backward rule keeps of its call: detached inputs and output, and which gradients
    /// it owes.
    struct Saved {
        let x: Tensor, h0: Tensor, weightIH: Tensor, weightHH: Tensor
        /// The layer's result, whose hidden states are `outputStride` elements apart per batch row.
        let outputs: Tensor
        let outputStride: Int
        let needX: Bool, hasBiasIH: Bool, hasBiasHH: Bool

        /// Detaches what it keeps, so an in-place update before backward copies instead of changing
        /// what the rule reads.
        init(x: Tensor, h0: Tensor, weightIH: Tensor, weightHH: Tensor, biasIH: Tensor?, biasHH: Tensor?,
             outputs: Tensor, outputStride: Int) {
            self.x = x.detach(); self.h0 = h0.detach()
            self.weightIH = weightIH.detach(); self.weightHH = weightHH.detach()
            self.outputs = outputs.detach(); self.outputStride = outputStride
            needX = x.tracksGrad; hasBiasIH = biasIH != nil; hasBiasHH = biasHH != nil
        }
    }

    /// The gradients of a layer's inputs in the order it records them: x, `states` (the initial
    /// states' gradients), the two weights, then the biases it was given.
    ///
    /// `dInput` and `dRecurrent` are the `[batch, seq, width]` gradients of the input and recurrent
    /// projections.
    static func gradients(_ s: Sizes, _ saved: Saved, dInput: Tensor, dRecurrent: Tensor,
                          states: [Tensor]) throws -> [Tensor?] {
        let previous = try previousStates(s, h0: saved.h0, outputs: saved.outputs, outputStride: saved.outputStride)
        let p = try parameterGradients(s, dInput: dInput, dRecurrent: dRecurrent, x: saved.x, previous: previous,
                                       weightIH: saved.weightIH, needX: saved.needX,
                                       hasBiasIH: saved.hasBiasIH, hasBiasHH: saved.hasBiasHH)
        var grads: [Tensor?] = [p.dx] + states + [p.dWih, p.dWhh]
        if saved.hasBiasIH { grads.append(p.dbIH) }
        if saved.hasBiasHH { grads.append(p.dbHH) }
        return grads
    }

    /// The parameter gradients of a layer from the `[batch, seq, width]` gradients of its input and
    /// recurrent projections: `dWih = dXPᵀ x`, `dWhh = dHPᵀ hPrev`, biases as column sums, and `dx = dXP Wih`.
    ///
    /// LSTM and RNN pass the same buffer twice (their two projections share one pre-activation).
    static func parameterGradients(_ s: Sizes, dInput: Tensor, dRecurrent: Tensor, x: Tensor, previous: Tensor,
                                   weightIH: Tensor, needX: Bool, hasBiasIH: Bool, hasBiasHH: Bool)
        throws -> (dx: Tensor?, dWih: Tensor, dWhh: Tensor, dbIH: Tensor?, dbHH: Tensor?) {
        let width = s.gateWidth, rows = s.rows
        BLAS.useThreads(forWork: rows * width * max(s.input, s.hidden))
        var dx: Tensor?
        if needX {
            let t = try Tensor.uninitialized([s.batch, s.steps, s.input])
            dInput.reading { a in
                weightIH.reading(into: t) { b, c in
                    gemm(false, false, rows, s.input, width, 1, a, width, b, s.input, 0, c, s.input)
                }
            }
            dx = t
        }
        let dWih = try Tensor.uninitialized([width, s.input])
        dInput.reading { a in
            x.reading(into: dWih) { b, c in
                gemm(true, false, width, s.input, rows, 1, a, width, b, s.input, 0, c, s.input)
            }
        }
        let dWhh = try Tensor.uninitialized([width, s.hidden])
        dRecurrent.reading { a in
            previous.reading(into: dWhh) { b, c in
                gemm(true, false, width, s.hidden, rows, 1, a, width, b, s.hidden, 0, c, s.hidden)
            }
        }
        let dbIH = try hasBiasIH ? columnSums(dInput, rows: rows, width: width) : nil
        let dbHH = try hasBiasHH
            ? (dInput === dRecurrent && dbIH != nil ? dbIH!.copy() : columnSums(dRecurrent, rows: rows, width: width))
            : nil
        return (dx, dWih, dWhh, dbIH, dbHH)
    }

    /// The sums of the columns of a `rows × width` matrix, as a `[width]` tensor.
    static func columnSums(_ m: Tensor, rows: Int, width: Int) throws -> Tensor {
        let out = try Tensor.full([width], 0)
        m.reading(into: out) { p, o in
            for r in 0..<rows {
                let row = p + r * width
                for j in 0..<width { o[j] += row[j] }
            }
        }
        return out
    }
}
