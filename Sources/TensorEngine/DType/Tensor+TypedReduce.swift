/// Sums of tensors other than float32: float64 sums in Double, integer and bool tensors sum exactly
/// into int64 (as PyTorch's `sum` does), and the 16-bit float types sum in float32 and round back.
extension Tensor {
    /// The sum over `axes` (resolved, ascending) with them kept as size 1, in this tensor's sum type;
    /// records nothing.
    func typedSum(axes: [Int]) throws -> Tensor {
        switch dtype {
        case .float16, .bfloat16:
            var out = try to(.float32)
            for a in axes { out = try out.sumValues(axis: a) }
            return try out.to(dtype)
        case .float64:
            return try axes.reduce(self) { try $0.sumValues(axis: $1, as: Double.self) }
        default:
            return try axes.reduce(try to(.int64)) { try $0.sumValues(axis: $1, as: Int64.self) }
        }
    }

    /// Sums one axis of a tensor holding `T` into one with that axis kept as size 1.
    private func sumValues<T: SumAccumulator>(axis: Int, as type: T.Type) throws -> Tensor {
        var kept = shape
        kept[axis] = 1
        let out = try Tensor.constant(kept, 0, dtype: T.dtype)
        let (outer, length, inner) = Tensor.extents(shape, axis: axis)
        reading(as: T.self) { x in
            out.writing(as: T.self) { o in
                for i in 0..<outer {
                    let dst = o + i * inner
                    for k in 0..<length {
                        let src = x + (i * length + k) * inner
                        for j in 0..<inner { dst[j] = T.accumulate(dst[j], src[j]) }
                    }
                }
            }
        }
        return out
    }

    /// This tensor divided by a count, in its own precision: float32 multiplies by the reciprocal (one
    /// rounding less work per element), float64 divides by the exact count.
    func divided(byCount n: Int) throws -> Tensor {
        dtype == .float64 ? try self / Tensor.number(Double(n)) : try self * (1 / Float(n))
    }
}

/// An accumulator type of `typedSum`: Double adds, Int64 wraps on overflow as PyTorch's sums do.
protocol SumAccumulator: TensorElement {
    static var zero: Self { get }
    static func accumulate(_ a: Self, _ b: Self) -> Self
}

extension Double: SumAccumulator {
    @inline(__always) static func accumulate(_ a: Double, _ b: Double) -> Double { a + b }
}

extension Int64: SumAccumulator {
    @inline(__always) static func accumulate(_ a: Int64, _ b: Int64) -> Int64 { a &+ b }
}
