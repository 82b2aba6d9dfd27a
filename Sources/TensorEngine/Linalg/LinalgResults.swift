// The results of the linear-algebra functions with several parts, named as PyTorch's named tuples.

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
