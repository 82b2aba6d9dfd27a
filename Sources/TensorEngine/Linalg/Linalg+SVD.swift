/// `svd` and `svdvals`: the singular value decomposition by divide and conquer.
extension Linalg {
    /// U, S (descending) and Vh = Vᵀ with A = U·diag(S)·Vh (`torch.linalg.svd`).
    ///
    /// With `fullMatrices` (the default, as in PyTorch) U is m × m and Vh n × n; otherwise U is m × k
    /// and Vh k × n, k = min(m, n). Gradients flow through S (U·diag(gS)·Vh); a backward() through U or
    /// Vh is a ValueError, since singular vectors are defined only up to sign.
    public static func svd(_ a: Tensor, fullMatrices: Bool = true) throws -> SVDResult {
        let matrices = try MatrixBatch(a, op: "svd")
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1], k = Swift.min(m, n)
        let parts = try matrices.matrices.map { try LAPACK.svd($0, fullMatrices ? .full : .reduced, op: "svd") }
        let u = MatrixBatch(batch: matrices.batch, matrices: parts.map(\.u))
        let vt = MatrixBatch(batch: matrices.batch, matrices: parts.map(\.vt))
        let refuse: (Tensor) throws -> [Tensor?] = { _ in
            throw TensorError.value("svd: gradients flow only through the singular values S (use svdvals), not through U or Vh")
        }
        let uOut = try u.tensor(rows: m, cols: fullMatrices ? m : k, op: "svd").recording("svd.U", [a], refuse)
        let vhOut = try vt.tensor(rows: fullMatrices ? n : k, cols: n, op: "svd").recording("svd.Vh", [a], refuse)
        let reduced = parts.map { (u: $0.u.columns(k), vt: $0.vt.rowsPrefix(k)) }
        let s = try MatrixBatch.tensor(vectors: parts.map(\.s), batch: matrices.batch, length: k, op: "svd")
        return SVDResult(U: uOut, S: s.recording("svd.S", [a]) { g in
            [try singularValueGradient(g, reduced, batch: matrices.batch, m: m, n: n)]
        }, Vh: vhOut)
    }

    /// The singular values of each matrix, descending (`torch.linalg.svdvals`); the gradient is U·diag(g)·Vh.
    public static func svdvals(_ a: Tensor) throws -> Tensor {
        let matrices = try MatrixBatch(a, op: "svdvals")
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1], k = Swift.min(m, n)
        let parts = try matrices.matrices.map { try LAPACK.svd($0, .reduced, op: "svdvals") }
        let s = try MatrixBatch.tensor(vectors: parts.map(\.s), batch: matrices.batch, length: k, op: "svdvals")
        return s.recording("svdvals", [a]) { g in
            [try singularValueGradient(g, parts.map { ($0.u, $0.vt) }, batch: matrices.batch, m: m, n: n)]
        }
    }

    /// A's gradient for the gradient g of its singular values: U·diag(g)·Vh with the reduced factors.
    static func singularValueGradient(_ g: Tensor, _ factors: [(u: Matrix, vt: Matrix)], batch: [Int],
                                      m: Int, n: Int) throws -> Tensor {
        let gs = MatrixBatch.vectors(g, batch: batch)
        let gA = zip(factors, gs).map { f, gs in f.u * Matrix.diagonal(gs) * f.vt }
        return try MatrixBatch(batch: batch, matrices: gA).tensor(rows: m, cols: n, op: "svd")
    }
}
