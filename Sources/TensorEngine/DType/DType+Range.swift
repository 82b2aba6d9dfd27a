/// Which numbers a type holds, for factories that fill a tensor with a number the user wrote.
extension DType {
    /// The smallest and largest whole numbers an integer type holds (nil for floating point and bool);
    /// the upper bound of int64 is 2^63, excluded, since 2^63 − 1 has no Double.
    var integerBounds: (lowest: Double, upperExcluded: Double)? {
        switch self {
        case .int64: return (-0x1p63, 0x1p63)
        case .int32: return (Double(Int32.min), Double(Int32.max) + 1)
        case .int16: return (Double(Int16.min), Double(Int16.max) + 1)
        case .int8: return (Double(Int8.min), Double(Int8.max) + 1)
        case .uint8: return (0, Double(UInt8.max) + 1)
        default: return nil
        }
    }

    /// Whether `value` converts to this type without overflow, as PyTorch's check on a fill value: every
    /// number for floating point (beyond the range it becomes ±inf) and bool (non-zero is true); for an
    /// integer type a finite number whose truncation toward zero lies in the type's range.
    public func holds(_ value: Double) -> Bool {
        guard let bounds = integerBounds else { return true }
        guard value.isFinite else { return false }
        let whole = value.rounded(.towardZero)
        return whole >= bounds.lowest && whole < bounds.upperExcluded
    }

    /// `value`, or a ValueError naming `op` when this type cannot hold it (NaN or 300 as int8): a cast
    /// would wrap it silently, which a number written by hand never means.
    public func checked(_ value: Double, op: String) throws -> Double {
        guard holds(value) else {
            throw TensorError.value("\(op): \(Self.describe(value)) cannot be converted to \(self) without overflow")
        }
        return value
    }

    /// A number as a message shows it: whole numbers without a fraction.
    static func describe(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e16 ? String(Int64(value)) : "\(value)"
    }
}
