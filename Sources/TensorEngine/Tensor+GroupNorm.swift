/// Group, instance and local-response normalization over the channels of `[N, C, …]` inputs, built
/// on the fused layer normalization (one pass for statistics, one for the output, closed-form backward).
extension Tensor {
    /// Normalizes each sample's `numGroups` groups of consecutive channels (with all their positions) to
    /// mean 0 and variance 1 (biased), then scales by `weight` and shifts by `bias`, each of `C` values.
    public static func groupNorm(_ x: Tensor, numGroups: Int, weight: Tensor? = nil, bias: Tensor? = nil,
                                 eps: Double = 1e-5, op: String = "groupNorm") throws -> Tensor {
        guard x.rank >= 2 else {
            throw TensorError.shape("\(op): the input must be [N, C, …] with at least 2 dimensions, got \(describe(x.shape))")
        }
        let n = x.shape[0], c = x.shape[1]
        guard numGroups > 0, c % numGroups == 0 else {
            throw TensorError.shape("\(op): the input's \(c) channels do not divide into \(numGroups) groups")
        }
        guard eps > 0 else { throw TensorError.value("\(op): eps must be positive, got \(eps)") }
        for (name, t) in [("weight", weight), ("bias", bias)] {
            if let t, t.shape != [c] {
                throw TensorError.shape("\(op): \(name) \(describe(t.shape)) does not match the input's \(c) channels")
            }
        }
        let perGroup = x.count / Swift.max(n * numGroups, 1)
        guard perGroup > 0 else { return try affine(x, weight, bias) }
        let normalized = try layerNorm(x.reshape([n, numGroups, perGroup]), normalizedShape: [perGroup], eps: eps).reshape(x.shape)
        return try affine(normalized, weight, bias)
    }

    /// Normalizes each channel of each sample over its positions (group normalization with one channel
    /// per group), then scales and shifts by `weight` and `bias` of `C` values when given.
    public static func instanceNorm(_ x: Tensor, weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-5,
                                    op: String = "instanceNorm") throws -> Tensor {
        guard x.rank >= 3 else {
            throw TensorError.shape("\(op): the input must be [N, C, …] with at least one position axis, got \(describe(x.shape))")
        }
        return try groupNorm(x, numGroups: x.shape[1], weight: weight, bias: bias, eps: eps, op: op)
    }

    /// `x / (k + alpha/size · Σ x²)^beta`, the sum over the `size` channels around each (zeros beyond the
    /// edges, `size/2` before and `(size − 1)/2` after, as PyTorch pads them).
    public static func localResponseNorm(_ x: Tensor, size: Int, alpha: Double = 1e-4, beta: Double = 0.75, k: Double = 1,
                                         op: String = "localResponseNorm") throws -> Tensor {
        guard x.rank >= 3 else {
            throw TensorError.shape("\(op): the input must be [N, C, …] with at least 3 dimensions, got \(describe(x.shape))")
        }
        guard size > 0 else { throw TensorError.value("\(op): size must be positive, got \(size)") }
        // Integer and bool inputs compute in float32.
        let x = x.dtype.isFloatingPoint ? x : try x.to(.float32)
        let c = x.shape[1]
        var padShape = x.shape
        padShape[1] = size / 2
        // Zeros of the squares' type, so the concatenation keeps it.
        let before = try Tensor.constant(padShape, 0, dtype: x.dtype)
        padShape[1] = (size - 1) / 2
        let after = try Tensor.constant(padShape, 0, dtype: x.dtype)
        let padded = try concat([before, x * x, after], axis: 1)
        // Each window is one slice of the padded squares; size is small (5 in AlexNet).
        var windowSum: Tensor? = nil
        for offset in 0..<size {
            let slice = try padded.split(sizes: [offset, c, size - 1 - offset], axis: 1)[1]
            windowSum = try windowSum.map { try $0 + slice } ?? slice
        }
        let divisor = try (windowSum!.multiplied(by: alpha / Double(size)) + Tensor.number(k)).power(beta)
        return try x / divisor
    }

    /// `self ** p` for a constant exponent kept exactly (a float64 tensor raises to the Double `p`),
    /// with the rule `p · self^(p − 1)`.
    private func power(_ p: Double) throws -> Tensor {
        func f<T: EngineFloat>(_ v: T) -> T { .pow(v, T(p)) }
        return try unary("pow", cost: 8, f, f) { x, _, g in try (g * x.power(p - 1)).multiplied(by: p) }
    }

    /// `x · weight + bias` with `weight` and `bias` of `C` values broadcast along axis 1.
    private static func affine(_ x: Tensor, _ weight: Tensor?, _ bias: Tensor?) throws -> Tensor {
        let perChannel = [x.shape[1]] + Array(repeating: 1, count: x.rank - 2)
        var y = x
        if let weight { y = try y * weight.reshape(perChannel) }
        if let bias { y = try y + bias.reshape(perChannel) }
        return y
    }
}
