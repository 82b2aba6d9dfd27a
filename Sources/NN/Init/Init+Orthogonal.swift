import TensorEngine

extension Init {
    /// A (semi-)orthogonal matrix scaled by `gain`, as PyTorch's `orthogonal_`: the tensor is seen as
    /// `[shape[0], rest]`; its rows are orthonormal when there are fewer rows than columns, its columns
    /// otherwise.
    ///
    /// A Gaussian matrix goes through a QR decomposition (modified Gram–Schmidt in Double, whose R has
    /// a positive diagonal, which is the sign fix PyTorch applies), so Q is uniformly distributed.
    public static func orthogonal(_ t: Tensor, gain: Float = 1) throws {
        guard t.rank >= 2 else {
            throw TensorError(.value, "orthogonal: needs a tensor of at least 2 dimensions, got shape \(t.shape)")
        }
        guard t.dtype.isFloatingPoint else {
            throw TensorError(.type, "orthogonal: cannot fill a \(t.dtype) tensor; it needs a floating-point tensor")
        }
        let rows = t.shape[0], cols = t.count / Swift.max(rows, 1)
        guard rows > 0, cols > 0 else { return }
        // Work on the tall orientation m × n (m ≥ n), column-major: column j is q[j*m ..< (j+1)*m].
        let m = Swift.max(rows, cols), n = Swift.min(rows, cols)
        var q = [Double](repeating: 0, count: m * n)
        for j in 0..<n {
            for i in 0..<m { q[j * m + i] = Double(RNG.global.normal()) }
        }
        q.withUnsafeMutableBufferPointer { q in
            for j in 0..<n {
                let cj = j * m
                // Two passes of projection keep the columns orthogonal to rounding error.
                for _ in 0..<2 {
                    for k in 0..<j {
                        let ck = k * m
                        var dot = 0.0
                        for i in 0..<m { dot += q[ck + i] * q[cj + i] }
                        for i in 0..<m { q[cj + i] -= dot * q[ck + i] }
                    }
                }
                var norm = 0.0
                for i in 0..<m { norm += q[cj + i] * q[cj + i] }
                norm = norm.squareRoot()
                // A Gaussian column is independent of the others with probability 1; guard anyway.
                let scale = norm > 0 ? 1 / norm : 0
                for i in 0..<m { q[cj + i] *= scale }
            }
        }
        let g = Double(gain)
        // out is rows × cols, row-major. Tall (rows ≥ cols): out[r][c] = Q[r, c] = q[c*m + r].
        // Wide: out = Qᵀ, out[r][c] = Q[c, r] = q[r*m + c].
        @inline(__always) func value(_ r: Int, _ c: Int) -> Double { g * (rows >= cols ? q[c * m + r] : q[r * m + c]) }
        if t.dtype == .float32 {
            try t.withUnsafeMutableValues { out in
                for r in 0..<rows {
                    for c in 0..<cols { out[r * cols + c] = Float(value(r, c)) }
                }
            }
            return
        }
        // Other floating types take the Double values rounded once (float64 keeps them exactly).
        let values = (0..<rows * cols).map { value($0 / cols, $0 % cols) }
        try t.assign(Tensor(shape: t.shape, elements: values, dtype: t.dtype))
    }
}
