#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Softmax and log-softmax along an axis, as single ops with fused, numerically stable kernels.
extension Tensor {
    /// Runs `body(in, out, length, stride)` for every lane along `axis`; this tensor and `out` hold `T`.
    private func lanes<T: EngineFloat>(axis: Int, into out: Tensor,
                                       _ body: (UnsafePointer<T>, UnsafeMutablePointer<T>, Int, Int) -> Void) {
        let (outer, length, inner) = Tensor.extents(shape, axis: axis)
        reading(as: T.self) { x in
            out.writing(as: T.self) { o in
                Parallel.forRange(outer, cost: length * inner * 8) { s, e in
                    for i in s..<e {
                        for j in 0..<inner {
                            let base = i * length * inner + j
                            body(x + base, o + base, length, inner)
                        }
                    }
                }
            }
        }
    }

    /// The lane's maximum, subtracted before exponentials so none overflows (0 when it is infinite,
    /// so a lane of -inf stays -inf rather than NaN).
    @inline(__always) static func shift<T: EngineFloat>(_ x: UnsafePointer<T>, _ n: Int, _ stride: Int) -> T {
        var m = -T.infinity
        for k in 0..<n { m = Swift.max(m, x[k * stride]) }
        return m.isFinite ? m : 0
    }

    /// An op that maps each lane along `axis` as a whole: `kernel(in, out, length, stride)` fills one
    /// lane (`kernel64` in float64), and `backward(y, g, axis)` is the gradient given the result `y`.
    /// Types other than float32 and float64 compute in float32 and round back.
    private func lanewise(_ op: String, axis: Int,
                          _ kernel: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, Int) -> Void,
                          _ kernel64: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int, Int) -> Void,
                          backward: @escaping (_ y: Tensor, _ g: Tensor, _ axis: Int) throws -> Tensor) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: op)
        if dtype != .float32 && dtype != .float64 {
            let x = try operand(as: .float32)
            let y = try x.lanewise(op, axis: a, kernel, kernel64, backward: backward)
            return dtype.isFloatingPoint ? try y.to(dtype) : y
        }
        let out = try Tensor.uninitialized(shape, dtype: dtype)
        if dtype == .float64 { lanes(axis: a, into: out, kernel64) } else { lanes(axis: a, into: out, kernel) }
        let y = out.detach()
        return out.recording(op, [self]) { g in [try backward(Tensor.ruleOutput(y), g, a)] }
    }

    /// Exponentials normalized to sum to 1 along `axis`.
    public func softmax(axis: Int = -1) throws -> Tensor {
        func kernel<T: EngineFloat>(_ x: UnsafePointer<T>, _ o: UnsafeMutablePointer<T>, _ n: Int, _ st: Int) {
            let m = Tensor.shift(x, n, st)
            var s: T = 0
            for k in 0..<n { let e = T.exp(x[k * st] - m); o[k * st] = e; s += e }
            let inv = 1 / s
            for k in 0..<n { o[k * st] *= inv }
        }
        return try lanewise("softmax", axis: axis, kernel, kernel,
                            backward: { y, g, a in try y * (g - (g * y).sum(axis: a, keepDims: true)) })
    }

    /// `log(softmax(x))` along `axis`, without the overflow of computing them apart.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        func kernel<T: EngineFloat>(_ x: UnsafePointer<T>, _ o: UnsafeMutablePointer<T>, _ n: Int, _ st: Int) {
            let m = Tensor.shift(x, n, st)
            var s: T = 0
            for k in 0..<n { s += T.exp(x[k * st] - m) }
            // (x − m) − log s, not x − (m + log s): m + log s rounds to the logits' magnitude, which
            // loses the small differences that the result is made of when the logits are large.
            let logS = T.log(s)
            for k in 0..<n { o[k * st] = (x[k * st] - m) - logS }
        }
        return try lanewise("logSoftmax", axis: axis, kernel, kernel,
                            backward: { y, g, a in try g - y.exp() * g.sum(axis: a, keepDims: true) })
    }
}
