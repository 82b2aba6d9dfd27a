/// `solve` and `inv`: linear systems through LU with partial pivoting.
extension Linalg {
    /// X with A·X = B, for square nonsingular A (`torch.linalg.solve`).
    ///
    /// A is `[..., n, n]`; B is `[..., n, k]` or, as a vector right-hand side, `[n]` or A's batch
    /// dimensions followed by n. Batch dimensions broadcast. A singular A is a ValueError. Gradients
    /// flow to both: gB = A⁻ᵀ·gX, gA = −gB·Xᵀ.
    public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try checkSquare(a.shape, op: "solve")
        let n = a.shape[a.rank - 1]
        let type = Tensor.resultType(a, b)
        let (x, y, isVector) = try system(try a.to(type), try b.to(type), rows: n, op: "solve")
        let solution = try solveMatrices(x, y)
        return isVector ? try solution.squeeze(axis: -1) : solution
    }

    /// `solve` for A and B of equal batch dimensions, B a matrix.
    static func solveMatrices(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let matrices = try MatrixBatch(a, op: "solve")
        let rhs = try MatrixBatch(b, op: "solve", what: "B")
        let n = a.shape[a.rank - 1], k = b.shape[b.rank - 1], batch = matrices.batch
        let solutions = MatrixBatch(batch: batch, matrices: try zip(matrices.matrices, rhs.matrices).map {
            try LAPACK.solve($0, $1, op: "solve")
        }, dtype: matrices.dtype)
        let needA = a.tracksGrad, needB = b.tracksGrad
        let out = try solutions.tensor(rows: n, cols: k, op: "solve")
        let saved = a.saved(), storage = out.storage, shape = out.shape
        return out.recording("solve", [a, b]) { g in
            if Autograd.isCreatingGraph {
                let gb = try solveMatrices(transposed(saved.tensor), g)
                let x = Tensor.ruleOutput(Tensor(storage: storage, shape: shape))
                return [needA ? try -gb.matmul(transposed(x)) : nil, needB ? gb : nil]
            }
            let gx = MatrixBatch(gradient: g, batch: batch)
            let gb = try zip(matrices.matrices, gx.matrices).map { try LAPACK.solve($0.transposed, $1, op: "solve") }
            let gA = needA ? try MatrixBatch(batch: batch, matrices: zip(gb, solutions.matrices).map { ($0 * $1.transposed) * -1 }, dtype: matrices.dtype)
                .tensor(rows: n, cols: n, op: "solve") : nil
            let gB = needB ? try MatrixBatch(batch: batch, matrices: gb, dtype: matrices.dtype).tensor(rows: n, cols: k, op: "solve") : nil
            return [gA, gB]
        }
    }

    /// The inverse of a square nonsingular matrix (`torch.linalg.inv`); a singular one is a ValueError.
    ///
    /// The gradient is −A⁻ᵀ·g·A⁻ᵀ.
    public static func inv(_ a: Tensor) throws -> Tensor {
        let matrices = try squareMatrices(a, op: "inv")
        let n = a.shape[a.rank - 1]
        let inverses = try matrices.map { try LAPACK.solve($0, .identity(n), op: "inv") }
        let out = try inverses.tensor(rows: n, cols: n, op: "inv")
        let storage = out.storage, shape = out.shape
        return out.recording("inv", [a]) { g in
            if Autograd.isCreatingGraph {
                let yt = try transposed(Tensor.ruleOutput(Tensor(storage: storage, shape: shape)))
                return [try -yt.matmul(g).matmul(yt)]
            }
            let gy = MatrixBatch(gradient: g, batch: matrices.batch)
            let gA = zip(inverses.matrices, gy.matrices).map { y, g in (y.transposed * g * y.transposed) * -1 }
            return [try MatrixBatch(batch: matrices.batch, matrices: gA, dtype: matrices.dtype).tensor(rows: n, cols: n, op: "inv")]
        }
    }
}
