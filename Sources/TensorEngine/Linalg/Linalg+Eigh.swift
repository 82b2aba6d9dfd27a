/// `eigh`: eigenvalues and eigenvectors of symmetric matrices.
extension Linalg {
    /// The eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix
    /// (`torch.linalg.eigh`); only the lower triangle is read, as in PyTorch.
    ///
    /// Gradients flow through both: eigenvalues give V·diag(gλ)·Vᵀ, eigenvectors V·(F∘(Vᵀ·gV))·Vᵀ with
    /// F[i][j] = 1/(λj − λi) off the diagonal, which is infinite for repeated eigenvalues (as in PyTorch).
    /// Each eigenvector's sign is LAPACK's choice, so a loss should not depend on it. A backward pass with
    /// `createGraph` factors A again (recorded) and runs the same rules as recorded ops.
    public static func eigh(_ a: Tensor) throws -> EighResult {
        let matrices = try squareMatrices(a, op: "eigh")
        let n = a.shape[a.rank - 1]
        let parts = try matrices.matrices.map { try LAPACK.eigh($0, op: "eigh") }
        let batch = matrices.batch, saved = a.saved()
        let values = try MatrixBatch.tensor(vectors: parts.map(\.values), batch: batch, length: n, dtype: matrices.dtype, op: "eigh")
            .recording("eigh.eigenvalues", [a]) { g in
                if Autograd.isCreatingGraph {
                    let v = try eigh(saved.tensor).eigenvectors
                    return [try (v * g.unsqueeze(axis: -2)).matmul(transposed(v))]
                }
                let gA = zip(parts, MatrixBatch.vectors(g, batch: batch)).map { p, gw in
                    p.vectors * Matrix.diagonal(gw) * p.vectors.transposed
                }
                return [try MatrixBatch(batch: batch, matrices: gA, dtype: matrices.dtype).tensor(rows: n, cols: n, op: "eigh")]
            }
        let vectors = try MatrixBatch(batch: batch, matrices: parts.map(\.vectors), dtype: matrices.dtype).tensor(rows: n, cols: n, op: "eigh")
            .recording("eigh.eigenvectors", [a]) { g in
                if Autograd.isCreatingGraph { return [try eigenvectorGradient(eigh(saved.tensor), g)] }
                let gA = zip(parts, MatrixBatch(gradient: g, batch: batch).matrices).map { p, gv in
                    var f = Matrix(zeros: n, n)
                    for i in 0..<n { for j in 0..<n where i != j { f[i, j] = 1 / (p.values[j] - p.values[i]) } }
                    let v = p.vectors
                    return v * f.hadamard(v.transposed * gv) * v.transposed
                }
                return [try MatrixBatch(batch: batch, matrices: gA, dtype: matrices.dtype).tensor(rows: n, cols: n, op: "eigh")]
            }
        return EighResult(eigenvalues: values, eigenvectors: vectors)
    }
}
