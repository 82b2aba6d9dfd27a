/// Dropout: zeroes each element with probability `p` during training and scales the survivors.
extension Tensor {
    /// Zeroes each element with probability `p`, drawn from the seeded global generator, and multiplies
    /// the rest by 1/(1 − p), so the expected value is unchanged; the gradient flows through the same
    /// mask. Outside training (or with `p` 0) the input passes through unchanged.
    public func dropout(p: Float, training: Bool = true) throws -> Tensor {
        guard p >= 0, p <= 1 else {
            throw TensorError.value("dropout: probability must be between 0 and 1, got \(p)")
        }
        guard training, p > 0 else { return alias() }
        let mask = try Tensor.uninitialized(shape)
        // p = 1 drops everything; its scale would be infinite.
        let scale: Float = p < 1 ? 1 / (1 - p) : 0
        var rng = RNG.global
        mask.writing { m in for i in 0..<count { m[i] = rng.uniform() < p ? 0 : scale } }
        RNG.global = rng
        let out = try Tensor.uninitialized(shape)
        mask.reading { m in
            reading(into: out) { x, o in Parallel.forRange(count) { s, e in for i in s..<e { o[i] = x[i] * m[i] } } }
        }
        return out.recording("dropout", [self]) { g in
            let dx = try Tensor.uninitialized(g.shape)
            mask.reading { m in
                g.reading(into: dx) { gp, d in Parallel.forRange(g.count) { s, e in for i in s..<e { d[i] = gp[i] * m[i] } } }
            }
            return [dx]
        }
    }
}
