/// Branch-free exp, sigmoid, tanh and erf that the compiler can vectorize, for the fused recurrent and
/// attention kernels, where libm's scalar `tanhf` (through `expm1f`) was most of an LSTM step.
///
/// Cephes' and Eigen's single-precision polynomials: within 1e-6 of libm over the whole range, far
/// below what the gradient checks and PyTorch comparisons can see.
enum FastMath {
    /// e^x for x above −87.3 (0 below, where e^x is under Float's normal range); large arguments
    /// saturate at e^88 instead of overflowing.
    @inline(__always) static func exp(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87.3), 88)
        // n = round(x / ln2) by the 1.5·2²³ trick: the sum's low bits hold n, so 2ⁿ needs no
        // float-to-int conversion (which would trap on NaN and keep the loop from vectorizing).
        let shifted = clamped * 1.44269504088896341 + 12_582_912
        let n = shifted - 12_582_912
        // r = x − n·ln2, with ln2 split in two so the product stays exact.
        let r = clamped - n * 0.693359375 + n * 2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * r * r + r + 1
        let y = p * Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) << 23)
        return x < -87.3 ? 0 : y
    }

    /// 1 / (1 + e^−x).
    @inline(__always) static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

    /// tanh(x): an odd polynomial near 0 (where 1 − 2/(e^2x + 1) would cancel), that form elsewhere.
    @inline(__always) static func tanh(_ x: Float) -> Float {
        let a = Swift.abs(x)
        let z = x * x
        var p: Float = -5.70498872745e-3
        p = p * z + 2.06390887954e-2
        p = p * z - 5.37397155531e-2
        p = p * z + 1.33314422036e-1
        p = p * z - 3.33332819422e-1
        let small = p * z * x + x
        let large = 1 - 2 / (exp(2 * a) + 1)
        return a < 0.625 ? small : (x < 0 ? -large : large)
    }

    /// erf(x): Eigen's odd/even rational approximation on [−4, 4] (beyond it erf is ±1 in Float).
    ///
    /// Not used by the sequence kernels themselves; it is here so that GELU can leave libm's scalar
    /// `erff`, which was a quarter of a Transformer block's training step.
    @inline(__always) static func erf(_ v: Float) -> Float {
        let x = Swift.min(Swift.max(v, -4), 4)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 - 2.10102402082508e-06
        p = p * x2 - 5.69250639462346e-05
        p = p * x2 - 7.34990630326855e-04
        p = p * x2 - 2.95459980854025e-03
        p = p * x2 - 1.60960333262415e-02
        var q: Float = -1.45660718464996e-05
        q = q * x2 - 2.13374055278905e-04
        q = q * x2 - 1.68282697438203e-03
        q = q * x2 - 7.37332916720468e-03
        q = q * x2 - 1.42647390514189e-02
        return x * p / q
    }

    /// Applies `sigmoid` to `n` values in place.
    @inline(__always) static func sigmoid(_ p: UnsafeMutablePointer<Float>, _ n: Int) {
        for j in 0..<n { p[j] = sigmoid(p[j]) }
    }

    /// Applies `tanh` to `n` values in place.
    @inline(__always) static func tanh(_ p: UnsafeMutablePointer<Float>, _ n: Int) {
        for j in 0..<n { p[j] = tanh(p[j]) }
    }
}
