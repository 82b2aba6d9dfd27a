import TensorEngine

/// Inputs the linear-algebra tests share: small matrices whose expected results NumPy computed.
enum LinalgFixtures {
    /// Symmetric positive-definite.
    static func spd() throws -> Tensor { try tensor([4, 1, 2, 1, 3, 0, 2, 0, 5], [3, 3]) }
    /// Nonsymmetric, det 24.
    static func general() throws -> Tensor { try tensor([2, -1, 0, 1, 3, 2, 0, 1, 4], [3, 3]) }
    /// 3 × 2, for the right-hand sides and the tall-matrix cases.
    static func tall() throws -> Tensor { try tensor([1, 2, 3, 4, 5, 6], [3, 2]) }
    /// Rank 2: the second row is twice the first.
    static func singular() throws -> Tensor { try tensor([1, 2, 3, 2, 4, 6, 1, 0, 1], [3, 3]) }

    /// Random values plus a dominant diagonal: far from singular, so float32 finite differences agree.
    static func wellConditioned(_ shape: [Int], seed: UInt64) throws -> Tensor {
        let n = shape[shape.count - 1]
        return try random(shape, seed: seed) + Tensor.eye(n) * Float(n)
    }

    /// (x + xᵀ)/2 plus a diagonal with distinct, well-separated entries: symmetric, positive-definite,
    /// with eigenvalues far apart; what the eigh and cholesky gradient checks differentiate through.
    static func symmetrized(_ x: Tensor) throws -> Tensor {
        let n = x.shape[x.rank - 1]
        let spread = try Tensor(shape: [n], values: (0..<n).map { 3 + 2 * Float($0) })
        let diagonal = try Tensor.eye(n) * spread
        return try (x + x.transpose()) * 0.5 + diagonal
    }

    /// `a @ b` with the engine's own product, for reconstruction checks.
    static func product(_ a: Tensor, _ b: Tensor) throws -> Tensor { try a.matmul(b) }
}
