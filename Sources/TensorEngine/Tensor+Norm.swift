#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Vector norms over one or several axes, and pairwise distances.
extension Tensor {
    /// Which norm: any positive p, or the largest absolute value (p = ∞).
    public enum NormOrder: Equatable, Sendable {
        /// A Double, so that a float64 norm uses the exact order (0.3, not the float32 nearest to it).
        case p(Double)
        case infinity
        /// The Frobenius norm: the 2-norm over the axes (all elements by default).
        public static let frobenius = NormOrder.p(2)

        /// An order given as a float32 (exact in Double), for callers that hold it as Float.
        @_disfavoredOverload
        public static func p(_ value: Float) -> NormOrder { .p(Double(value)) }
    }

    /// The p-norm `(Σ|x|^p)^(1/p)` over `axes` (all elements when nil), or the largest `|x|` for infinity.
    ///
    /// The sum is taken in Double. At a zero norm the gradient is 0 (PyTorch's subgradient), and for the
    /// infinity norm it is shared equally among the elements that attain the maximum.
    public func norm(_ order: NormOrder = .p(2), axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        if case .p(let p) = order, !(p > 0) {
            throw TensorError.value("norm: p must be a positive number or infinity (got \(p))")
        }
        let reduced = try axes.map { try self.axes($0, op: "norm") } ?? Array(0..<rank)
        let kept = (0..<rank).filter { !reduced.contains($0) }
        let moved = kept + reduced == Array(0..<rank) ? self : try permute(kept + reduced)
        let lanes = Shape.count(kept.map { shape[$0] }), n = Shape.count(reduced.map { shape[$0] })
        let result = try moved.reshape([lanes, n]).laneNorm(order)
        return try result.reshape(reducedShape(reduced, keepDims: keepDims))
    }

    /// The norm of each row of a matrix, with its gradient rule, in this tensor's float type: float32
    /// and float64 as they are, the 16-bit floats in float32 rounded back, integers and bools in float32.
    private func laneNorm(_ order: NormOrder) throws -> Tensor {
        switch dtype {
        case .float32: return try laneNorm(order, as: Float.self)
        case .float64: return try laneNorm(order, as: Double.self)
        case .float16, .bfloat16: return try to(.float32).laneNorm(order, as: Float.self).to(dtype)
        default: return try to(.float32).laneNorm(order, as: Float.self)
        }
    }

    private func laneNorm<T: EngineFloat>(_ order: NormOrder, as type: T.Type) throws -> Tensor {
        let lanes = shape[0], n = shape[1]
        let out = try Tensor.allocate([lanes], dtype: T.dtype, op: "norm")
        reading(as: T.self) { x in
            out.writing(as: T.self) { o in
                for l in 0..<lanes {
                    let row = x + l * n
                    switch order {
                    case .infinity:
                        var m: T = 0
                        for k in 0..<n { let v = Swift.abs(row[k]); if v > m || v.isNaN { m = v } }
                        o[l] = m
                    case .p(let p):
                        // Summed in Double, which float64 is already.
                        var s = 0.0
                        for k in 0..<n {
                            let v = Double(Swift.abs(row[k]))
                            s += p == 1 ? v : (p == 2 ? v * v : powDouble(v, p))
                        }
                        o[l] = T(p == 1 ? s : (p == 2 ? s.squareRoot() : powDouble(s, 1 / p)))
                    }
                }
            }
        }
        let x = detach(), y = out.detach()
        return out.recording("norm", [self], twice: false, composite: { x in try Tensor.rowNorm(x[0], order) }) { g in
            let g = try g.to(T.dtype)
            let dx = try Tensor.allocate([lanes, n], dtype: T.dtype, op: "norm")
            x.reading(as: T.self) { px in
                y.reading(as: T.self) { py in
                    g.reading(as: T.self) { pg in
                        dx.writing(as: T.self) { d in
                            for l in 0..<lanes {
                                Tensor.normGradient(order, px + l * n, py[l], pg[l], d + l * n, n)
                            }
                        }
                    }
                }
            }
            return [dx]
        }
    }

    /// The norm of each row of a matrix built from recorded ops, the form a graph-creating backward
    /// pass differentiates.
    static func rowNorm(_ x: Tensor, _ order: NormOrder) throws -> Tensor {
        switch order {
        case .infinity: return try x.abs().amax(axes: [1])
        case .p(1): return try x.abs().sum(axes: [1])
        case .p(2): return try (x * x).sum(axes: [1]).sqrt()
        case .p(let p): return try x.abs().pow(Tensor.number(p)).sum(axes: [1]).pow(Tensor.number(1 / p))
        }
    }

    /// One row of the norm's gradient: `g · sign(x)·|x|^(p−1) / norm^(p−1)`.
    private static func normGradient<T: EngineFloat>(_ order: NormOrder, _ x: UnsafePointer<T>, _ norm: T, _ g: T,
                                                     _ d: UnsafeMutablePointer<T>, _ n: Int) {
        switch order {
        case .infinity:
            var ties = 0
            for k in 0..<n where Swift.abs(x[k]) == norm { ties += 1 }
            for k in 0..<n {
                let v = x[k]
                d[k] = norm > 0 && Swift.abs(v) == norm ? g * (v > 0 ? 1 : -1) / T(ties) : 0
            }
        case .p(let p):
            for k in 0..<n {
                let v = x[k]
                if norm == 0 || v == 0 { d[k] = 0; continue }
                let sign: T = v > 0 ? 1 : -1
                if p == 1 { d[k] = g * sign; continue }
                let ratio = Double(Swift.abs(v)) / Double(norm)
                d[k] = g * sign * T(p == 2 ? ratio : powDouble(ratio, p - 1))
            }
        }
    }

    /// The p-norm distance between each row of `x1` (`[..., P, M]`) and each row of `x2` (`[..., R, M]`):
    /// shape `[..., P, R]`, leading dimensions broadcast.
    public static func cdist(_ x1: Tensor, _ x2: Tensor, p: NormOrder = .p(2)) throws -> Tensor {
        guard x1.rank >= 2, x2.rank >= 2, x1.shape[x1.rank - 1] == x2.shape[x2.rank - 1] else {
            throw TensorError.shape("cdist: needs [..., P, M] and [..., R, M] with the same M, got \(describe(x1.shape)) and \(describe(x2.shape))")
        }
        let difference = try x1.unsqueeze(axis: -2) - x2.unsqueeze(axis: -3)
        return try difference.norm(p, axes: [-1])
    }
}

/// `pow` on Doubles, named apart from `Tensor.pow` so the calls above cannot pick the tensor method.
@inline(__always) private func powDouble(_ x: Double, _ y: Double) -> Double { pow(x, y) }
