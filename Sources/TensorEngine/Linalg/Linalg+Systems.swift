/// The right-hand side of a linear system, shaped as PyTorch's `solve` and `lstsq` read it.
extension Linalg {
    /// A and B expanded to common batch dimensions, with B as a matrix `[..., rows, k]`.
    ///
    /// B is read as a vector (PyTorch's rule) when it has one dimension, or one fewer than A with A's
    /// batch dimensions; the caller removes the added last dimension from the solution. The expansions
    /// are recorded ops, so gradients sum back over broadcast dimensions.
    static func system(_ a: Tensor, _ b: Tensor, rows: Int, op: String) throws -> (a: Tensor, b: Tensor, isVector: Bool) {
        let batchA = Array(a.shape.dropLast(2))
        let isVector = b.rank == 1 || (b.rank == a.rank - 1 && Array(b.shape.dropLast()) == batchA)
        let matrix = isVector ? try b.unsqueeze(axis: -1) : b
        guard matrix.rank >= 2, matrix.shape[matrix.rank - 2] == rows else {
            throw TensorError.shape("\(op): B of shape \(describe(b.shape)) does not fit A of shape \(describe(a.shape)): B must have \(rows) rows, as [..., \(rows)] or [..., \(rows), k]")
        }
        let batch = try Shape.broadcast(batchA, Array(matrix.shape.dropLast(2)), op: op)
        return (try a.expand(to: batch + Array(a.shape.suffix(2))),
                try matrix.expand(to: batch + Array(matrix.shape.suffix(2))), isVector)
    }
}
