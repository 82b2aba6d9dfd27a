/// `qr`: the reduced QR factorization by Householder reflections.
extension Linalg {
    /// Q (m × k, orthonormal columns) and R (k × n, upper triangular) with A = Q·R, k = min(m, n)
    /// (`torch.linalg.qr` in its default "reduced" mode); R's diagonal may be negative, as LAPACK leaves it.
    ///
    /// Gradients flow through Q and R when m ≥ n and R is nonsingular (TensorFlow's and PyTorch's rule);
    /// for a wide matrix backward() is a ValueError.
    public static func qr(_ a: Tensor) throws -> QRResult {
        let matrices = try MatrixBatch(a, op: "qr")
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1], k = Swift.min(m, n)
        let factors = matrices.matrices.map(LAPACK.qr)
        let q = MatrixBatch(batch: matrices.batch, matrices: factors.map(\.q))
        let r = MatrixBatch(batch: matrices.batch, matrices: factors.map(\.r))
        /// The gradient of A for the gradients of Q and R, either of which may be zero.
        func backward(_ gq: MatrixBatch?, _ gr: MatrixBatch?) throws -> Tensor {
            guard m >= n else {
                throw TensorError.value("qr: gradients need at least as many rows as columns; A has shape \(describe(a.shape))")
            }
            let gA = try matrices.matrices.indices.map { i in
                let q = q.matrices[i], r = r.matrices[i]
                let dq = gq?.matrices[i] ?? Matrix(zeros: m, k), dr = gr?.matrices[i] ?? Matrix(zeros: k, n)
                let qdq = q.transposed * dq, rdr = r * dr.transposed
                let tril = ((qdq - qdq.transposed) + (rdr - rdr.transposed)).lower()
                let left = q * (dr + (try timesInverseTransposed(tril, r)))
                return left + (try timesInverseTransposed(dq - q * qdq, r))
            }
            return try MatrixBatch(batch: matrices.batch, matrices: gA).tensor(rows: m, cols: n, op: "qr")
        }
        let qOut = try q.tensor(rows: m, cols: k, op: "qr").recording("qr.Q", [a]) { g in
            [try backward(MatrixBatch(gradient: g, batch: matrices.batch), nil)]
        }
        let rOut = try r.tensor(rows: k, cols: n, op: "qr").recording("qr.R", [a]) { g in
            [try backward(nil, MatrixBatch(gradient: g, batch: matrices.batch))]
        }
        return QRResult(Q: qOut, R: rOut)
    }

    /// x·R⁻ᵀ for square R, as the transpose of R⁻¹·xᵀ; a singular R is a ValueError.
    static func timesInverseTransposed(_ x: Matrix, _ r: Matrix) throws -> Matrix {
        try LAPACK.solve(r, x.transposed, op: "qr (gradient: R is singular)").transposed
    }
}
