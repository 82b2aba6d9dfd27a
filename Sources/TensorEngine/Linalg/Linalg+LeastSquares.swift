/// `lstsq` and `matrixRank`: what the singular values say about a matrix that may not be square or
/// invertible.
extension Linalg {
    /// The cutoff PyTorch uses by default: singular values at most max(m, n)·ε times the largest count
    /// as zero, with ε the machine epsilon of the result's dtype (Float64's for float64, Float32's
    /// otherwise).
    static func defaultRelativeTolerance(_ m: Int, _ n: Int, _ dtype: DType) -> Double {
        Double(Swift.max(m, n)) * (dtype == .float64 ? Double.ulpOfOne : Double(Float.ulpOfOne))
    }

    /// The minimum-norm least-squares solution X of A·X ≈ B (`torch.linalg.lstsq(A, B).solution`), for
    /// any m × n A, by SVD (`gelsd`); B is `[..., m, k]` or a vector `[..., m]`, batch dimensions
    /// broadcasting as in `solve`.
    ///
    /// Gradients flow to A and B as through X = pinv(A)·B: gB = pinv(A)ᵀ·gX, and A receives the
    /// pseudo-inverse's gradient for gX·Bᵀ; they hold where A's rank does not change nearby (full rank).
    /// A backward pass with `createGraph` differentiates pinv(A)·B, whose rules are recorded.
    public static func lstsq(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank >= 2 else { throw notMatrix(a.shape, op: "lstsq", what: "A") }
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1]
        let type = Tensor.resultType(a, b)
        let (x, y, isVector) = try system(try a.to(type), try b.to(type), rows: m, op: "lstsq")
        let matrices = try MatrixBatch(x, op: "lstsq"), rhs = try MatrixBatch(y, op: "lstsq", what: "B")
        let rcond = defaultRelativeTolerance(m, n, matrices.dtype)
        let solutions = MatrixBatch(batch: matrices.batch, matrices: try zip(matrices.matrices, rhs.matrices).map {
            try LAPACK.lstsq($0, $1, rcond: rcond, op: "lstsq")
        }, dtype: matrices.dtype)
        let k = y.shape[y.rank - 1], batch = matrices.batch
        let needA = x.tracksGrad, needB = y.tracksGrad
        let out = try solutions.tensor(rows: n, cols: k, op: "lstsq")
            .recording("lstsq", [x, y], twice: false, composite: { try pinv($0[0]).matmul($0[1]) }) { g in
                let gx = MatrixBatch(gradient: g, batch: batch)
                var gA: [Matrix] = [], gB: [Matrix] = []
                for ((a, b), gx) in zip(zip(matrices.matrices, rhs.matrices), gx.matrices) {
                    let p = try pseudoInverse(a, dtype: matrices.dtype, op: "lstsq")
                    if needA { gA.append(pseudoInverseGradient(a, p, gx * b.transposed)) }
                    if needB { gB.append(p.transposed * gx) }
                }
                return [needA ? try MatrixBatch(batch: batch, matrices: gA, dtype: matrices.dtype).tensor(rows: m, cols: n, op: "lstsq") : nil,
                        needB ? try MatrixBatch(batch: batch, matrices: gB, dtype: matrices.dtype).tensor(rows: m, cols: k, op: "lstsq") : nil]
            }
        return isVector ? try out.squeeze(axis: -1) : out
    }

    /// How many singular values exceed `tol` (`torch.linalg.matrix_rank`), one count (int64) per matrix
    /// of the batch; without `tol`, σmax·max(m, n)·ε of the dtype (Float64's for float64), PyTorch's default.
    public static func matrixRank(_ a: Tensor, tol: Double? = nil) throws -> Tensor {
        let matrices = try MatrixBatch(a, op: "matrixRank")
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1]
        if let tol, !(tol >= 0) {
            throw TensorError.value("matrixRank: tol must be a non-negative number, got \(tol)")
        }
        let ranks = try matrices.matrices.map { matrix -> [Double] in
            let s = try LAPACK.svd(matrix, .none, op: "matrixRank").s
            let cutoff = tol ?? (s.first ?? 0) * defaultRelativeTolerance(m, n, matrices.dtype)
            return [Double(s.filter { $0 > cutoff }.count)]
        }
        return try MatrixBatch.tensor(vectors: ranks, batch: matrices.batch, length: 1, dtype: .int64, op: "matrixRank").reshape(matrices.batch)
    }
}
