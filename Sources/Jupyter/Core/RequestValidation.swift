import JSONFormat
/// The types of the content fields of each request, checked before its handler runs, so that a client's
/// mistake (code that is a number, `silent: "no"`) is answered with an error naming the field instead of
/// being read as a default and running something else.
///
/// A missing field or `null` takes the protocol's default; only a present value of the wrong type is refused.
enum RequestValidation {
    /// What a field must hold.
    enum Kind {
        case string, bool, integer, object, stringObject
        /// One of these strings.
        case oneOf(Set<String>)

        func accepts(_ value: JSON) -> Bool {
            switch self {
            case .string: return value.stringValue != nil
            case .bool: return value.boolValue != nil
            case .integer: return value.intValue != nil
            case .object: return value.objectValue != nil
            case .stringObject: return value.objectValue?.values.allSatisfy { $0.stringValue != nil } ?? false
            case .oneOf(let choices): return value.stringValue.map(choices.contains) ?? false
            }
        }

        var name: String {
            switch self {
            case .string: return "a string"
            case .bool: return "a boolean"
            case .integer: return "an integer"
            case .object: return "an object"
            case .stringObject: return "an object of strings"
            case .oneOf(let choices): return "one of " + choices.sorted().map { "'\($0)'" }.joined(separator: ", ")
            }
        }
    }

    /// Field name → kind, per message type; `required` fields must be present.
    static let fields: [String: (required: [String: Kind], optional: [String: Kind])] = [
        "execute_request": (
            ["code": .string],
            ["silent": .bool, "store_history": .bool, "user_expressions": .stringObject, "allow_stdin": .bool,
             "stop_on_error": .bool]),
        "complete_request": (["code": .string], ["cursor_pos": .integer]),
        "inspect_request": (["code": .string], ["cursor_pos": .integer, "detail_level": .integer]),
        "is_complete_request": (["code": .string], [:]),
        "history_request": (
            [:],
            ["output": .bool, "raw": .bool, "hist_access_type": .oneOf(["range", "tail", "search"]),
             "session": .integer, "start": .integer, "stop": .integer, "n": .integer, "pattern": .string,
             "unique": .bool]),
        "shutdown_request": ([:], ["restart": .bool]),
        "comm_info_request": ([:], ["target_name": .string]),
        "comm_open": (["comm_id": .string], ["target_name": .string]),
    ]

    /// Why `message` cannot be handled, naming the field, or nil when its content is well-typed.
    static func problem(in message: Message) -> String? {
        guard let spec = fields[message.type] else { return nil }
        for (field, kind) in spec.required.sorted(by: { $0.key < $1.key }) {
            guard let value = message.content[field], !value.isNull else {
                return "\(message.type): '\(field)' is required (\(kind.name))"
            }
            if !kind.accepts(value) { return describe(message.type, field, kind, value) }
        }
        for (field, kind) in spec.optional.sorted(by: { $0.key < $1.key }) {
            guard let value = message.content[field], !value.isNull else { continue }
            if !kind.accepts(value) { return describe(message.type, field, kind, value) }
        }
        return nil
    }

    private static func describe(_ type: String, _ field: String, _ kind: Kind, _ value: JSON) -> String {
        "\(type): '\(field)' must be \(kind.name), not \(value.serialized().prefix(80))"
    }

    /// The error reply to an ill-typed request (`execute_reply` also carries the current count).
    static func errorReply(_ problem: String, executionCount: Int?) -> [String: JSON] {
        var reply: [String: JSON] = [
            "status": "error", "ename": "BadRequest", "evalue": .string(problem),
            "traceback": .array([.string("BadRequest: " + problem)]),
        ]
        if let executionCount {
            reply["execution_count"] = .int(executionCount)
            reply["user_expressions"] = [:]
            reply["payload"] = []
        }
        return reply
    }
}
