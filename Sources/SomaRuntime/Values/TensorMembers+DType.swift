import Script
import TensorEngine

/// A tensor's element type in the language: the `dtype` property, `to(dtype)` and PyTorch's shorthand
/// conversions (`double()`, `long()`, …).
extension TensorMembers {
    /// PyTorch's conversion methods by the type they give: `x.double()` is `x.to(float64)`.
    static let shorthands: [(name: String, dtype: DType)] = [
        ("double", .float64), ("float", .float32), ("half", .float16), ("bfloat16", .bfloat16), ("long", .int64),
        ("int", .int32), ("short", .int16), ("char", .int8), ("byte", .uint8), ("bool", .bool),
    ]

    static let conversions: [Member] = [
        .property("dtype", "the element type (float32 unless made otherwise).") { t in DTypeValue.of(t.dtype) },
        .method("to", ["dtype"],
                "the values as another dtype (the same tensor when it has it already); between floating-point types the gradient flows back.") { t, a, _ in
            Convert.wrap(try t.to(try a.dtype("dtype") ?? t.dtype))
        },
    ] + shorthands.map { s in
        .method(s.name, [], "the values as \(s.dtype), as to(\(s.dtype)).") { t, _, _ in Convert.wrap(try t.to(s.dtype)) }
    }

    /// A language value for one element: a bool for a bool tensor, otherwise the number as a Double,
    /// exact for every type but int64 beyond 2^53.
    static func element(_ x: Double, of dtype: DType) -> Value {
        dtype == .bool ? .bool(x != 0) : .number(x)
    }
}
