/// `cholesky`: the lower factor of a symmetric positive-definite matrix.
extension Linalg {
    /// L, lower triangular with a positive diagonal, with A = L·Lᵀ (`torch.linalg.cholesky`).
    ///
    /// Only A's lower triangle is read, as in PyTorch. A matrix that is not positive-definite is a
    /// ValueError naming the order of the first leading minor that is not positive. The gradient is
    /// PyTorch's: L⁻ᵀ·Φ(Lᵀ·gL)·L⁻¹, with Φ the symmetric part built from the lower triangle.
    public static func cholesky(_ a: Tensor) throws -> Tensor {
        let matrices = try squareMatrices(a, op: "cholesky")
        let n = a.shape[a.rank - 1]
        let factors = try matrices.map { try LAPACK.cholesky($0, op: "cholesky") }
        let out = try factors.tensor(rows: n, cols: n, op: "cholesky")
        let storage = out.storage, shape = out.shape
        return out.recording("cholesky", [a]) { g in
            if Autograd.isCreatingGraph {
                let l = Tensor.ruleOutput(Tensor(storage: storage, shape: shape))
                let m = try transposed(l).matmul(g) * triangleMask(n, n, lower: true, dtype: l.dtype)
                let phi = try (m + transposed(m * triangleMask(n, n, lower: true, strict: true, dtype: l.dtype))) * Tensor.number(0.5)
                let inverse = try inv(l)
                return [try transposed(inverse).matmul(phi).matmul(inverse)]
            }
            let gl = MatrixBatch(gradient: g, batch: matrices.batch)
            let gA = try zip(factors.matrices, gl.matrices).map { l, gl in
                let m = (l.transposed * gl).lower()
                let phi = (m + m.lower(strict: true).transposed) * 0.5
                let inverse = try LAPACK.solve(l, .identity(n), op: "cholesky (gradient)")
                return inverse.transposed * phi * inverse
            }
            return [try MatrixBatch(batch: matrices.batch, matrices: gA, dtype: matrices.dtype).tensor(rows: n, cols: n, op: "cholesky")]
        }
    }
}
