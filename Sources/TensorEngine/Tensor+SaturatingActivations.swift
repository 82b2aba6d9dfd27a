#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// PyTorch's remaining elementwise activations (selu, celu, mish, hardsigmoid, hardtanh, softsign,
/// threshold), each one pass forward and one fused pass backward. The derivatives at the kinks follow
/// PyTorch's backward kernels, so gradients agree there too.
extension Tensor {
    /// SELU's constants (Klambauer et al.), as PyTorch writes them.
    public enum SELUConstants {
        public static let alpha: Float = 1.6732632423543772848170429916717
        public static let scale: Float = 1.0507009873554804934193349852946
    }

    /// `scale · (x` where positive, `alpha · (exp(x) − 1)` elsewhere`)`, the self-normalizing unit.
    public func selu() throws -> Tensor {
        let alpha = SELUConstants.alpha, scale = SELUConstants.scale
        return try unary("selu", cost: 8, { $0 > 0 ? scale * $0 : scale * alpha * (expf($0) - 1) }) { x, _, g in
            try Tensor.derivative(g, x, "selu") { $0 > 0 ? scale : scale * alpha * expf($0) }
        }
    }

    /// `x` where positive, `alpha · (exp(x / alpha) − 1)` elsewhere; `alpha` must not be 0.
    public func celu(alpha: Float = 1) throws -> Tensor {
        guard alpha != 0 else { throw TensorError.value("celu: alpha must not be 0") }
        return try unary("celu", cost: 8, { $0 > 0 ? $0 : alpha * (expf($0 / alpha) - 1) }) { x, _, g in
            try Tensor.derivative(g, x, "celu") { $0 > 0 ? 1 : expf($0 / alpha) }
        }
    }

    /// `x · tanh(softplus(x))`.
    public func mish() throws -> Tensor {
        try unary("mish", cost: 16, { $0 * tanhf(Tensor.softplusOne($0)) }) { x, _, g in
            try Tensor.derivative(g, x, "mish") { v in
                let t = tanhf(Tensor.softplusOne(v)), s = 1 / (1 + expf(-v))
                return t + v * s * (1 - t * t)
            }
        }
    }

    /// `log(1 + exp(v))`, and `v` itself above 20 where the two agree in Float (no overflow there).
    @inline(__always) static func softplusOne(_ v: Float) -> Float { v > 20 ? v : log1pf(expf(v)) }

    /// 0 below −3, 1 above 3, `x/6 + 1/2` between.
    public func hardsigmoid() throws -> Tensor {
        try unary("hardsigmoid", { v in v <= -3 ? 0 : (v >= 3 ? 1 : v / 6 + 0.5) }) { x, _, g in
            try Tensor.derivative(g, x, "hardsigmoid") { v in v > -3 && v < 3 ? 1.0 / 6 : 0 }
        }
    }

    /// `x` clamped to [minVal, maxVal]; the gradient passes strictly inside, as in PyTorch.
    public func hardtanh(minVal: Float = -1, maxVal: Float = 1) throws -> Tensor {
        guard minVal <= maxVal else {
            throw TensorError.value("hardtanh: minVal (\(minVal)) must not exceed maxVal (\(maxVal))")
        }
        return try unary("hardtanh", { Swift.min(Swift.max($0, minVal), maxVal) }) { x, _, g in
            try Tensor.derivative(g, x, "hardtanh") { $0 > minVal && $0 < maxVal ? 1 : 0 }
        }
    }

    /// `x / (1 + |x|)`.
    public func softsign() throws -> Tensor {
        try unary("softsign", { $0 / (1 + Swift.abs($0)) }) { x, _, g in
            try Tensor.derivative(g, x, "softsign") { v in
                let d = 1 + Swift.abs(v)
                return 1 / (d * d)
            }
        }
    }

    /// `x` where greater than `threshold`, `value` elsewhere.
    public func threshold(_ threshold: Float, _ value: Float) throws -> Tensor {
        try unary("threshold", { $0 > threshold ? $0 : value }) { x, _, g in
            try Tensor.derivative(g, x, "threshold") { $0 > threshold ? 1 : 0 }
        }
    }
}
