/// Linear algebra on Float32 tensors with PyTorch's `torch.linalg` names and semantics, computed in
/// Float64 through the LAPACK that OpenBLAS ships.
///
/// Every function takes a matrix `[m, n]` or a batch `[..., m, n]` and works on each matrix of the batch;
/// a problem (a singular matrix, a non-square one, NaN values) is a ShapeError or ValueError naming the
/// function. Gradients follow PyTorch where the tape records them: see each function.
public enum Linalg {
    /// The matrices of `t`, which must be square.
    static func squareMatrices(_ t: Tensor, op: String, what: String = "A") throws -> MatrixBatch {
        let a = try MatrixBatch(t, op: op, what: what)
        let m = t.shape[t.rank - 2], n = t.shape[t.rank - 1]
        guard m == n else {
            throw TensorError.shape("\(op): \(what) must be square (or a batch of square matrices), got shape \(describe(t.shape))")
        }
        return a
    }
}

/// What `Linalg.qr` returns: A = Q·R.
public struct QRResult {
    /// m × k with orthonormal columns, k = min(m, n).
    public let Q: Tensor
    /// k × n, upper triangular.
    public let R: Tensor
}

/// What `Linalg.svd` returns: A = U·diag(S)·Vh.
public struct SVDResult {
    /// The left singular vectors as columns.
    public let U: Tensor
    /// The singular values, descending.
    public let S: Tensor
    /// The right singular vectors as rows (Vᵀ).
    public let Vh: Tensor
}

/// What `Linalg.eigh` returns: A = V·diag(eigenvalues)·Vᵀ.
public struct EighResult {
    /// Ascending.
    public let eigenvalues: Tensor
    /// Orthonormal, one per column, in the order of the eigenvalues.
    public let eigenvectors: Tensor
}

/// What `Linalg.slogdet` returns: det(A) = sign · exp(logabsdet).
public struct SlogdetResult {
    /// 1, -1, or 0 for a singular matrix.
    public let sign: Tensor
    /// log |det(A)|; -inf for a singular matrix.
    public let logabsdet: Tensor
}
