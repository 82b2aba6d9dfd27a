// Logarithms and powers of ten without Foundation: the standard library has neither.

/// Small numeric helpers the charts need (the standard library has no `log10` or `pow`).
enum Math {
    /// 10^k, exact for |k| ≤ 22 (correctly rounded division for negative k down to subnormals).
    static func pow10(_ k: Int) -> Double {
        if k < -300 { return pow10(k + 300) / pow10(300) }
        if k < 0 { return 1 / pow10(-k) }
        var result = 1.0
        var remaining = k
        while remaining > 0 {
            result *= 10
            remaining -= 1
            if result.isInfinite { return result }
        }
        return result
    }

    /// Natural logarithm of a positive finite number, to about 1e-15 relative error.
    static func ln(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        let exponent = Double(x.exponent)
        var m = x.significand                 // in [1, 2)
        var shift = 0.0
        if m > 1.4142135623730951 { m /= 2; shift = 1 } // keep m in [0.707, 1.414] for a faster series
        let z = (m - 1) / (m + 1)
        let z2 = z * z
        var term = z, sum = 0.0, n = 1.0
        while n < 60 {
            sum += term / n
            term *= z2
            n += 2
            if abs(term) < 1e-18 { break }
        }
        return 2 * sum + (exponent + shift) * 0.6931471805599453
    }

    /// Base-10 logarithm of a positive number; exact at powers of ten up to 1e±22.
    static func log10(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return ln(x) }
        let k = floorLog10(x)
        if pow10(k) == x { return Double(k) }
        return ln(x) / 2.302585092994046
    }

    /// The integer k with 10^k ≤ x < 10^(k+1), for positive finite x (0 for anything else).
    static func floorLog10(_ x: Double) -> Int {
        guard x > 0, x.isFinite else { return 0 }
        var k = Int((ln(x) / 2.302585092994046).rounded(.down))
        while pow10(k) > x { k -= 1 }
        while pow10(k + 1) <= x { k += 1 }
        return k
    }

    /// The integer k with 10^(k-1) < x ≤ 10^k, for positive finite x.
    static func ceilLog10(_ x: Double) -> Int {
        let k = floorLog10(x)
        return pow10(k) == x ? k : k + 1
    }

    /// e^x, to about 1e-12 relative error for |x| ≤ 50 (range reduction by 2^-10, then squaring).
    static func exp(_ x: Double) -> Double {
        guard x.isFinite else { return x.isNaN ? x : (x > 0 ? x : 0) }
        if x > 709 { return .infinity }
        if x < -745 { return 0 }
        let y = x / 1024
        var term = 1.0, sum = 1.0
        for n in 1...12 {
            term *= y / Double(n)
            sum += term
        }
        for _ in 0..<10 { sum *= sum }
        return sum
    }

    /// base^exponent for positive base.
    static func power(_ base: Double, _ exponent: Double) -> Double {
        base <= 0 ? 0 : exp(ln(base) * exponent)
    }
}
