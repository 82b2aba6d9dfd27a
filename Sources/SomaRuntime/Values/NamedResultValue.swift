import Script

/// A result with several named parts, as PyTorch's named tuples (`qr`, `svd`, `eigh`, `slogdet`): each
/// part is a member (`r.Q`) and, in order, an element (`r[0]`, `for part in r`, `len(r)`).
final class NamedResultValue: ScriptObject {
    let typeName: String
    let fields: [(name: String, value: Value)]

    init(_ typeName: String, _ fields: [(name: String, value: Value)]) {
        self.typeName = typeName
        self.fields = fields
    }

    var text: String {
        "\(typeName)(" + fields.map { "\($0.name): \($0.value.text)" }.joined(separator: ", ") + ")"
    }

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        fields.first { $0.name == name }?.value
    }

    var memberNames: [String] { fields.map(\.name) }

    /// A part by position (negative counts from the end) or by name.
    func subscriptGet(_ items: [IndexValue]) throws -> Value {
        let names = fields.map(\.name).joined(separator: ", ")
        guard items.count == 1, case .value(let key) = items[0] else {
            throw ScriptError("TypeError", "a \(typeName) is indexed by one position or name (its parts: \(names))")
        }
        if case .string(let name) = key {
            guard let field = fields.first(where: { $0.name == name }) else {
                throw ScriptError("IndexError", "a \(typeName) has no part \(Value.quote(name)) (its parts: \(names))")
            }
            return field.value
        }
        let i = try key.integer("the index of a \(typeName)")
        guard (-fields.count..<fields.count).contains(i) else {
            throw ScriptError("IndexError", "index \(i) is out of range for a \(typeName) of \(fields.count) parts (\(names))")
        }
        return fields[i < 0 ? i + fields.count : i].value
    }

    func elements() throws -> [Value] { fields.map(\.value) }

    func length() throws -> Int { fields.count }
}
