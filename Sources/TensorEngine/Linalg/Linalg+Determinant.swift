#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `det` and `slogdet` from the LU factorization.
extension Linalg {
    /// The determinant of each square matrix (`torch.linalg.det`); 0 for a singular one.
    ///
    /// The gradient is g times the cofactor matrix (det(A)·A⁻ᵀ when A is invertible), taken from the SVD
    /// so that it stays defined at singular matrices too. A backward pass with `createGraph` uses
    /// g·det(A)·A⁻ᵀ through a recorded `inv`, as PyTorch does away from singular matrices: there it is a
    /// ValueError.
    public static func det(_ a: Tensor) throws -> Tensor {
        let matrices = try squareMatrices(a, op: "det")
        let n = a.shape[a.rank - 1]
        let values = matrices.matrices.map { m -> Double in
            let (sign, log) = signAndLog(m)
            return sign * exp(log)
        }
        let out = try MatrixBatch.tensor(vectors: values.map { [$0] }, batch: matrices.batch, length: 1, dtype: matrices.dtype, op: "det")
        let value = try out.reshape(matrices.batch)
        let saved = a.saved(), storage = value.storage
        return value.recording("det", [a]) { g in
            if Autograd.isCreatingGraph {
                let d = Tensor.ruleOutput(Tensor(storage: storage, shape: matrices.batch))
                return [try transposed(inv(saved.tensor)) * (g * d).reshape(matrices.batch + [1, 1])]
            }
            let scale = MatrixBatch.vectors(try g.reshape(matrices.batch + [1]), batch: matrices.batch)
            let gA = try zip(matrices.matrices, scale).map { m, s in try cofactors(m) * s[0] }
            return [try MatrixBatch(batch: matrices.batch, matrices: gA, dtype: matrices.dtype).tensor(rows: n, cols: n, op: "det")]
        }
    }

    /// The sign and the natural log of the absolute value of each determinant (`torch.linalg.slogdet`),
    /// which stays finite where `det` would overflow or underflow; a singular matrix has sign 0 and
    /// logabsdet −inf.
    ///
    /// Gradients flow through `logabsdet` (g·A⁻ᵀ, through a recorded `inv` when a backward pass creates a
    /// graph); at a singular matrix that gradient is a ValueError.
    public static func slogdet(_ a: Tensor) throws -> SlogdetResult {
        let matrices = try squareMatrices(a, op: "slogdet")
        let n = a.shape[a.rank - 1]
        let parts = matrices.matrices.map(signAndLog)
        let sign = try MatrixBatch.tensor(vectors: parts.map { [$0.sign] }, batch: matrices.batch, length: 1, dtype: matrices.dtype, op: "slogdet")
            .reshape(matrices.batch)
        let logs = try MatrixBatch.tensor(vectors: parts.map { [$0.log] }, batch: matrices.batch, length: 1, dtype: matrices.dtype, op: "slogdet")
        let saved = a.saved()
        let logabsdet = try logs.reshape(matrices.batch).recording("slogdet", [a]) { g in
            if Autograd.isCreatingGraph {
                return [try transposed(inv(saved.tensor)) * g.reshape(matrices.batch + [1, 1])]
            }
            let scale = MatrixBatch.vectors(try g.reshape(matrices.batch + [1]), batch: matrices.batch)
            let gA = try zip(matrices.matrices, scale).map { m, s in
                try LAPACK.solve(m.transposed, .identity(n), op: "slogdet (gradient of logabsdet)") * s[0]
            }
            return [try MatrixBatch(batch: matrices.batch, matrices: gA, dtype: matrices.dtype).tensor(rows: n, cols: n, op: "slogdet")]
        }
        return SlogdetResult(sign: sign, logabsdet: logabsdet)
    }

    /// det(m) as a sign and log |det|, from the diagonal of U and the parity of the row interchanges.
    static func signAndLog(_ m: Matrix) -> (sign: Double, log: Double) {
        let (lu, pivots, zeroPivot) = LAPACK.lu(m)
        if zeroPivot > 0 { return (0, -.infinity) }
        var sign = 1.0, logAbs = 0.0
        for i in 0..<m.rows {
            let u = lu[i, i]
            if u < 0 { sign = -sign }
            if pivots[i] != Int32(i + 1) { sign = -sign }
            logAbs += log(Swift.abs(u))
        }
        return (sign, logAbs)
    }

    /// The cofactor matrix of m, which is ∂det/∂m: for A = U·Σ·Vᵀ it is det(U)·det(V)·U·adj(Σ)·Vᵀ, where
    /// adj(Σ) holds the products of all singular values but one; this needs no inverse, so it holds at
    /// singular matrices as well.
    static func cofactors(_ m: Matrix) throws -> Matrix {
        let (u, s, vt) = try LAPACK.svd(m, .full, op: "det (gradient)")
        let adjugate = s.indices.map { i in s.indices.reduce(1.0) { $1 == i ? $0 : $0 * s[$1] } }
        let orientation = signAndLog(u).sign * signAndLog(vt).sign
        return u * Matrix.diagonal(adjugate) * vt * orientation
    }
}
