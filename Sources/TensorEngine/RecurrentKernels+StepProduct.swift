/// The per-step recurrent products of the fused sequence kernels, shaped for OpenBLAS's unpacked path.
///
/// OpenBLAS's SkylakeX-family kernels (those of AVX-512 machines) multiply without packing either
/// operand when m·n·k is at most 10⁶ and the row-major right operand is not transposed. A step's
/// product (`[batch, hidden] · [hidden, gates·hidden]` forward, the transpose backward) is at most a
/// few times that size, and packing the whole weight matrix on every step was a sixth of a character
/// LSTM's training step (batch 16, hidden 128: 1.05·10⁶ multiply-adds a step). So the kernels multiply
/// by the weights untransposed and split a step's product into column blocks that each fit the path:
/// 34 → 19 µs per step product there. Elsewhere the split costs one more call per step.
extension RecurrentKernels {
    /// OpenBLAS's size limit (m·n·k) for the unpacked small-matrix kernels.
    static let unpackedWork = 1_000_000
    /// The most column blocks a step is split into; beyond that the calls cost more than packing.
    static let maximumBlocks = 4

    /// `C = A · B + beta · C` for row-major `A` `[m, k]`, `B` `[k, n]` and `C` `[m, n]` with explicit
    /// leading dimensions, in column blocks of at most `unpackedWork` multiply-adds each when that
    /// takes at most `maximumBlocks` of them.
    static func stepProduct(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                            _ b: UnsafePointer<Float>, _ ldb: Int,
                            _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        let width = blockWidth(m, n, k)
        var j = 0
        while j < n {
            let w = min(width, n - j)
            gemm(false, false, m, w, k, 1, a, lda, b + j, ldb, beta, c + j, ldc)
            j += w
        }
    }

    /// The width of `stepProduct`'s column blocks: `n` when the product fits the unpacked path or is
    /// too large to split, otherwise the fewest equal blocks that fit, rounded up to 16 columns (a
    /// whole AVX-512 vector) while that still fits.
    static func blockWidth(_ m: Int, _ n: Int, _ k: Int) -> Int {
        let work = m * n * k
        guard work > unpackedWork, m * k > 0 else { return max(n, 1) }
        let blocks = (work + unpackedWork - 1) / unpackedWork
        guard blocks <= maximumBlocks else { return n }
        let even = (n + blocks - 1) / blocks
        let rounded = (even + 15) / 16 * 16
        return m * rounded * k <= unpackedWork ? rounded : even
    }

    /// The recurrent weights `[gates·hidden, hidden]` transposed into a new row-major
    /// `[hidden, gates·hidden]` tensor, the right operand of a forward step's `stepProduct`.
    static func transposedWeights(_ weightHH: Tensor) throws -> Tensor {
        let rows = weightHH.shape[0], cols = weightHH.shape[1]
        let out = try Tensor.uninitialized([cols, rows])
        // In 16 × 16 tiles: a plain loop's stores, a whole row apart, took 1.6% of a character LSTM's step.
        weightHH.reading(into: out) { w, t in
            for r0 in stride(from: 0, to: rows, by: 16) {
                for c0 in stride(from: 0, to: cols, by: 16) {
                    for c in c0..<min(c0 + 16, cols) {
                        for r in r0..<min(r0 + 16, rows) { t[c * rows + r] = w[r * cols + c] }
                    }
                }
            }
        }
        return out
    }
}

extension RecurrentKernels {
    /// How many slices of the batch a fused kernel's recurrence runs in at once: one per worker when
    /// each worker's step product reaches `sliceWork` multiply-adds, else one. Smaller slices lose
    /// more to the hand-off and to sharing a core's caches than they gain (LSTM hidden 64, batch 16
    /// on two workers: 500 steps/s against 800 on one).
    static func batchSlices(_ s: Sizes) -> Int {
        let workers = min(Parallel.workers, s.batch)
        guard workers > 1 else { return 1 }
        return (s.batch / workers) * s.gateWidth * s.hidden >= sliceWork ? workers : 1
    }

    /// The multiply-adds of one step product per slice from which slicing the batch pays.
    static let sliceWork = 1 << 18

    /// Runs `body(first, end)` for each of `slices` contiguous ranges of the batch rows `0..<batch`,
    /// on the workers when there are several.
    ///
    /// Rows of a batch never meet inside a recurrence (only the weight gradients, computed after it,
    /// sum over them), so each worker runs every step for its own rows: one hand-off for the whole
    /// sequence instead of one per step. Its products then run on one OpenBLAS thread each.
    static func forEachBatchSlice(_ batch: Int, _ slices: Int, _ body: (Int, Int) -> Void) {
        if slices <= 1 { return body(0, batch) }
        Parallel.perform(iterations: slices) { i in body(batch * i / slices, batch * (i + 1) / slices) }
    }
}
