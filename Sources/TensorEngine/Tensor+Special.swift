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
            try g * x.polygamma(1)
        }
    }

    /// The polygamma function ψ⁽ⁿ⁾(x), the n-th derivative of digamma (n 0 is digamma itself); its
    /// derivative is ψ⁽ⁿ⁺¹⁾, so it differentiates to any order.
    ///
    /// At 0 and the negative whole numbers (poles) it is +∞ for odd n and NaN for even n; below
    /// −10⁶ it is NaN (the recurrence it uses there would take too long). n is at most 100: beyond,
    /// n! overflows a double for most arguments, and the series would take n steps per element.
    public func polygamma(_ n: Int) throws -> Tensor {
        guard n >= 0 && n <= 100 else { throw TensorError.value("polygamma: n must be in 0...100 (got \(n))") }
        if n == 0 { return try digamma() }
        return try unary("polygamma", cost: 16, { Float(Special.polygamma(n, Double($0))) }, { Special.polygamma(n, $0) }) { x, _, g in
            try g * x.polygamma(n + 1)
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

    /// ψ⁽ⁿ⁾(x) for n ≥ 1: trigamma for n 1; otherwise (−1)ⁿ⁺¹ n! Σₖ (x + k)^−(n+1), summed term by term
    /// (the recurrence, which holds for negative x too) until x ≥ 10 + n, then by Euler–Maclaurin.
    static func polygamma(_ n: Int, _ x: Double) -> Double {
        if n == 1 { return trigamma(x) }
        if x.isNaN || x <= -1e6 { return .nan }
        if x <= 0 && x == x.rounded() { return n % 2 == 1 ? .infinity : .nan }
        let order = Double(n)
        var x = x, sum = 0.0
        while x < 10 + order { sum += pow(x, -(order + 1)); x += 1 }
        // ∫ t^−(n+1) from x, half the first term, then B₂ⱼ/(2j)! · (n+1)(n+2)…(n+2j−1) · x^−(n+2j).
        sum += pow(x, -order) / order + pow(x, -(order + 1)) / 2
        var rising = order + 1, power = pow(x, -(order + 2)), factorial = 2.0
        for (j, bernoulli) in bernoulliEven.enumerated() {
            sum += bernoulli / factorial * rising * power
            let k = Double(2 * j + 2)
            rising *= (order + k) * (order + k + 1)
            power /= x * x
            factorial *= (k + 1) * (k + 2)
        }
        var scale = 1.0
        for k in 1...n { scale *= Double(k) }
        return (n % 2 == 1 ? scale : -scale) * sum
    }

    /// B₂, B₄, …, B₁₆: the Bernoulli numbers of the asymptotic series.
    private static let bernoulliEven: [Double] = [1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510]

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
