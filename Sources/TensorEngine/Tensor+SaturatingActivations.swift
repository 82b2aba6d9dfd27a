#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// PyTorch's remaining elementwise activations (selu, celu, mish, hardsigmoid, hardtanh, softsign,
/// threshold), each one pass forward and one fused pass backward. The derivatives at the kinks follow
/// PyTorch's backward kernels, so gradients agree there too.
extension Tensor {
    /// SELU's constants (Klambauer et al.), as PyTorch writes them; float32 rounds them once.
    public enum SELUConstants {
        public static let alpha: Double = 1.6732632423543772848170429916717
        public static let scale: Double = 1.0507009873554804934193349852946
    }

    /// `scale · (x` where positive, `alpha · (exp(x) − 1)` elsewhere`)`, the self-normalizing unit.
    public func selu() throws -> Tensor {
        let alpha = SELUConstants.alpha, scale = SELUConstants.scale
        func f<T: EngineFloat>(_ v: T) -> T { v > 0 ? T(scale) * v : T(scale) * T(alpha) * (.exp(v) - 1) }
        func df<T: EngineFloat>(_ v: T) -> T { v > 0 ? T(scale) : T(scale) * T(alpha) * .exp(v) }
        return try unary("selu", cost: 8, f, f) { x, _, g in 
            try Tensor.derivative(g, x, "selu", df, df, slope: { x in
                try Tensor.where(x > Tensor.number(0), Tensor.number(scale), x.exp() * Tensor.number(scale * alpha))
            })
        }
    }

    /// `x` where positive, `alpha · (exp(x / alpha) − 1)` elsewhere; `alpha` must not be 0.
    public func celu(alpha: Double = 1) throws -> Tensor {
        guard alpha != 0 else { throw TensorError.value("celu: alpha must not be 0") }
        func f<T: EngineFloat>(_ v: T) -> T { v > 0 ? v : T(alpha) * (.exp(v / T(alpha)) - 1) }
        func df<T: EngineFloat>(_ v: T) -> T { v > 0 ? 1 : .exp(v / T(alpha)) }
        return try unary("celu", cost: 8, f, f) { x, _, g in 
            try Tensor.derivative(g, x, "celu", df, df, slope: { x in
                try Tensor.where(x > Tensor.number(0), Tensor.number(1), (x * Tensor.number(1 / alpha)).exp())
            })
        }
    }

    /// `x · tanh(softplus(x))`.
    public func mish() throws -> Tensor {
        func f<T: EngineFloat>(_ v: T) -> T { v * .tanh(Tensor.softplusOne(v)) }
        func df<T: EngineFloat>(_ v: T) -> T {
            let t = T.tanh(Tensor.softplusOne(v)), s = 1 / (1 + T.exp(-v))
            return t + v * s * (1 - t * t)
        }
        return try unary("mish", cost: 16, f, f) { x, _, g in 
            try Tensor.derivative(g, x, "mish", df, df, slope: { x in
                let t = try x.softplus().tanh()
                return try t + x * x.sigmoid() * (Tensor.number(1) - t * t)
            })
        }
    }

    /// `log(1 + exp(v))`, and `v` itself above 20 where the two agree in Float (no overflow there).
    @inline(__always) static func softplusOne<T: EngineFloat>(_ v: T) -> T { v > 20 ? v : .log1p(.exp(v)) }

    /// 0 below −3, 1 above 3, `x/6 + 1/2` between.
    public func hardsigmoid() throws -> Tensor {
        func f<T: EngineFloat>(_ v: T) -> T { v <= -3 ? 0 : (v >= 3 ? 1 : v / 6 + 0.5) }
        func df<T: EngineFloat>(_ v: T) -> T { v > -3 && v < 3 ? 1 / 6 : 0 }
        return try unary("hardsigmoid", f, f) { x, _, g in try Tensor.derivative(g, x, "hardsigmoid", df, df, linear: true) }
    }

    /// `x` clamped to [minVal, maxVal]; the gradient passes strictly inside, as in PyTorch.
    public func hardtanh(minVal: Double = -1, maxVal: Double = 1) throws -> Tensor {
        guard minVal <= maxVal else {
            throw TensorError.value("hardtanh: minVal (\(minVal)) must not exceed maxVal (\(maxVal))")
        }
        func f<T: EngineFloat>(_ v: T) -> T { Swift.min(Swift.max(v, T(minVal)), T(maxVal)) }
        func df<T: EngineFloat>(_ v: T) -> T { v > T(minVal) && v < T(maxVal) ? 1 : 0 }
        return try unary("hardtanh", f, f) { x, _, g in try Tensor.derivative(g, x, "hardtanh", df, df, linear: true) }
    }

    /// `x / (1 + |x|)`.
    public func softsign() throws -> Tensor {
        func f<T: EngineFloat>(_ v: T) -> T { v / (1 + Swift.abs(v)) }
        func df<T: EngineFloat>(_ v: T) -> T {
            let d = 1 + Swift.abs(v)
            return 1 / (d * d)
        }
        return try unary("softsign", f, f) { x, _, g in 
            try Tensor.derivative(g, x, "softsign", df, df, slope: { x in
                let d = try x.abs() + Tensor.number(1)
                return try Tensor.number(1) / (d * d)
            })
        }
    }

    /// `x` where greater than `threshold`, `value` elsewhere.
    public func threshold(_ threshold: Double, _ value: Double) throws -> Tensor {
        func f<T: EngineFloat>(_ v: T) -> T { v > T(threshold) ? v : T(value) }
        func df<T: EngineFloat>(_ v: T) -> T { v > T(threshold) ? 1 : 0 }
        return try unary("threshold", f, f) { x, _, g in try Tensor.derivative(g, x, "threshold", df, df, linear: true) }
    }
}
