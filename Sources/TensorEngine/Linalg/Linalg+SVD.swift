/// `svd` and `svdvals`: the singular value decomposition by divide and conquer.
extension Linalg {
    /// U, S (descending) and Vh = Vᵀ with A = U·diag(S)·Vh (`torch.linalg.svd`).
    ///
    /// With `fullMatrices` (the default, as in PyTorch) U is m × m and Vh n × n; otherwise U is m × k
    /// and Vh k × n, k = min(m, n). Gradients flow through all three by PyTorch's rule, which needs
    /// distinct, nonzero singular values; a loss must not depend on the signs of the singular vectors
    /// (U·Vh does not, U alone does), and with full matrices the columns of U and rows of Vh beyond k
    /// (an arbitrary basis) get none.
    public static func svd(_ a: Tensor, fullMatrices: Bool = true) throws -> SVDResult {
        let matrices = try MatrixBatch(a, op: "svd")
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1], k = Swift.min(m, n)
        let parts = try matrices.matrices.map { try LAPACK.svd($0, fullMatrices ? .full : .reduced, op: "svd") }
        let u = MatrixBatch(batch: matrices.batch, matrices: parts.map(\.u), dtype: matrices.dtype)
        let vt = MatrixBatch(batch: matrices.batch, matrices: parts.map(\.vt), dtype: matrices.dtype)
        let reduced = parts.map { (u: $0.u.columns(k), vt: $0.vt.rowsPrefix(k)) }
        /// A's gradient for the gradient of U or of Vh, keeping their first k columns or rows.
        func backward(_ du: MatrixBatch?, _ dvt: MatrixBatch?) throws -> Tensor {
            let gA = try parts.indices.map { i in
                try singularVectorGradient(u: reduced[i].u, s: parts[i].s, vt: reduced[i].vt,
                                           du: du?.matrices[i].columns(k), dvt: dvt?.matrices[i].rowsPrefix(k))
            }
            return try MatrixBatch(batch: matrices.batch, matrices: gA, dtype: matrices.dtype).tensor(rows: m, cols: n, op: "svd")
        }
        // A backward pass that creates a graph factors A again (recorded) and runs the rules as recorded ops.
        let saved = a.saved()
        let uOut = try u.tensor(rows: m, cols: fullMatrices ? m : k, op: "svd").recording("svd.U", [a]) { g in
            if Autograd.isCreatingGraph {
                return [try singularVectorGradient(svd(saved.tensor, fullMatrices: false), du: g[.ellipsis, .range(0, k, 1)], dvh: nil)]
            }
            return [try backward(MatrixBatch(gradient: g, batch: matrices.batch), nil)]
        }
        let vhOut = try vt.tensor(rows: fullMatrices ? n : k, cols: n, op: "svd").recording("svd.Vh", [a]) { g in
            if Autograd.isCreatingGraph {
                return [try singularVectorGradient(svd(saved.tensor, fullMatrices: false), du: nil, dvh: g[.ellipsis, .range(0, k, 1), .all])]
            }
            return [try backward(nil, MatrixBatch(gradient: g, batch: matrices.batch))]
        }
        let s = try MatrixBatch.tensor(vectors: parts.map(\.s), batch: matrices.batch, length: k, dtype: matrices.dtype, op: "svd")
        return SVDResult(U: uOut, S: s.recording("svd.S", [a]) { g in
            if Autograd.isCreatingGraph { return [try singularValueGradient(svd(saved.tensor, fullMatrices: false), g)] }
            return [try singularValueGradient(g, reduced, batch: matrices.batch, m: m, n: n)]
        }, Vh: vhOut)
    }

    /// The singular values of each matrix, descending (`torch.linalg.svdvals`); the gradient is U·diag(g)·Vh.
    public static func svdvals(_ a: Tensor) throws -> Tensor {
        let matrices = try MatrixBatch(a, op: "svdvals")
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1], k = Swift.min(m, n)
        let parts = try matrices.matrices.map { try LAPACK.svd($0, .reduced, op: "svdvals") }
        let s = try MatrixBatch.tensor(vectors: parts.map(\.s), batch: matrices.batch, length: k, dtype: matrices.dtype, op: "svdvals")
        let saved = a.saved()
        return s.recording("svdvals", [a]) { g in
            if Autograd.isCreatingGraph { return [try singularValueGradient(svd(saved.tensor, fullMatrices: false), g)] }
            return [try singularValueGradient(g, parts.map { ($0.u, $0.vt) }, batch: matrices.batch, m: m, n: n)]
        }
    }

    /// A's gradient for the gradient du of U (m × k) or dvt of Vh (k × n), from the reduced factors
    /// (PyTorch's `svd_backward`): U·[(skew(Uᵀ·dU)·S + S·skew(Vᵀ·dV)) / E]·Vh, with E[j][l] = σl² − σj²,
    /// plus (I − U·Uᵀ)·dU·S⁻¹·Vh when m > k, or U·S⁻¹·dVᵀ·(I − V·Vh) when n > k.
    static func singularVectorGradient(u: Matrix, s: [Double], vt: Matrix, du: Matrix?, dvt: Matrix?) throws -> Matrix {
        let m = u.rows, n = vt.cols, k = s.count
        let v = vt.transposed, dv = dvt?.transposed
        var inner = Matrix(zeros: k, k)
        func add(_ x: Matrix, scale: (Int, Int) -> Double) {
            for j in 0..<k { for l in 0..<k where j != l { inner[j, l] += (x[j, l] - x[l, j]) * scale(j, l) / (s[l] * s[l] - s[j] * s[j]) } }
        }
        if let du { add(u.transposed * du) { _, l in s[l] } }
        if let dv { add(v.transposed * dv) { j, _ in s[j] } }
        var gA = u * inner * vt
        if m > k, let du {
            var scaled = du
            for j in 0..<k { for i in 0..<m { scaled[i, j] /= s[j] } }
            gA = gA + (scaled - u * (u.transposed * scaled)) * vt
        }
        if n > k, let dv {
            var scaled = dv.transposed
            for j in 0..<n { for i in 0..<k { scaled[i, j] /= s[i] } }
            gA = gA + u * (scaled - (scaled * v) * vt)
        }
        return gA
    }

    /// A's gradient for the gradient g of its singular values: U·diag(g)·Vh with the reduced factors.
    static func singularValueGradient(_ g: Tensor, _ factors: [(u: Matrix, vt: Matrix)], batch: [Int],
                                      m: Int, n: Int) throws -> Tensor {
        let gs = MatrixBatch.vectors(g, batch: batch)
        let gA = zip(factors, gs).map { f, gs in f.u * Matrix.diagonal(gs) * f.vt }
        return try MatrixBatch(batch: batch, matrices: gA, dtype: MatrixBatch.resultType(g.dtype)).tensor(rows: m, cols: n, op: "svd")
    }
}
