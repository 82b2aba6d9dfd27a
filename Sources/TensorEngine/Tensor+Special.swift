#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Special functions: the error functions, log-gamma and the digamma function.
extension Tensor {
    /// The error function of each element; its derivative is 2/√π · e^(−x²).
    public func erf() throws -> Tensor {
        try unary("erf", cost: 8, { erff($0) }, { Glibc.erf($0) }) { x, _, g in try g * (x * x * -1).exp() * Tensor.number(Special.twoOverRootPi) }
    }

    /// The complementary error function 1 − erf(x), accurate where erf(x) is close to 1.
    public func erfc() throws -> Tensor {
        try unary("erfc", cost: 8, { erfcf($0) }, { Glibc.erfc($0) }) { x, _, g in try g * (x * x * -1).exp() * Tensor.number(-Special.twoOverRootPi) }
    }

    /// The natural logarithm of |Γ(x)| of each element; its derivative is digamma(x).
    public func lgamma() throws -> Tensor {
        try unary("lgamma", cost: 16, { Float(Special.lgamma(Double($0))) }, { Special.lgamma($0) }) { x, _, g in try g * x.digamma() }
    }

    /// The digamma function ψ(x) = d/dx log Γ(x) of each element; its derivative is the trigamma function.
    ///
    /// ψ(0) is −∞ and ψ at a negative whole number NaN (PyTorch's values).
    public func digamma() throws -> Tensor {
        try unary("digamma", cost: 16, { Float(Special.digamma(Double($0))) }, { Special.digamma($0) }) { x, _, g in
            // The trigamma values are computed, not recorded: they could not be differentiated again.
            if Autograd.isCreatingGraph { throw TensorError.value(Tensor.notTwiceDifferentiable("digamma")) }
            return try g * x.mapValues({ Float(Special.trigamma(Double($0))) }, { Special.trigamma($0) })
        }
    }
}

/// Series for the special functions, in Double so that Float results are correctly rounded in practice.
enum Special {
    static let twoOverRootPi = 1.1283791670955126

    /// log|Γ(x)| through the reentrant C call: plain `lgamma` writes the global `signgam`, which threads
    /// running kernels together would race on.
    static func lgamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// ψ(x): reflection for negative x, the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 6, then the
    /// asymptotic series.
    static func digamma(_ x: Double) -> Double {
        if x.isNaN || x == -.infinity { return .nan }
        if x == 0 { return -.infinity }
        if x < 0 {
            if x == x.rounded() { return .nan }
            return digamma(1 - x) - Double.pi / tan(Double.pi * x)
        }
        var x = x, result = 0.0
        while x < 6 { result -= 1 / x; x += 1 }
        let r = 1 / (x * x)
        return result + log(x) - 0.5 / x
            - r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (1.0 / 240 - r * (1.0 / 132)))))
    }

    /// ψ′(x), the trigamma function, the same way: reflection, recurrence, asymptotic series.
    static func trigamma(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x <= 0 && x == x.rounded() { return .infinity }
        if x < 0 {
            let s = sin(Double.pi * x)
            return Double.pi * Double.pi / (s * s) - trigamma(1 - x)
        }
        var x = x, result = 0.0
        while x < 6 { result += 1 / (x * x); x += 1 }
        let r = 1 / (x * x)
        return result + 1 / x + r / 2
            + r / x * (1.0 / 6 - r * (1.0 / 30 - r * (1.0 / 42 - r * (1.0 / 30))))
    }
}
