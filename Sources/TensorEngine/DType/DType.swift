/// The element type of a tensor, with PyTorch's names and promotion rules.
///
/// float32 is the default and the type every layer computes in; float64 computes in double precision
/// (gradient checks, GEMM through dgemm); int64 holds labels and indices exactly; bool holds masks and
/// comparisons; int8/uint8/int16/int32 and float16/bfloat16 are storage types for quantization and
/// mixed-precision lessons.
public enum DType: String, CaseIterable, Sendable {
    case float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool

    /// The bytes one element takes.
    public var itemSize: Int {
        switch self {
        case .float64, .int64: return 8
        case .float32, .int32: return 4
        case .float16, .bfloat16, .int16: return 2
        case .int8, .uint8, .bool: return 1
        }
    }

    /// Whether the type holds fractions (the types gradients can flow through).
    public var isFloatingPoint: Bool {
        switch self {
        case .float32, .float64, .float16, .bfloat16: return true
        default: return false
        }
    }

    /// Whether the type is one of the integer types (bool is not).
    public var isInteger: Bool { !isFloatingPoint && self != .bool }

    /// bool < integers < floating point: promotion never moves a value to a lower category.
    var category: Int { isFloatingPoint ? 2 : (self == .bool ? 0 : 1) }

    /// The type two tensors' elements are combined in, as `torch.promote_types`.
    ///
    /// The higher category wins; within floating point and within integers the wider type wins, float16
    /// with bfloat16 gives float32, and uint8 with int8 gives int16 (the smallest type holding both).
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a.category != b.category { return a.category > b.category ? a : b }
        if a.isFloatingPoint {
            if Set([a, b]) == [.float16, .bfloat16] { return .float32 }
            return a.itemSize >= b.itemSize ? a : b
        }
        // Two different integer types.
        if a == .uint8 || b == .uint8 {
            let signed = a == .uint8 ? b : a
            return signed == .int8 ? .int16 : signed
        }
        return a.itemSize >= b.itemSize ? a : b
    }

    /// The type a tensor of this type combines with a plain number in: the tensor's own type unless the
    /// number is of a higher category (a fraction with an integer tensor gives float32, any number with
    /// a bool tensor gives int64 or float32), as PyTorch treats Python scalars.
    public func promoted(withNumber value: Double) -> DType {
        let whole = value.isFinite && value == value.rounded()
        if isFloatingPoint { return self }
        if !whole { return .float32 }
        return self == .bool ? .int64 : self
    }

    /// The name of the type in a safetensors header.
    public var safetensorsName: String {
        switch self {
        case .float32: return "F32"
        case .float64: return "F64"
        case .float16: return "F16"
        case .bfloat16: return "BF16"
        case .int64: return "I64"
        case .int32: return "I32"
        case .int16: return "I16"
        case .int8: return "I8"
        case .uint8: return "U8"
        case .bool: return "BOOL"
        }
    }

    /// The type a safetensors header names, or nil for one Soma does not hold.
    public init?(safetensorsName: String) {
        guard let t = DType.allCases.first(where: { $0.safetensorsName == safetensorsName }) else { return nil }
        self = t
    }

    /// The little-endian NumPy type string (`<f4`, `|b1`, …); nil for bfloat16, which NumPy lacks.
    public var numpyDescriptor: String? {
        switch self {
        case .float32: return "<f4"
        case .float64: return "<f8"
        case .float16: return "<f2"
        case .bfloat16: return nil
        case .int64: return "<i8"
        case .int32: return "<i4"
        case .int16: return "<i2"
        case .int8: return "|i1"
        case .uint8: return "|u1"
        case .bool: return "|b1"
        }
    }
}
