/// `solve` and `inv`: linear systems through LU with partial pivoting.
extension Linalg {
    /// X with A·X = B, for square nonsingular A (`torch.linalg.solve`).
    ///
    /// A is `[..., n, n]`; B is `[..., n, k]` or, as a vector right-hand side, `[..., n]`, with A's batch
    /// dimensions. A singular A is a ValueError. Gradients flow to both: gB = A⁻ᵀ·gX, gA = −gB·Xᵀ.
    public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let matrices = try squareMatrices(a, op: "solve")
        let n = a.shape[a.rank - 1]
        let isVector = b.rank == a.rank - 1
        let fits = isVector ? Array(b.shape.dropLast()) == matrices.batch && b.shape.last == n
            : b.rank == a.rank && Array(b.shape.dropLast(2)) == matrices.batch && b.shape[b.rank - 2] == n
        guard fits else {
            throw TensorError.shape("solve: B of shape \(describe(b.shape)) does not fit A of shape \(describe(a.shape)): B must be \(describe(matrices.batch + [n])) or \(matrixShape(matrices.batch, rows: n))")
        }
        let rhs = try MatrixBatch(isVector ? b.detach().reshape(b.shape + [1]) : b, op: "solve", what: "B")
        let solutions = MatrixBatch(batch: matrices.batch, matrices: try zip(matrices.matrices, rhs.matrices).map {
            try LAPACK.solve($0, $1, op: "solve")
        })
        let k = isVector ? 1 : b.shape[b.rank - 1]
        var out = try solutions.tensor(rows: n, cols: k, op: "solve")
        if isVector { out = try out.reshape(b.shape) }
        let needA = a.tracksGrad, needB = b.tracksGrad
        return out.recording("solve", [a, b]) { g in
            let gx = MatrixBatch(gradient: isVector ? try g.reshape(g.shape + [1]) : g, batch: matrices.batch)
            let gb = try zip(matrices.matrices, gx.matrices).map { try LAPACK.solve($0.transposed, $1, op: "solve") }
            let gA = needA ? try MatrixBatch(batch: matrices.batch, matrices: zip(gb, solutions.matrices).map { ($0 * $1.transposed) * -1 })
                .tensor(rows: n, cols: n, op: "solve") : nil
            guard needB else { return [gA, nil] }
            let gB = try MatrixBatch(batch: matrices.batch, matrices: gb).tensor(rows: n, cols: k, op: "solve")
            return [gA, isVector ? try gB.reshape(b.shape) : gB]
        }
    }

    /// How a message shows the shape batch + [rows, k] of a right-hand side with any column count k.
    static func matrixShape(_ batch: [Int], rows: Int) -> String {
        "[" + (batch.map(String.init) + [String(rows), "k"]).joined(separator: ", ") + "]"
    }

    /// The inverse of a square nonsingular matrix (`torch.linalg.inv`); a singular one is a ValueError.
    ///
    /// The gradient is −A⁻ᵀ·g·A⁻ᵀ.
    public static func inv(_ a: Tensor) throws -> Tensor {
        let matrices = try squareMatrices(a, op: "inv")
        let n = a.shape[a.rank - 1]
        let inverses = try matrices.map { try LAPACK.solve($0, .identity(n), op: "inv") }
        return try inverses.tensor(rows: n, cols: n, op: "inv").recording("inv", [a]) { g in
            let gy = MatrixBatch(gradient: g, batch: matrices.batch)
            let gA = zip(inverses.matrices, gy.matrices).map { y, g in (y.transposed * g * y.transposed) * -1 }
            return [try MatrixBatch(batch: matrices.batch, matrices: gA).tensor(rows: n, cols: n, op: "inv")]
        }
    }
}
