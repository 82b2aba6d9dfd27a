/// What a builtin takes and what it is for, written once: binding, error messages, completion,
/// `help` and the reference index all read it (as Lua's `luaL_Reg` tables or CPython's Argument Clinic
/// declarations are read).
///
/// Unchecked Sendable, safely: every stored property is a constant, and the only values it holds are
/// its parameters' defaults, which are `Literal`s (numbers, strings, booleans, nil) that no call can
/// change, so one signature serves every session on every thread.
public final class Signature: @unchecked Sendable {
    public let name: String
    public let parameters: [Parameter]
    /// One line on what it does, shown after the call form: `zeros(shape, …) — a tensor of zeros.`
    public let summary: String
    /// The parameters' labels, in order.
    public let labels: [String]
    /// The parameter that collects the remaining positional arguments, if one does.
    let variadicIndex: Int?
    /// The parameter that collects labelled arguments under labels of the caller's choosing, if one does.
    let keywordsIndex: Int?

    public init(_ name: String, _ parameters: [Parameter], _ summary: String) {
        self.name = name
        self.parameters = parameters
        self.summary = summary
        labels = parameters.map(\.label)
        variadicIndex = parameters.firstIndex(where: \.isVariadic)
        keywordsIndex = parameters.firstIndex { if case .keywords = $0.defaultValue { true } else { false } }
        defaults = parameters.map { if case .value(let v) = $0.defaultValue { v.value } else { nil } }
        requiredIndices = parameters.indices.filter { if case .required = parameters[$0].defaultValue { true } else { false } }
    }

    /// Each parameter's default value, nil where there is none: the start of every binding.
    let defaults: [Value?]
    /// The positions of the parameters a caller must give.
    let requiredIndices: [Int]

    /// The call form: required parameters by position, the others with their defaults (`eye(n, m: n)`).
    public var callForm: String {
        "\(name)(" + parameters.map(\.shown).joined(separator: ", ") + ")"
    }

    /// The error for a required parameter a call left out.
    func missing(_ parameter: Int) -> ScriptError {
        ScriptError("TypeError", "\(name) is missing its argument '\(labels[parameter])'")
    }

    /// What `help` prints: the call form and the summary.
    public var documentation: String { summary.isEmpty ? callForm : "\(callForm) — \(summary)" }
}

/// A call's arguments matched to a signature, read by label: each value as given, or its default.
public struct BoundArguments {
    public let signature: Signature
    /// The arguments as the call gave them by position, when it gave no labels (`values` is nil then).
    private let positional: [Value]
    /// By parameter, for a call with labels: the given or default value; nil for an optional
    /// parameter left out.
    private let values: [Value?]?

    /// Matches `arguments` to `signature` PyTorch-style (positional in order, then labelled by name);
    /// a TypeError names the function for an unknown label, a duplicate, too many arguments or a missing one.
    public init(_ arguments: Arguments, to signature: Signature) throws {
        self.signature = signature
        // A call by position only keeps its arguments as they came, and reading a parameter picks the
        // argument or the default: binding allocates nothing, which matters for calls in a training
        // step. A variadic rest (`reshape(2, 3)`, `print(a, b)`) is made a list only when one is asked for.
        let fixed = signature.variadicIndex ?? signature.parameters.count
        if arguments.labelled.isEmpty, signature.keywordsIndex == nil,
           signature.variadicIndex != nil || arguments.positional.count <= fixed {
            let filled = min(arguments.positional.count, fixed)
            if let i = signature.requiredIndices.first(where: { $0 >= filled }) { throw signature.missing(i) }
            positional = arguments.positional
            values = nil
            return
        }
        positional = []
        var given: [Value?]
        var arguments = arguments
        if let named = signature.keywordsIndex {
            guard arguments.positional.count <= named else {
                throw ScriptError("TypeError", "\(signature.name) takes its values with names, as \(signature.name)(loss: x)")
            }
            // Labels the signature does not declare are the caller's own names (`p.set(loss: x)`), kept in order.
            let extra = DictionaryStorage()
            var kept: [(label: String, value: Value)] = []
            for (label, value) in arguments.labelled {
                if signature.labels.contains(label) && label != signature.labels[named] { kept.append((label, value)) }
                else { try extra.set(.string(label), value) }
            }
            arguments.labelled = kept + [(signature.labels[named], .dictionary(extra))]
        }
        if let rest = signature.variadicIndex {
            // The positional arguments from `rest` on are one list; the parameters after it only take labels.
            var fixed = arguments
            fixed.positional = Array(arguments.positional.prefix(rest))
            given = try fixed.bind(signature.name, signature.labels)
            guard !arguments.labelled.contains(where: { $0.label == signature.labels[rest] }) else {
                throw ScriptError("TypeError", "\(signature.name) takes its \(signature.labels[rest]) by position, not by label")
            }
            given[rest] = .list(ListStorage(Array(arguments.positional.dropFirst(rest))))
        } else {
            given = try arguments.bind(signature.name, signature.labels)
        }
        for (i, p) in signature.parameters.enumerated() where given[i] == nil {
            switch p.defaultValue {
            case .required: throw signature.missing(i)
            case .optional, .variadic, .keywords: break
            case .value(let v): given[i] = v.value
            }
        }
        values = given
    }


    /// The value of `label`, nil only for an optional parameter that was left out.
    public subscript(_ label: String) -> Value? {
        get throws {
            let i = try index(label)
            guard let values else {
                if i == signature.variadicIndex { return .list(ListStorage(rest)) }
                return i < fixedCount ? positional[i] : signature.defaults[i]
            }
            return values[i]
        }
    }

    /// How many parameters the positional arguments of a call without labels filled.
    private var fixedCount: Int { min(positional.count, signature.variadicIndex ?? positional.count) }

    /// The values a variadic parameter collected, when the call was bound by position only.
    private var rest: [Value] { Array(positional[fixedCount...]) }

    /// The value of `label`, or nil when it was left out or given as `nil`.
    public func given(_ label: String) throws -> Value? {
        guard let v = try self[label] else { return nil }
        if case .null = v { return nil }
        return v
    }

    /// The value of `label`, which was given or has a default.
    public func value(_ label: String) throws -> Value {
        guard let v = try self[label] else { throw signature.missing(try index(label)) }
        return v
    }

    public func number(_ label: String, as what: @autoclosure () -> String? = nil) throws -> Double {
        try value(label).number(what() ?? label)
    }

    public func integer(_ label: String, as what: @autoclosure () -> String? = nil) throws -> Int {
        try value(label).integer(what() ?? label)
    }

    public func string(_ label: String, as what: @autoclosure () -> String? = nil) throws -> String {
        try value(label).string(what() ?? label)
    }

    public func boolean(_ label: String, as what: @autoclosure () -> String? = nil) throws -> Bool {
        try value(label).boolean(what() ?? label)
    }

    /// The items of the list, range or iterable given for `label`.
    public func sequence(_ label: String, as what: @autoclosure () -> String? = nil) throws -> [Value] {
        if values == nil, try index(label) == signature.variadicIndex { return rest }
        return try value(label).sequence(what() ?? label)
    }

    /// The position of `label` in the signature. A body reading a label it did not declare is a bug in
    /// the library; it is reported as an error rather than stopping the session.
    private func index(_ label: String) throws -> Int {
        guard let i = signature.labels.firstIndex(of: label) else {
            throw ScriptError("InternalError", "\(signature.name) read an undeclared parameter '\(label)'")
        }
        return i
    }
}

/// A parameter's default as a declaration writes it: `.defaulted("axis", -1)`, `.defaulted("bias", true)`.
///
/// Only values that nothing can change: a default is shared by every call (and every session), so a
/// list default would carry one call's `append` into the next, as Python's mutable default arguments do.
public enum Literal: Sendable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
                     ExpressibleByStringLiteral, ExpressibleByNilLiteral {
    case number(Double), string(String), bool(Bool), null

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }

    /// The language value.
    public var value: Value {
        switch self {
        case .number(let x): .number(x)
        case .string(let s): .string(s)
        case .bool(let b): .bool(b)
        case .null: .null
        }
    }
}

extension Signature {
    /// One parameter of a builtin: its label and whether and how it may be left out.
    public struct Parameter: Sendable, ExpressibleByStringLiteral {
        public enum Default: Sendable {
            /// The caller must give it.
            case required
            /// It may be left out, and the body then sees nothing; `shown` is how help writes what happens
            /// (`nil`, or a name: `m: n`).
            case optional(shown: String)
            /// It may be left out, and the body then sees this value.
            case value(Literal)
            /// It collects every remaining positional argument into a list (`print(values...)`).
            case variadic
            /// It collects every labelled argument with a label not declared into a dictionary, in the
            /// order given (`p.set(loss: x, accuracy: a)`).
            case keywords
        }

        public let label: String
        public let defaultValue: Default

        public init(_ label: String, _ defaultValue: Default = .required) {
            self.label = label
            self.defaultValue = defaultValue
        }

        /// A parameter the caller must give: `"x"`.
        public init(stringLiteral label: String) {
            self.init(label)
        }

        /// A parameter that may be left out, the body seeing nothing then.
        public static func optional(_ label: String, shown: String = "nil") -> Parameter {
            Parameter(label, .optional(shown: shown))
        }

        /// A parameter with a default value the body sees when it is left out.
        public static func defaulted(_ label: String, _ value: Literal) -> Parameter {
            Parameter(label, .value(value))
        }

        /// A parameter that collects labelled arguments of any other label into a dictionary.
        public static func keywords(_ label: String) -> Parameter {
            Parameter(label, .keywords)
        }

        /// A parameter that collects the remaining positional arguments into a list.
        public static func variadic(_ label: String) -> Parameter {
            Parameter(label, .variadic)
        }

        var isVariadic: Bool {
            if case .variadic = defaultValue { return true }
            return false
        }

        /// `x`, `axis: -1` or `values...`, as the call form shows it.
        var shown: String {
            switch defaultValue {
            case .variadic: return label + "..."
            case .keywords: return "name: value..."
            case .required: return label
            case .optional(let text): return "\(label): \(text)"
            case .value(let v): return "\(label): \(v.value.repr)"
            }
        }
    }
}

