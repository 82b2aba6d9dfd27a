/// Linear algebra with PyTorch's `torch.linalg` names and semantics, computed in Float64 through the
/// LAPACK that OpenBLAS ships.
///
/// Results (and gradients) keep a float input's dtype: float64 exactly as LAPACK computes it, float32 and
/// the 16-bit floats rounded once; integer and bool inputs give float32.
///
/// Every function takes a matrix `[m, n]` or a batch `[..., m, n]` and works on each matrix of the batch;
/// a problem (a singular matrix, a non-square one, NaN values) is a ShapeError or ValueError naming the
/// function. Gradients follow PyTorch where the tape records them: see each function. They are
/// differentiable again: a backward pass with `createGraph` runs the same rules as recorded tensor ops
/// (`Linalg+RecordedGradients.swift`), under the same conditions (full rank, distinct eigenvalues or
/// singular values).
public enum Linalg {
    /// Throws a ShapeError naming `op` unless `shape` is a square matrix or a batch of them.
    static func checkSquare(_ shape: [Int], op: String, what: String = "A") throws {
        guard shape.count >= 2 else { throw notMatrix(shape, op: op, what: what) }
        guard shape[shape.count - 2] == shape[shape.count - 1] else {
            throw TensorError.shape("\(op): \(what) must be square (or a batch of square matrices), got shape \(describe(shape))")
        }
    }

    /// The error for an input with fewer than two dimensions.
    static func notMatrix(_ shape: [Int], op: String, what: String) -> TensorError {
        TensorError.shape("\(op): \(what) must be a matrix or a batch of matrices (shape [..., m, n]), got shape \(describe(shape))")
    }

    /// The matrices of `t`, which must be square.
    static func squareMatrices(_ t: Tensor, op: String, what: String = "A") throws -> MatrixBatch {
        try checkSquare(t.shape, op: op, what: what)
        return try MatrixBatch(t, op: op, what: what)
    }
}
