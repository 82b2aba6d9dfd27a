/// Which dtype an op on several operands computes in: PyTorch's `result_type`.
///
/// Operands come in three kinds. Tensors with dimensions decide the type among themselves; a zero-
/// dimensional tensor changes it only when it is of a higher category (bool < integer < floating
/// point); a plain number (`Tensor.number`) counts only by its category, as a Python scalar does. So
/// `float32 tensor * 0.1` stays float32, `int64 tensor * 2` stays int64, `int64 tensor * 2.5` is
/// float32, and `float64 tensor * 0.1` multiplies by the exact double 0.1.
extension Tensor {
    /// A plain number as an operand: a float32 scalar that remembers the exact value, so that an op
    /// in another type reads it exactly (`operand(as:)`).
    public static func number(_ value: Double) -> Tensor {
        let t = Tensor(Float(value))
        t.wrappedNumber = value
        return t
    }

    /// The type of a plain number's category: bool for none (numbers are never bool here), int64 for a
    /// whole number, float32 (the default float type) for a fraction, infinity or NaN.
    static func numberType(_ value: Double) -> DType {
        value.isFinite && value == value.rounded() && Swift.abs(value) < 0x1p63 ? .int64 : .float32
    }

    /// The dtype `operands` combine in.
    public static func resultType(_ operands: [Tensor]) -> DType {
        var dimensioned: DType?, zeroDim: DType?, numbers: DType?
        func join(_ current: DType?, _ t: DType) -> DType { current.map { DType.promote($0, t) } ?? t }
        for t in operands {
            if let n = t.wrappedNumber { numbers = join(numbers, numberType(n)) }
            else if t.rank == 0 { zeroDim = join(zeroDim, t.dtype) }
            else { dimensioned = join(dimensioned, t.dtype) }
        }
        return combine(dimensioned, combine(zeroDim, numbers)) ?? .float32
    }

    /// The type of `higher` unless `lower` is of a higher category, then one holding both.
    private static func combine(_ higher: DType?, _ lower: DType?) -> DType? {
        guard let higher else { return lower }
        guard let lower else { return higher }
        if higher.isFloatingPoint { return higher }
        if higher == .bool || lower.isFloatingPoint { return DType.promote(higher, lower) }
        return higher
    }

    /// The dtype two operands combine in.
    public static func resultType(_ a: Tensor, _ b: Tensor) -> DType {
        // The common case first, without building an array: float32 with anything but a second number.
        if a.dtype == .float32 && b.dtype == .float32 && (a.wrappedNumber == nil || b.wrappedNumber == nil) {
            return .float32
        }
        return resultType([a, b])
    }

    /// This operand in `dtype`: itself when it has that type, a plain number converted from its exact
    /// value, otherwise a converted copy (recorded, so the gradient flows back in this operand's type).
    func operand(as dtype: DType) throws -> Tensor {
        if dtype == self.dtype { return self }
        if let n = wrappedNumber {
            return try Tensor(shape: [], elements: [n], dtype: dtype)
        }
        return try to(dtype)
    }
}
