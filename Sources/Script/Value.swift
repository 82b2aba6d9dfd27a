/// A value of the language. Numbers are Doubles; lists and dictionaries are shared references (as in
/// Python); host objects (tensors, layers, charts) enter through `ScriptObject`.
public enum Value {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list(ListStorage)
    case dictionary(DictionaryStorage)
    /// `lower..<upper` (an inclusive range is stored with `upper` one past its end).
    case range(Int, Int)
    case function(any Callable)
    case object(any ScriptObject)
    case instance(Instance)

    /// The name `type(x)` returns.
    public var typeName: String {
        switch self {
        case .null: return "nil"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .list: return "list"
        case .dictionary: return "dict"
        case .range: return "range"
        case .function: return "function"
        case .object(let o): return o.typeName
        case .instance(let i): return i.type.name
        }
    }

    /// Conditions accept bools only, so that `if tensor` or `if 0` is a clear TypeError rather than a guess.
    public var isTruthy: Bool? {
        switch self {
        case .bool(let b): return b
        case .null: return false
        default: return nil
        }
    }
}

/// A mutable list shared by every value that refers to it.
public final class ListStorage {
    public var items: [Value]
    public init(_ items: [Value]) { self.items = items }
    deinit { DeepRelease.take(&items) }
}

/// A mutable dictionary keyed by strings, numbers or bools, keeping insertion order.
///
/// Removing a key leaves a hole in the entry arrays (its slot holds nil) instead of shifting every later
/// entry and renumbering the index: emptying a dictionary key by key takes linear time, not quadratic.
/// The holes are closed when the entries are read in order (`keys`, `values`) or outnumber the live ones.
public final class DictionaryStorage {
    private var entryKeys: [Value] = []
    private var entryValues: [Value] = []
    /// The slot of each live key in `entryKeys` and `entryValues`.
    private var index: [DictionaryKey: Int] = [:]
    /// Slots of removed keys not yet closed.
    private var holes = 0

    public init() {}
    deinit { DeepRelease.take(&entryValues) }

    public var count: Int { index.count }

    /// The keys in insertion order.
    public var keys: [Value] {
        closeHoles()
        return entryKeys
    }

    /// The values in insertion order.
    public var values: [Value] {
        closeHoles()
        return entryValues
    }

    public func get(_ key: Value) throws -> Value? {
        index[try DictionaryKey(key)].map { entryValues[$0] }
    }

    public func set(_ key: Value, _ value: Value) throws {
        let k = try DictionaryKey(key)
        if let i = index[k] { entryValues[i] = value } else {
            index[k] = entryKeys.count
            entryKeys.append(key)
            entryValues.append(value)
        }
    }

    @discardableResult public func remove(_ key: Value) throws -> Value? {
        let k = try DictionaryKey(key)
        guard let i = index.removeValue(forKey: k) else { return nil }
        let v = entryValues[i]
        entryKeys[i] = .null
        entryValues[i] = .null
        holes += 1
        if holes > 16 && holes > index.count { closeHoles() }
        return v
    }

    /// Moves the live entries together and renumbers the index: linear in the slots, paid once per
    /// run of removals.
    private func closeHoles() {
        guard holes > 0 else { return }
        var live = 0
        for i in entryKeys.indices {
            // A slot is live when its key's index entry points at it (a removed key added again lives
            // in a later slot).
            guard let k = try? DictionaryKey(entryKeys[i]), index[k] == i else { continue }
            if live != i {
                entryKeys.swapAt(live, i)
                entryValues.swapAt(live, i)
                index[k] = live
            }
            live += 1
        }
        entryKeys.removeLast(entryKeys.count - live)
        entryValues.removeLast(entryValues.count - live)
        holes = 0
    }
}

/// The hashable form of a dictionary key.
enum DictionaryKey: Hashable {
    case string(String), number(Double), bool(Bool), null

    init(_ value: Value) throws {
        switch value {
        case .string(let s): self = .string(s)
        case .number(let n): self = .number(n)
        case .bool(let b): self = .bool(b)
        case .null: self = .null
        default: throw ScriptError("TypeError", "a \(value.typeName) cannot be a dictionary key (use a string, number or bool)")
        }
    }
}

/// A host object: the way the host (the runtime) puts its own types into the language.
///
/// Every requirement has a default that reports the operation as unsupported, so a host type
/// implements only what it supports. Errors thrown here may be `ScriptError`s without a location
/// (the interpreter adds the place) or any `ScriptErrorConvertible`.
public protocol ScriptObject: AnyObject {
    /// The name `type(x)` returns and error messages use.
    var typeName: String { get }
    /// The plain-text form used by `print` and `str`.
    var text: String { get }
    /// A property or bound method, or nil when there is none of that name.
    func member(_ name: String, _ interpreter: Interpreter) throws -> Value?
    /// `self.name(arguments)`, or nil when there is no member of that name. The default reads the
    /// member and calls it; a type with a member table runs the method without binding it first,
    /// found through the call site (`MemberTable.invoke`).
    func invoke(_ member: MemberSite, _ arguments: Arguments, _ interpreter: Interpreter) throws -> Value?
    /// Sets a property (`w.requiresGrad = true`); returns false when there is no settable property of that name.
    func setMember(_ name: String, _ value: Value) throws -> Bool
    /// Names offered for completion after `.`.
    var memberNames: [String] { get }
    /// `self op other` (or `other op self` when `reversed`), or nil when unsupported.
    func binary(_ op: BinaryOp, _ other: Value, reversed: Bool) throws -> Value?
    /// `op self`, or nil when unsupported.
    func unary(_ op: UnaryOp) throws -> Value?
    /// `self[items]`.
    func subscriptGet(_ items: [IndexValue]) throws -> Value
    /// `self[items] = value`: returns the updated object, which the interpreter stores back into the
    /// variable or field the object came from (value semantics), or nil when the object changed itself.
    func subscriptSet(_ items: [IndexValue], _ value: Value) throws -> Value?
    /// `self(arguments)`.
    func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value
    /// The elements a `for` loop visits.
    func elements() throws -> [Value]
    /// `len(self)`.
    func length() throws -> Int
    /// The number this object stands for where text formats a number (`format`, `"\(x, digits: 3)"`),
    /// or nil: a tensor of one element gives its value.
    var formattedNumber: Double? { get }
}

extension ScriptObject {
    public var text: String { "<\(typeName)>" }
    public func member(_ name: String, _ interpreter: Interpreter) throws -> Value? { nil }
    public func invoke(_ member: MemberSite, _ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
        guard let m = try self.member(member.name, interpreter) else { return nil }
        return try interpreter.call(m, arguments)
    }
    public func setMember(_ name: String, _ value: Value) throws -> Bool { false }
    public var memberNames: [String] { [] }
    public func binary(_ op: BinaryOp, _ other: Value, reversed: Bool) throws -> Value? { nil }
    public func unary(_ op: UnaryOp) throws -> Value? { nil }
    public func subscriptGet(_ items: [IndexValue]) throws -> Value {
        throw ScriptError("TypeError", "a \(typeName) cannot be indexed")
    }
    public func subscriptSet(_ items: [IndexValue], _ value: Value) throws -> Value? {
        throw ScriptError("TypeError", "a \(typeName) does not support item assignment")
    }
    public func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        throw ScriptError("TypeError", "a \(typeName) is not callable")
    }
    public func elements() throws -> [Value] { throw ScriptError("TypeError", "a \(typeName) is not iterable") }
    public func length() throws -> Int { throw ScriptError("TypeError", "a \(typeName) has no length") }
    public var formattedNumber: Double? { nil }
}

/// One evaluated item of an index expression.
public enum IndexValue {
    case value(Value)
    case slice(start: Int?, end: Int?, step: Int?)
    case ellipsis
}

/// An error type that a host maps to a diagnostic kind and message (for example an engine's shape error).
public protocol ScriptErrorConvertible: Error {
    var scriptError: ScriptError { get }
}
