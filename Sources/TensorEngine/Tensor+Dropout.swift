/// Dropout: zeroes each element with probability `p` during training and scales the survivors.
extension Tensor {
    /// Zeroes each element with probability `p`, drawn from the seeded global generator, and multiplies
    /// the rest by 1/(1 − p), so the expected value is unchanged; the gradient flows through the same
    /// mask. Outside training (or with `p` 0) the input passes through unchanged.
    ///
    /// float64 scales by 1/(1 − p) in Double; other types than float32 compute in float32 and round
    /// back. Every type draws the same mask from the same generator state.
    public func dropout(p: Double, training: Bool = true) throws -> Tensor {
        guard p >= 0, p <= 1 else {
            throw TensorError.value("dropout: probability must be between 0 and 1, got \(p)")
        }
        guard training, p > 0 else { return alias() }
        if dtype != .float32 && dtype != .float64 {
            let y = try operand(as: .float32).dropout(p: p, training: training)
            return dtype.isFloatingPoint ? try y.to(dtype) : y
        }
        let drop = Float(p)
        if dtype == .float64 {
            // p = 1 drops everything; its scale would be infinite.
            let scale = p < 1 ? 1 / (1 - p) : 0
            var rng = RNG.global
            let keep = (0..<count).map { _ in rng.uniform() < drop ? 0 : scale }
            RNG.global = rng
            return try self * Tensor(shape: shape, elements: keep, dtype: .float64)
        }
        let mask = try Tensor.uninitialized(shape)
        // p = 1 drops everything; its scale would be infinite.
        let scale: Float = p < 1 ? 1 / (1 - drop) : 0
        var rng = RNG.global
        mask.writing { m in for i in 0..<count { m[i] = rng.uniform() < drop ? 0 : scale } }
        RNG.global = rng
        let out = try Tensor.uninitialized(shape)
        mask.reading { m in
            reading(into: out) { x, o in Parallel.forRange(count) { s, e in for i in s..<e { o[i] = x[i] * m[i] } } }
        }
        return out.recording("dropout", [self]) { g in
            if Autograd.isCreatingGraph { return [try g * mask] }
            let dx = try Tensor.uninitialized(g.shape)
            mask.reading { m in
                g.reading(into: dx) { gp, d in Parallel.forRange(g.count) { s, e in for i in s..<e { d[i] = gp[i] * m[i] } } }
            }
            return [dx]
        }
    }
}
