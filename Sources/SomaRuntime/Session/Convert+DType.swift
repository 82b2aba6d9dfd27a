import Script
import TensorEngine

/// Reading a dtype from the language: a dtype value, its name as a string, or the `int` function.
extension Convert {
    /// PyTorch's other names for the types (`torch.double`, `torch.long`, …), as globals and as strings.
    /// `int` is not among them: it is the number function, which a `dtype:` argument takes as int64.
    static let dtypeAliases: [(name: String, dtype: DType)] = [
        ("double", .float64), ("float", .float32), ("half", .float16), ("long", .int64), ("short", .int16),
    ]

    /// The type a name spells: one of the ten names or an alias (`"double"`), or nil.
    static func dtype(named name: String) -> DType? {
        if name == "int" { return .int64 }
        return DType(rawValue: name) ?? dtypeAliases.first { $0.name == name }?.dtype
    }

    /// The dtype `value` gives, or an error naming `what`.
    ///
    /// Besides a dtype value (`float64`) this takes its name as a string (`"float64"`, `"double"`), and
    /// the conversion function `int`, which stands for int64 as Python's `int` does in
    /// `torch.zeros(3, dtype=int)`; int32 is written `int32`.
    static func dtype(_ value: Value, _ what: String) throws -> DType {
        switch value {
        case .object(let d as DTypeValue): return d.dtype
        case .string(let s):
            guard let d = dtype(named: s) else {
                throw ScriptError("ValueError", "\(what): \(Value.quote(s)) is not a dtype; the dtypes are \(dtypeNames)")
            }
            return d
        case .function(let f as NativeFunction) where f.name == "int": return .int64
        default:
            throw ScriptError("TypeError", "\(what) must be a dtype such as float64 (or its name as a string), not a \(value.typeName)")
        }
    }

    /// The ten names, for error messages.
    static var dtypeNames: String { DType.allCases.map(\.rawValue).joined(separator: ", ") }
}
