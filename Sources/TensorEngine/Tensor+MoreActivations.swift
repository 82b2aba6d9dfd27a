#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// How `gelu` evaluates the Gaussian CDF: exactly with `erf`, or with PyTorch's tanh approximation.
public enum GELUApproximation: String, Sendable {
    case none
    case tanh
}

/// The activations beyond ReLU/tanh/sigmoid (PyTorch's definitions and defaults), each one elementwise
/// pass forward and one fused pass backward that multiplies the incoming gradient by the derivative.
extension Tensor {
    /// `x` where positive, `negativeSlope * x` elsewhere.
    public func leakyRelu(negativeSlope: Double = 0.01) throws -> Tensor {
        let a = negativeSlope
        func f<T: EngineFloat>(_ v: T) -> T { v > 0 ? v : T(a) * v }
        func df<T: EngineFloat>(_ v: T) -> T { v > 0 ? 1 : T(a) }
        return try unary("leakyRelu", f, f) { x, _, g in try Tensor.derivative(g, x, "leakyRelu", df, df, linear: true) }
    }

    /// `min(max(x, 0), 6)`; the gradient passes strictly inside (0, 6), as in PyTorch's hardtanh.
    public func relu6() throws -> Tensor {
        func f<T: EngineFloat>(_ v: T) -> T { Swift.min(Swift.max(v, 0), 6) }
        func df<T: EngineFloat>(_ v: T) -> T { v > 0 && v < 6 ? 1 : 0 }
        return try unary("relu6", f, f) { x, _, g in try Tensor.derivative(g, x, "relu6", df, df, linear: true) }
    }

    /// `x` where positive, `alpha * (exp(x) - 1)` elsewhere.
    public func elu(alpha: Double = 1) throws -> Tensor {
        func f<T: EngineFloat>(_ v: T) -> T { v > 0 ? v : T(alpha) * (.exp(v) - 1) }
        func df<T: EngineFloat>(_ v: T) -> T { v > 0 ? 1 : T(alpha) * .exp(v) }
        return try unary("elu", cost: 8, f, f) { x, _, g in
            try Tensor.derivative(g, x, "elu", df, df, slope: { x in
                try Tensor.where(x > Tensor.number(0), Tensor.number(1), x.exp() * Tensor.number(alpha))
            })
        }
    }

    /// `x * Φ(x)` with Φ the standard normal CDF, or PyTorch's tanh approximation of it.
    ///
    /// When the result is recorded, the forward pass also computes the derivative, which shares most of
    /// its work with the value (the erf or tanh), and keeps it for backward in place of the input.
    /// Types other than float32 go through `unary` with the formula in their compute type (float64 in
    /// Double with PyTorch's double constants).
    public func gelu(approximate: GELUApproximation = .none) throws -> Tensor {
        let tanh = approximate == .tanh
        if dtype != .float32 {
            func f<T: EngineFloat>(_ v: T) -> T { tanh ? GELU.tanhForm(v).value : GELU.exact(v).value }
            func df<T: EngineFloat>(_ v: T) -> T { tanh ? GELU.tanhForm(v).slope : GELU.exact(v).slope }
            return try unary("gelu", cost: 12, f, f) { x, _, g in
                try Tensor.derivative(g, x, "gelu", df, df, slope: { x in try GELU.slope(x, tanh: tanh) })
            }
        }
        let out = try Tensor.uninitialized(shape)
        guard Autograd.isEnabled, tracksGrad else {
            reading(into: out) { px, po in
                Parallel.forRange(count, cost: 12) { s, e in GELU.forward(px + s, po + s, nil, e - s, tanh: tanh) }
            }
            return out
        }
        let slope = try Tensor.uninitialized(shape)
        reading(into: out) { px, po in
            slope.writing { pd in
                Parallel.forRange(count, cost: 16) { s, e in GELU.forward(px + s, po + s, pd + s, e - s, tanh: tanh) }
            }
        }
        return out.recording("gelu", [self], twice: false, composite: { x in try GELU.value(x[0], tanh: tanh) }) { g in
            let dx = try Tensor.uninitialized(slope.shape)
            slope.reading { pd in g.reading(into: dx) { pg, pdx in for i in 0..<dx.count { pdx[i] = pg[i] * pd[i] } } }
            return [dx]
        }
    }

    /// `x * sigmoid(x)`, also called swish.
    public func silu() throws -> Tensor {
        try unary("silu", cost: 8, { $0 / (1 + FastMath.exp(-$0)) }, { $0 / (1 + Glibc.exp(-$0)) }) { x, _, g in
            func df<T: EngineFloat>(_ v: T) -> T {
                let s = 1 / (1 + T.exp(-v))
                return s * (1 + v * (1 - s))
            }
            return try Tensor.derivative(g, x, "silu", { v in
                let s = 1 / (1 + FastMath.exp(-v))
                return s * (1 + v * (1 - s))
            }, df, slope: { x in
                let s = try x.sigmoid()
                return try s * (x * (Tensor.number(1) - s) + Tensor.number(1))
            })
        }
    }

    /// `x * relu6(x + 3) / 6`: 0 below -3, `x` above 3, `x (x + 3) / 6` between.
    public func hardSwish() throws -> Tensor {
        func f<T: EngineFloat>(_ v: T) -> T { v <= -3 ? 0 : (v >= 3 ? v : v * (v + 3) / 6) }
        // PyTorch's rule at the kinks: 0 at -3 and 1 at 3, the one-sided slopes outside.
        func df<T: EngineFloat>(_ v: T) -> T { v <= -3 ? 0 : (v < 3 ? v / 3 + 0.5 : 1) }
        return try unary("hardSwish", f, f) { x, _, g in
            try Tensor.derivative(g, x, "hardSwish", df, df, slope: { x in
                // x/3 + 1/2 between the kinks, 1 from 3 on: the masks are constants (a zero second
                // derivative at the kinks, as PyTorch's).
                let middle = try x.mapValues({ $0 > -3 && $0 < 3 ? 1 : 0 }, { $0 > -3 && $0 < 3 ? 1 : 0 })
                let above = try x.mapValues({ $0 >= 3 ? 1 : 0 }, { $0 >= 3 ? 1 : 0 })
                return try (x * Tensor.number(1.0 / 3) + Tensor.number(0.5)) * middle + above
            })
        }
    }

    /// `log(1 + exp(beta * x)) / beta`, and `x` itself where `beta * x > threshold` (no overflow there).
    public func softplus(beta: Double = 1, threshold: Double = 20) throws -> Tensor {
        func f<T: EngineFloat>(_ v: T) -> T { v * T(beta) > T(threshold) ? v : .log1p(.exp(v * T(beta))) / T(beta) }
        func df<T: EngineFloat>(_ v: T) -> T { v * T(beta) > T(threshold) ? 1 : 1 / (1 + .exp(-v * T(beta))) }
        return try unary("softplus", cost: 12, f, f) { x, _, g in
            try Tensor.derivative(g, x, "softplus", df, df, slope: { x in
                let linear = try x.mapValues({ $0 * Float(beta) > Float(threshold) ? 1 : 0 }, { $0 * beta > threshold ? 1 : 0 })
                return try (x * Tensor.number(beta)).sigmoid() * (Tensor.number(1) - linear) + linear
            })
        }
    }

    /// `g * df(x)` in one pass, for backward rules of elementwise activations (g and x share a shape).
    /// `df` computes float32, `df64` float64.
    ///
    /// While a backward pass creates a graph, the rule is recorded as `g · slope(x)`, with `slope` the
    /// derivative built from recorded ops; for the piecewise-linear activations (`linear`), whose second
    /// derivative is 0, `df(x)` is taken as a constant instead. An activation with neither stops such a
    /// pass with a clear error rather than give a wrong second derivative. `slope` runs only in such a
    /// pass, so ordinary backward passes keep the one fused loop.
    @inline(__always) static func derivative(_ g: Tensor, _ x: Tensor, _ op: String,
                                             _ df: (Float) -> Float, _ df64: (Double) -> Double,
                                             linear: Bool = false, slope: ((Tensor) throws -> Tensor)? = nil) throws -> Tensor {
        if Autograd.isCreatingGraph {
            if let slope { return try g * slope(x) }
            guard linear else { throw TensorError.value(Tensor.notTwiceDifferentiable(op)) }
            return try g * x.mapValues(df, df64)
        }
        return try zipValues(g, x, op: op, { g, v in g * df(v) }, { g, v in g * df64(v) })
    }

}

/// GELU's loops, kept out of the generic elementwise kernels: split across threads, those call the
/// function once per element; here each loop is a plain pass over buffers that vectorizes.
private enum GELU {
    /// 1/√2, the scale inside the exact GELU's erf.
    static let sqrtHalf: Float = 0.70710678118654752
    /// 1/√(2π), the normal density's constant.
    static let inverseSqrtTwoPi: Float = 0.39894228040143268
    /// √(2/π), the tanh-approximate GELU's constant.
    static let sqrtTwoOverPi: Float = 0.79788456080286536
    /// The cubic term's coefficient of the tanh approximation.
    static let cubic: Float = 0.044715

    /// GELU and its derivative at `v` with the erf, in `T`'s precision (the other types' path).
    @inline(__always) static func exact<T: EngineFloat>(_ v: T) -> (value: T, slope: T) {
        let cdf = 0.5 * (1 + T.erf(v * T(sqrtHalf64)))
        return (v * cdf, cdf + v * T(inverseSqrtTwoPi64) * T.exp(-0.5 * v * v))
    }

    /// The tanh approximation of GELU and its derivative at `v`, in `T`'s precision.
    @inline(__always) static func tanhForm<T: EngineFloat>(_ v: T) -> (value: T, slope: T) {
        let k = T(sqrtTwoOverPi64), c = T(cubic64)
        let t = T.tanh(k * (v + c * v * v * v))
        return (0.5 * v * (1 + t), 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * k * (1 + 3 * c * v * v))
    }

    /// GELU of `x` built from recorded ops, for backward passes that create a graph.
    static func value(_ x: Tensor, tanh: Bool) throws -> Tensor {
        let cdf = try tanh ? (inner(x).tanh() + Tensor.number(1)) * Tensor.number(0.5)
                           : ((x * Tensor.number(sqrtHalf64)).erf() + Tensor.number(1)) * Tensor.number(0.5)
        return try x * cdf
    }

    /// GELU's derivative at `x` built from recorded ops, for backward passes that create a graph.
    static func slope(_ x: Tensor, tanh: Bool) throws -> Tensor {
        let half = Tensor.number(0.5), one = Tensor.number(1)
        if tanh {
            let t = try inner(x).tanh()
            let du = try (x * x * Tensor.number(3 * cubic64) + one) * Tensor.number(sqrtTwoOverPi64)
            return try (t + one) * half + x * (one - t * t) * du * half
        }
        let cdf = try ((x * Tensor.number(sqrtHalf64)).erf() + one) * half
        return try cdf + x * (x * x * Tensor.number(-0.5)).exp() * Tensor.number(inverseSqrtTwoPi64)
    }

    /// √(2/π)·(x + 0.044715·x³), the tanh approximation's argument, recorded.
    private static func inner(_ x: Tensor) throws -> Tensor {
        try (x + x * x * x * Tensor.number(cubic64)) * Tensor.number(sqrtTwoOverPi64)
    }

    /// The constants in Double, for float64.
    static let sqrtHalf64 = 0.70710678118654752440, inverseSqrtTwoPi64 = 0.39894228040143267794
    static let sqrtTwoOverPi64 = 0.79788456080286535588, cubic64 = 0.044715

    /// `out = gelu(x)` over `n` values, and `slope = gelu′(x)` when given.
    static func forward(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                        _ slope: UnsafeMutablePointer<Float>?, _ n: Int, tanh: Bool) {
        // Constants read once into locals so the loops hold them in registers.
        let sqrtHalf = sqrtHalf, inverseSqrtTwoPi = inverseSqrtTwoPi, k = sqrtTwoOverPi, c = cubic
        switch (tanh, slope) {
        case (false, nil):
            for i in 0..<n {
                let v = x[i]
                out[i] = 0.5 * v * (1 + FastMath.erf(v * sqrtHalf))
            }
        case let (false, d?):
            for i in 0..<n {
                let v = x[i]
                let cdf = 0.5 * (1 + FastMath.erf(v * sqrtHalf))
                out[i] = v * cdf
                d[i] = cdf + v * inverseSqrtTwoPi * FastMath.exp(-0.5 * v * v)
            }
        case (true, nil):
            for i in 0..<n {
                let v = x[i]
                out[i] = 0.5 * v * (1 + FastMath.tanh(k * (v + c * v * v * v)))
            }
        case let (true, d?):
            for i in 0..<n {
                let v = x[i]
                let t = FastMath.tanh(k * (v + c * v * v * v))
                out[i] = 0.5 * v * (1 + t)
                d[i] = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * k * (1 + 3 * c * v * v)
            }
        }
    }
}
