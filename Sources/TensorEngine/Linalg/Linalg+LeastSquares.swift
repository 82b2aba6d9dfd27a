/// `lstsq`, `pinv` and `matrixRank`: what the singular values say about a matrix that may not be
/// square or invertible.
extension Linalg {
    /// The cutoff PyTorch uses by default: singular values at most max(m, n)·ε(Float32) times the largest
    /// count as zero.
    static func defaultRelativeTolerance(_ m: Int, _ n: Int) -> Double {
        Double(Swift.max(m, n)) * Double(Float.ulpOfOne)
    }

    /// The backward rule of results that have no gradient here: backward() through them is a ValueError
    /// rather than a silently missing gradient.
    static func noGradient(_ op: String) -> (Tensor) throws -> [Tensor?] {
        { _ in throw TensorError.value("\(op): has no gradient; compute it under noGrad or from detached inputs") }
    }

    /// The minimum-norm least-squares solution X of A·X ≈ B (`torch.linalg.lstsq(A, B).solution`), for
    /// any m × n A, by SVD (`gelsd`); B is `[..., m, k]` or a vector `[..., m]`, batch dimensions
    /// broadcasting as in `solve`.
    ///
    /// No gradient: a backward() through the solution is a ValueError.
    public static func lstsq(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank >= 2 else { throw notMatrix(a.shape, op: "lstsq", what: "A") }
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1]
        let (x, y, isVector) = try noGrad { try system(a, b, rows: m, op: "lstsq") }
        let matrices = try MatrixBatch(x, op: "lstsq"), rhs = try MatrixBatch(y, op: "lstsq", what: "B")
        let rcond = defaultRelativeTolerance(m, n)
        let solutions = MatrixBatch(batch: matrices.batch, matrices: try zip(matrices.matrices, rhs.matrices).map {
            try LAPACK.lstsq($0, $1, rcond: rcond, op: "lstsq")
        })
        var out = try solutions.tensor(rows: n, cols: y.shape[y.rank - 1], op: "lstsq")
        if isVector { out = try out.squeeze(axis: -1) }
        return out.recording("lstsq", [a, b], noGradient("lstsq"))
    }

    /// The Moore–Penrose pseudo-inverse (n × m) from the SVD (`torch.linalg.pinv`), dropping singular
    /// values at most max(m, n)·ε(Float32) times the largest.
    ///
    /// No gradient: a backward() through it is a ValueError.
    public static func pinv(_ a: Tensor) throws -> Tensor {
        let matrices = try MatrixBatch(a, op: "pinv")
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1]
        let rtol = defaultRelativeTolerance(m, n)
        let inverses = try matrices.map { matrix in
            let (u, s, vt) = try LAPACK.svd(matrix, .reduced, op: "pinv")
            let cutoff = (s.first ?? 0) * rtol
            let inverted = s.map { $0 > cutoff ? 1 / $0 : 0 }
            return vt.transposed * Matrix.diagonal(inverted) * u.transposed
        }
        return try inverses.tensor(rows: n, cols: m, op: "pinv").recording("pinv", [a], noGradient("pinv"))
    }

    /// How many singular values exceed `tol` (`torch.linalg.matrix_rank`), one count per matrix of the
    /// batch; without `tol`, σmax·max(m, n)·ε(Float32), PyTorch's default for Float32.
    public static func matrixRank(_ a: Tensor, tol: Double? = nil) throws -> Tensor {
        let matrices = try MatrixBatch(a, op: "matrixRank")
        let m = a.shape[a.rank - 2], n = a.shape[a.rank - 1]
        if let tol, !(tol >= 0) {
            throw TensorError.value("matrixRank: tol must be a non-negative number, got \(tol)")
        }
        let ranks = try matrices.matrices.map { matrix -> [Double] in
            let s = try LAPACK.svd(matrix, .none, op: "matrixRank").s
            let cutoff = tol ?? (s.first ?? 0) * defaultRelativeTolerance(m, n)
            return [Double(s.filter { $0 > cutoff }.count)]
        }
        return try MatrixBatch.tensor(vectors: ranks, batch: matrices.batch, length: 1, op: "matrixRank").reshape(matrices.batch)
    }
}
