#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
@testable import TensorEngine
import Testing

/// The vectorizable exp, sigmoid, tanh and erf of the fused kernels against libm over their ranges.
@Suite struct FastMathTests {
    /// The largest error over a grid, absolute below 1 and relative above.
    func worst(_ f: (Float) -> Float, _ reference: (Float) -> Float, from: Float, to: Float) -> Float {
        var m: Float = 0
        for i in 0...20_000 {
            let x = from + (to - from) * Float(i) / 20_000
            let r = reference(x)
            m = Swift.max(m, Swift.abs(f(x) - r) / Swift.max(1, Swift.abs(r)))
        }
        return m
    }

    @Test func agreesWithLibm() {
        #expect(worst(FastMath.exp, expf, from: -80, to: 80) < 1e-6)
        #expect(worst(FastMath.sigmoid, { 1 / (1 + expf(-$0)) }, from: -30, to: 30) < 1e-6)
        #expect(worst(FastMath.tanh, tanhf, from: -12, to: 12) < 1e-6)
        #expect(worst(FastMath.erf, erff, from: -6, to: 6) < 1e-6)
    }

    @Test func saturatesInsteadOfOverflowing() {
        #expect(FastMath.exp(1000).isFinite && FastMath.exp(-1000) == 0 && FastMath.exp(-.infinity) == 0)
        #expect(FastMath.sigmoid(-1000) < 1e-37 && FastMath.sigmoid(1000) == 1)
        #expect(FastMath.tanh(1000) == 1 && FastMath.tanh(-1000) == -1)
        #expect(FastMath.erf(100) == 1 && FastMath.erf(-100) == -1)
        // NaN goes through as NaN (no trap converting it to an integer).
        #expect(FastMath.exp(.nan).isNaN && FastMath.sigmoid(.nan).isNaN && FastMath.tanh(.nan).isNaN && FastMath.erf(.nan).isNaN)
        // Small arguments keep their relative precision.
        #expect(Swift.abs(FastMath.tanh(1e-6) - 1e-6) < 1e-12)
    }
}
