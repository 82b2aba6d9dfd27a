/// The gradient rules of the linear-algebra functions built from recorded tensor ops, which a backward
/// pass with `createGraph` runs instead of the Float64 `Matrix` rules, so that the gradients it gives can
/// be differentiated again. Each is the same formula as its `Matrix` counterpart, on batches of matrices.
///
/// The factors they read (Q and R, U·S·Vh, eigenvectors) come from the op recomputed on the saved input,
/// so that they are themselves differentiable outputs of that input.
extension Linalg {
    /// The transpose of each matrix of a batch.
    static func transposed(_ t: Tensor) throws -> Tensor { try t.transpose(-2, -1) }

    /// A constant rows × cols mask of `dtype`: 1 on and below (`lower`) or on and above the diagonal,
    /// leaving out the diagonal itself when `strict`. Multiplying by it, unlike `tril`, is an op whose
    /// rule is recorded again at every order.
    static func triangleMask(_ rows: Int, _ cols: Int, lower: Bool, strict: Bool = false, dtype: DType) throws -> Tensor {
        let t = try Tensor.zeros([rows, cols], dtype: dtype)
        t.fill { i in
            let r = i / cols, c = i % cols
            return (lower ? c < r : c > r) || (!strict && c == r) ? 1 : 0
        }
        return t
    }

    /// x·R⁻ᵀ for square R, as the transpose of R⁻¹·xᵀ (a recorded `solve`).
    static func timesInverseTransposed(_ x: Tensor, _ r: Tensor) throws -> Tensor {
        try transposed(solveMatrices(r, transposed(x)))
    }

    /// A's gradient for the gradient g of its pseudo-inverse p = A⁺ (see the `Matrix` form).
    static func pseudoInverseGradient(_ a: Tensor, _ p: Tensor, _ g: Tensor) throws -> Tensor {
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1]
        let pt = try transposed(p), gt = try transposed(g)
        let leftNull = try Tensor.eye(m, dtype: a.dtype) - a.matmul(p)
        let rightNull = try Tensor.eye(n, dtype: a.dtype) - p.matmul(a)
        return try -pt.matmul(g).matmul(pt) + leftNull.matmul(gt).matmul(p).matmul(pt)
            + pt.matmul(p).matmul(gt).matmul(rightNull)
    }

    /// A's gradient for the gradients dq and dr of its QR factors (TensorFlow's `QrGrad`, see the
    /// `Matrix` form); either may be nil (zero).
    static func qrGradient(a: Tensor, q: Tensor, r: Tensor, dq: Tensor?, dr: Tensor?) throws -> Tensor {
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1]
        let dq = try dq ?? Tensor.zeros(q.shape, dtype: q.dtype), dr = try dr ?? Tensor.zeros(r.shape, dtype: r.dtype)
        guard m < n else { return try qrGradientTall(q: q, r: r, dq: dq, dr: dr) }
        func columns(_ t: Tensor, _ range: Range<Int>) throws -> Tensor { try t[.ellipsis, .range(range.lowerBound, range.upperBound, 1)] }
        let y = try columns(a, m..<n), dv = try columns(dr, m..<n)
        let dx = try qrGradientTall(q: q, r: columns(r, 0..<m), dq: dq + y.matmul(transposed(dv)), dr: columns(dr, 0..<m))
        return try Tensor.concat([dx, q.matmul(dv)], axis: -1)
    }

    /// The m ≥ n case of `qrGradient`; R must be nonsingular.
    private static func qrGradientTall(q: Tensor, r: Tensor, dq: Tensor, dr: Tensor) throws -> Tensor {
        let k = r.shape[r.rank - 1]
        let qdq = try transposed(q).matmul(dq), rdr = try r.matmul(transposed(dr))
        let lower = try ((qdq - transposed(qdq)) + (rdr - transposed(rdr))) * triangleMask(k, k, lower: true, dtype: q.dtype)
        let left = try q.matmul(dr + timesInverseTransposed(lower, r))
        return try left + timesInverseTransposed(dq - q.matmul(qdq), r)
    }

    /// A's gradient for the gradient du of U (m × k) or dvh of Vh (k × n), from the reduced factors
    /// (PyTorch's `svd_backward`, see the `Matrix` form).
    static func singularVectorGradient(_ f: SVDResult, du: Tensor?, dvh: Tensor?) throws -> Tensor {
        let u = f.U, s = f.S, vh = f.Vh
        let m = u.shape[u.rank - 2], n = vh.shape[vh.rank - 1], k = s.shape[s.rank - 1]
        let squares = try s * s
        // E[j][l] = σl² − σj², with 1 on the diagonal, where the skew-symmetric numerators are 0.
        let e = try squares.unsqueeze(axis: -2) - squares.unsqueeze(axis: -1) + Tensor.eye(k, dtype: s.dtype)
        var inner = try Tensor.zeros(e.shape, dtype: e.dtype)
        if let du {
            let x = try transposed(u).matmul(du)
            inner = try inner + (x - transposed(x)) * s.unsqueeze(axis: -2)
        }
        if let dvh {
            let x = try vh.matmul(transposed(dvh))
            inner = try inner + s.unsqueeze(axis: -1) * (x - transposed(x))
        }
        var gA = try u.matmul(inner / e).matmul(vh)
        if m > k, let du {
            let scaled = try du / s.unsqueeze(axis: -2)
            gA = try gA + (scaled - u.matmul(transposed(u).matmul(scaled))).matmul(vh)
        }
        if n > k, let dvh {
            let scaled = try dvh / s.unsqueeze(axis: -1)
            gA = try gA + u.matmul(scaled - scaled.matmul(transposed(vh)).matmul(vh))
        }
        return gA
    }

    /// A's gradient for the gradient g of the eigenvectors of its factors `e` (see `eigh`):
    /// V·(F∘(Vᵀ·g))·Vᵀ with F[i][j] = 1/(λj − λi) off the diagonal and 0 on it.
    static func eigenvectorGradient(_ e: EighResult, _ g: Tensor) throws -> Tensor {
        let v = e.eigenvectors, values = e.eigenvalues
        let eye = try Tensor.eye(v.shape[v.rank - 1], dtype: v.dtype)
        let gaps = try values.unsqueeze(axis: -2) - values.unsqueeze(axis: -1) + eye
        let f = try (Tensor.number(1) - eye) / gaps
        return try v.matmul(f * transposed(v).matmul(g)).matmul(transposed(v))
    }

    /// A's gradient for the gradient g of its singular values: U·diag(g)·Vh with the reduced factors.
    static func singularValueGradient(_ f: SVDResult, _ g: Tensor) throws -> Tensor {
        try (f.U * g.unsqueeze(axis: -2)).matmul(f.Vh)
    }
}
