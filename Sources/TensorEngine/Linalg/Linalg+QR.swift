/// `qr`: the reduced QR factorization by Householder reflections.
extension Linalg {
    /// Q (m × k, orthonormal columns) and R (k × n, upper triangular) with A = Q·R, k = min(m, n)
    /// (`torch.linalg.qr` in its default "reduced" mode); R's diagonal may be negative, as LAPACK leaves it.
    ///
    /// Gradients flow through Q and R when the leading min(m, n) columns of A are independent (R's
    /// leading square block nonsingular), by TensorFlow's rule, which PyTorch's matches.
    public static func qr(_ a: Tensor) throws -> QRResult {
        let matrices = try MatrixBatch(a, op: "qr")
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1], k = Swift.min(m, n)
        let factors = matrices.matrices.map(LAPACK.qr)
        let q = MatrixBatch(batch: matrices.batch, matrices: factors.map(\.q), dtype: matrices.dtype)
        let r = MatrixBatch(batch: matrices.batch, matrices: factors.map(\.r), dtype: matrices.dtype)
        /// The gradient of A for the gradients of Q and R, either of which may be zero.
        func backward(_ gq: MatrixBatch?, _ gr: MatrixBatch?) throws -> Tensor {
            let gA = try matrices.matrices.indices.map { i in
                try qrGradient(a: matrices.matrices[i], q: q.matrices[i], r: r.matrices[i],
                               dq: gq?.matrices[i] ?? Matrix(zeros: m, k), dr: gr?.matrices[i] ?? Matrix(zeros: k, n))
            }
            return try MatrixBatch(batch: matrices.batch, matrices: gA, dtype: matrices.dtype).tensor(rows: m, cols: n, op: "qr")
        }
        // A backward pass that creates a graph factors A again (recorded) and runs the rule as recorded ops.
        let saved = a.saved()
        func recordedBackward(_ gq: Tensor?, _ gr: Tensor?) throws -> Tensor {
            let a = saved.tensor, f = try qr(a)
            // R's zeros below the diagonal are no function of A: a gradient reaching them must stop there.
            let r = try f.R * triangleMask(k, n, lower: false, dtype: f.R.dtype)
            return try qrGradient(a: a, q: f.Q, r: r, dq: gq, dr: gr)
        }
        let qOut = try q.tensor(rows: m, cols: k, op: "qr").recording("qr.Q", [a]) { g in
            if Autograd.isCreatingGraph { return [try recordedBackward(g, nil)] }
            return [try backward(MatrixBatch(gradient: g, batch: matrices.batch), nil)]
        }
        let rOut = try r.tensor(rows: k, cols: n, op: "qr").recording("qr.R", [a]) { g in
            if Autograd.isCreatingGraph { return [try recordedBackward(nil, g)] }
            return [try backward(nil, MatrixBatch(gradient: g, batch: matrices.batch))]
        }
        return QRResult(Q: qOut, R: rOut)
    }

    /// A's gradient for the gradients dq and dr of its factors (TensorFlow's `QrGrad`).
    ///
    /// For m ≥ n: Q·(dR + tril(QᵀdQ − dQᵀQ + R·dRᵀ − dR·Rᵀ)·R⁻ᵀ) + (dQ − Q·QᵀdQ)·R⁻ᵀ. A wide A = [X | Y]
    /// has X = Q·U with U square: X takes that rule with dQ + Y·dVᵀ (dV the gradient of R's last n − m
    /// columns), and Y takes Q·dV.
    static func qrGradient(a: Matrix, q: Matrix, r: Matrix, dq: Matrix, dr: Matrix) throws -> Matrix {
        let m = a.rows, n = a.cols
        guard m < n else { return try qrGradientTall(q: q, r: r, dq: dq, dr: dr) }
        let y = a.columns(m..<n), u = r.columns(m), du = dr.columns(m), dv = dr.columns(m..<n)
        let dx = try qrGradientTall(q: q, r: u, dq: dq + y * dv.transposed, dr: du)
        return dx.appending(columns: q * dv)
    }

    /// The m ≥ n case of `qrGradient`; R must be nonsingular.
    static func qrGradientTall(q: Matrix, r: Matrix, dq: Matrix, dr: Matrix) throws -> Matrix {
        let qdq = q.transposed * dq, rdr = r * dr.transposed
        let tril = ((qdq - qdq.transposed) + (rdr - rdr.transposed)).lower()
        let left = q * (dr + (try timesInverseTransposed(tril, r)))
        return left + (try timesInverseTransposed(dq - q * qdq, r))
    }

    /// x·R⁻ᵀ for square R, as the transpose of R⁻¹·xᵀ; a singular R is a ValueError.
    static func timesInverseTransposed(_ x: Matrix, _ r: Matrix) throws -> Matrix {
        try LAPACK.solve(r, x.transposed, op: "qr (gradient: R is singular)").transposed
    }
}
