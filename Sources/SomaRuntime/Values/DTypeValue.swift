import Script
import TensorEngine

/// An element type as a value of the language (`float64`, `x.dtype`), as PyTorch's `torch.dtype`.
///
/// One shared instance per type: the language compares objects by identity, so `x.dtype == float64`
/// holds for every float64 tensor.
final class DTypeValue: TabledObject, Sendable {
    let dtype: DType
    private init(_ dtype: DType) { self.dtype = dtype }

    var typeName: String { "dtype" }
    var text: String { dtype.rawValue }

    private static let shared: [DType: DTypeValue] = Dictionary(uniqueKeysWithValues: DType.allCases.map { ($0, DTypeValue($0)) })

    /// The one value of `dtype`.
    static func of(_ dtype: DType) -> Value { .object(shared[dtype]!) }

    static let members = MemberTable<DTypeValue>([
        .property("isFloatingPoint", "whether the type holds fractions (float32, float64, float16, bfloat16); gradients flow only through these.") { v in
            .bool(v.dtype.isFloatingPoint)
        },
        .property("itemSize", "the bytes one element takes.") { v in .number(Double(v.dtype.itemSize)) },
    ])
}
