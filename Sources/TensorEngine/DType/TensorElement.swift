/// A Swift type that one `DType` stores: Float, Double, Float16, BFloat16, Int64, Int32, Int16, Int8,
/// UInt8 and Bool.
///
/// Conversions follow PyTorch's casts on x86: a float becomes an integer by truncating toward zero, with
/// NaN and values beyond Int64 giving Int64.min, and a wider integer narrows by keeping its low bits
/// (300 as uint8 is 44, -1 is 255); anything non-zero (NaN included) is `true`.
public protocol TensorElement: Sendable {
    static var dtype: DType { get }
    /// The nearest value of this type to a floating-point value.
    init(casting value: Double)
    /// The value of this type an integer converts to.
    init(casting value: Int64)
    /// The value as a Double (exact for every type but the widest integers).
    var doubleValue: Double { get }
    /// The value as an integer (floating-point values truncate toward zero).
    var int64Value: Int64 { get }
}

extension TensorElement {
    /// A value of any element type converted to this one, by the integer path when both are exact.
    @inline(__always) init<S: TensorElement>(converting s: S) {
        if S.dtype.isFloatingPoint { self.init(casting: s.doubleValue) } else { self.init(casting: s.int64Value) }
    }
}

/// x86's truncating conversion (cvttsd2si), which PyTorch's casts inherit: no trap on NaN or overflow.
@inline(__always) func truncatedInt64(_ v: Double) -> Int64 {
    v.isNaN || v >= 0x1p63 || v < -0x1p63 ? Int64.min : Int64(v)
}

extension Float: TensorElement {
    public static var dtype: DType { .float32 }
    @inline(__always) public init(casting value: Double) { self = Float(value) }
    @inline(__always) public init(casting value: Int64) { self = Float(value) }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { truncatedInt64(Double(self)) }
}

extension Double: TensorElement {
    public static var dtype: DType { .float64 }
    @inline(__always) public init(casting value: Double) { self = value }
    @inline(__always) public init(casting value: Int64) { self = Double(value) }
    @inline(__always) public var doubleValue: Double { self }
    @inline(__always) public var int64Value: Int64 { truncatedInt64(self) }
}

extension Float16: TensorElement {
    public static var dtype: DType { .float16 }
    @inline(__always) public init(casting value: Double) { self = Float16(value) }
    @inline(__always) public init(casting value: Int64) { self = Float16(Float(value)) }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { truncatedInt64(Double(self)) }
}

/// The upper half of a Float32: its 8 exponent bits with 7 of the fraction's, the format of
/// `torch.bfloat16`. Converting rounds to nearest, ties to even; NaN stays NaN.
public struct BFloat16: Sendable, Equatable {
    public var bitPattern: UInt16
    public init(bitPattern: UInt16) { self.bitPattern = bitPattern }

    public init(_ value: Float) {
        let bits = value.bitPattern
        if value.isNaN {
            bitPattern = UInt16(truncatingIfNeeded: bits >> 16) | 0x40
        } else {
            let rounding = UInt32(0x7FFF) + ((bits >> 16) & 1)
            bitPattern = UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
        }
    }

    public var floatValue: Float { Float(bitPattern: UInt32(bitPattern) << 16) }
}

extension BFloat16: TensorElement {
    public static var dtype: DType { .bfloat16 }
    // Through Float: rounding Double → Float → bfloat16 twice can differ from one rounding only in
    // a tie that float32 created, as in PyTorch's own conversion.
    @inline(__always) public init(casting value: Double) { self.init(Float(value)) }
    @inline(__always) public init(casting value: Int64) { self.init(Float(value)) }
    @inline(__always) public var doubleValue: Double { Double(floatValue) }
    @inline(__always) public var int64Value: Int64 { truncatedInt64(Double(floatValue)) }
}

extension Int64: TensorElement {
    public static var dtype: DType { .int64 }
    @inline(__always) public init(casting value: Double) { self = truncatedInt64(value) }
    @inline(__always) public init(casting value: Int64) { self = value }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { self }
}

extension Int32: TensorElement {
    public static var dtype: DType { .int32 }
    @inline(__always) public init(casting value: Double) { self.init(truncatingIfNeeded: truncatedInt64(value)) }
    @inline(__always) public init(casting value: Int64) { self.init(truncatingIfNeeded: value) }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { Int64(self) }
}

extension Int16: TensorElement {
    public static var dtype: DType { .int16 }
    @inline(__always) public init(casting value: Double) { self.init(truncatingIfNeeded: truncatedInt64(value)) }
    @inline(__always) public init(casting value: Int64) { self.init(truncatingIfNeeded: value) }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { Int64(self) }
}

extension Int8: TensorElement {
    public static var dtype: DType { .int8 }
    @inline(__always) public init(casting value: Double) { self.init(truncatingIfNeeded: truncatedInt64(value)) }
    @inline(__always) public init(casting value: Int64) { self.init(truncatingIfNeeded: value) }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { Int64(self) }
}

extension UInt8: TensorElement {
    public static var dtype: DType { .uint8 }
    @inline(__always) public init(casting value: Double) { self.init(truncatingIfNeeded: truncatedInt64(value)) }
    @inline(__always) public init(casting value: Int64) { self.init(truncatingIfNeeded: value) }
    @inline(__always) public var doubleValue: Double { Double(self) }
    @inline(__always) public var int64Value: Int64 { Int64(self) }
}

extension Bool: TensorElement {
    public static var dtype: DType { .bool }
    @inline(__always) public init(casting value: Double) { self = value != 0 }
    @inline(__always) public init(casting value: Int64) { self = value != 0 }
    @inline(__always) public var doubleValue: Double { self ? 1 : 0 }
    @inline(__always) public var int64Value: Int64 { self ? 1 : 0 }
}

/// A computation generic over the element type, run for a `DType` chosen at run time.
///
/// `DType.visit` switches once and calls `visit` with the concrete type, so the body is specialized
/// for each type: the per-element loops inside never go through a protocol witness.
public protocol ElementVisitor {
    associatedtype Result
    /// What `visit` throws: Never for a computation that cannot fail.
    associatedtype Failure: Error = Never
    func visit<T: TensorElement>(_ type: T.Type) throws(Failure) -> Result
}

extension DType {
    /// Runs `visitor` with the Swift type of this dtype.
    @inline(__always) public func visit<V: ElementVisitor>(_ visitor: V) throws(V.Failure) -> V.Result {
        switch self {
        case .float32: return try visitor.visit(Float.self)
        case .float64: return try visitor.visit(Double.self)
        case .float16: return try visitor.visit(Float16.self)
        case .bfloat16: return try visitor.visit(BFloat16.self)
        case .int64: return try visitor.visit(Int64.self)
        case .int32: return try visitor.visit(Int32.self)
        case .int16: return try visitor.visit(Int16.self)
        case .int8: return try visitor.visit(Int8.self)
        case .uint8: return try visitor.visit(UInt8.self)
        case .bool: return try visitor.visit(Bool.self)
        }
    }
}
