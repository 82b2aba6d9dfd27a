/// `pinv`: the Moore–Penrose pseudo-inverse from the SVD, and its gradient.
extension Linalg {
    /// The Moore–Penrose pseudo-inverse (n × m) from the SVD (`torch.linalg.pinv`), dropping singular
    /// values at most max(m, n)·ε times the largest (ε of the dtype: Float64's for float64).
    ///
    /// The gradient is Golub and Pereyra's derivative of A⁺ for A of locally constant rank (full rank,
    /// in practice): −A⁺ᵀ·g·A⁺ᵀ + (I − A·A⁺)·gᵀ·A⁺·A⁺ᵀ + A⁺ᵀ·A⁺·gᵀ·(I − A⁺·A), as recorded ops on A and
    /// A⁺ when a backward pass creates a graph.
    public static func pinv(_ a: Tensor) throws -> Tensor {
        let matrices = try MatrixBatch(a, op: "pinv")
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1]
        let inverses = try matrices.map { try pseudoInverse($0, dtype: matrices.dtype, op: "pinv") }
        let out = try inverses.tensor(rows: n, cols: m, op: "pinv")
        let saved = a.saved(), storage = out.storage, shape = out.shape
        return out.recording("pinv", [a]) { g in
            if Autograd.isCreatingGraph {
                return [try pseudoInverseGradient(saved.tensor, Tensor.ruleOutput(Tensor(storage: storage, shape: shape)), g)]
            }
            let gp = MatrixBatch(gradient: g, batch: matrices.batch)
            let gA = matrices.matrices.indices.map { i in
                pseudoInverseGradient(matrices.matrices[i], inverses.matrices[i], gp.matrices[i])
            }
            return [try MatrixBatch(batch: matrices.batch, matrices: gA, dtype: matrices.dtype).tensor(rows: m, cols: n, op: "pinv")]
        }
    }

    /// A⁺ = V·diag(1/σ)·Uᵀ over the singular values above PyTorch's default cutoff for `dtype`.
    static func pseudoInverse(_ a: Matrix, dtype: DType, op: String) throws -> Matrix {
        let (u, s, vt) = try LAPACK.svd(a, .reduced, op: op)
        let cutoff = (s.first ?? 0) * defaultRelativeTolerance(a.rows, a.cols, dtype)
        return vt.transposed * Matrix.diagonal(s.map { $0 > cutoff ? 1 / $0 : 0 }) * u.transposed
    }

    /// A's gradient for the gradient g (n × m) of its pseudo-inverse p = A⁺.
    static func pseudoInverseGradient(_ a: Matrix, _ p: Matrix, _ g: Matrix) -> Matrix {
        let pt = p.transposed, gt = g.transposed
        let leftNull = Matrix.identity(a.rows) - a * p, rightNull = Matrix.identity(a.cols) - p * a
        return pt * g * pt * -1 + leftNull * gt * p * pt + pt * p * gt * rightNull
    }
}
