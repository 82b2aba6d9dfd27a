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
    public func leakyRelu(negativeSlope: Float = 0.01) -> Tensor {
        let a = negativeSlope
        return unary("leakyRelu", { $0 > 0 ? $0 : a * $0 }) { x, _, g in
            try Tensor.derivative(g, x, "leakyRelu") { $0 > 0 ? 1 : a }
        }
    }

    /// `min(max(x, 0), 6)`; the gradient passes strictly inside (0, 6), as in PyTorch's hardtanh.
    public func relu6() -> Tensor {
        unary("relu6", { Swift.min(Swift.max($0, 0), 6) }) { x, _, g in
            try Tensor.derivative(g, x, "relu6") { $0 > 0 && $0 < 6 ? 1 : 0 }
        }
    }

    /// `x` where positive, `alpha * (exp(x) - 1)` elsewhere.
    public func elu(alpha: Float = 1) -> Tensor {
        unary("elu", cost: 8, { $0 > 0 ? $0 : alpha * (expf($0) - 1) }) { x, _, g in
            try Tensor.derivative(g, x, "elu") { $0 > 0 ? 1 : alpha * expf($0) }
        }
    }

    /// `x * Φ(x)` with Φ the standard normal CDF, or PyTorch's tanh approximation of it.
    public func gelu(approximate: GELUApproximation = .none) -> Tensor {
        // Read once into locals so the loops hold them in registers.
        let sqrtHalf = GELUConstant.sqrtHalf, inverseSqrtTwoPi = GELUConstant.inverseSqrtTwoPi
        let k = GELUConstant.sqrtTwoOverPi, c: Float = 0.044715
        switch approximate {
        case .none:
            return unary("gelu", cost: 12, { 0.5 * $0 * (1 + FastMath.erf($0 * sqrtHalf)) }) { x, _, g in
                try Tensor.derivative(g, x, "gelu") { v in
                    0.5 * (1 + FastMath.erf(v * sqrtHalf)) + v * inverseSqrtTwoPi * FastMath.exp(-0.5 * v * v)
                }
            }
        case .tanh:
            return unary("gelu", cost: 12, { v in 0.5 * v * (1 + FastMath.tanh(k * (v + c * v * v * v))) }) { x, _, g in
                try Tensor.derivative(g, x, "gelu") { v in
                    let t = FastMath.tanh(k * (v + c * v * v * v))
                    return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * k * (1 + 3 * c * v * v)
                }
            }
        }
    }

    /// `x * sigmoid(x)`, also called swish.
    public func silu() -> Tensor {
        unary("silu", cost: 8, { $0 / (1 + FastMath.exp(-$0)) }) { x, _, g in
            try Tensor.derivative(g, x, "silu") { v in
                let s = 1 / (1 + FastMath.exp(-v))
                return s * (1 + v * (1 - s))
            }
        }
    }

    /// `x * relu6(x + 3) / 6`: 0 below -3, `x` above 3, `x (x + 3) / 6` between.
    public func hardSwish() -> Tensor {
        unary("hardSwish", { v in v <= -3 ? 0 : (v >= 3 ? v : v * (v + 3) / 6) }) { x, _, g in
            // PyTorch's rule at the kinks: 0 at -3 and 1 at 3, the one-sided slopes outside.
            try Tensor.derivative(g, x, "hardSwish") { v in v <= -3 ? 0 : (v < 3 ? v / 3 + 0.5 : 1) }
        }
    }

    /// `log(1 + exp(beta * x)) / beta`, and `x` itself where `beta * x > threshold` (no overflow there).
    public func softplus(beta: Float = 1, threshold: Float = 20) -> Tensor {
        unary("softplus", cost: 12, { v in
            v * beta > threshold ? v : log1pf(expf(v * beta)) / beta
        }) { x, _, g in
            try Tensor.derivative(g, x, "softplus") { v in
                v * beta > threshold ? 1 : 1 / (1 + expf(-v * beta))
            }
        }
    }

    /// `g * df(x)` in one pass, for backward rules of elementwise activations (g and x share a shape).
    @inline(__always) static func derivative(_ g: Tensor, _ x: Tensor, _ op: String,
                                             _ df: (Float) -> Float) throws -> Tensor {
        try zipValues(g, x, op: op) { g, v in g * df(v) }
    }
}

/// The constants of GELU, kept private to this file.
private enum GELUConstant {
    /// 1/√2, the scale inside the exact GELU's erf.
    static let sqrtHalf: Float = 0.70710678118654752
    /// 1/√(2π), the normal density's constant.
    static let inverseSqrtTwoPi: Float = 0.39894228040143268
    /// √(2/π), the tanh-approximate GELU's constant.
    static let sqrtTwoOverPi: Float = 0.79788456080286536
}
