/// Something the language can call: a user function, a closure or a native function.
public protocol Callable: AnyObject {
    /// The name shown in tracebacks and by `print`.
    var name: String { get }
    func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value
}

/// The arguments of one call: positional values, then labelled ones in call order.
public struct Arguments {
    public var positional: [Value]
    public var labelled: [(label: String, value: Value)]

    public init(_ positional: [Value] = [], labelled: [(label: String, value: Value)] = []) {
        self.positional = positional
        self.labelled = labelled
    }
}

/// A function implemented by the host, with the documentation `help(f)` shows.
public final class NativeFunction: Callable {
    public let name: String
    /// Its declaration, from which its arguments are bound and its documentation written; nil for a
    /// function that binds its own arguments.
    public let signature: Signature?
    /// The call form and a one-line description, e.g. `zeros(shape) — a tensor of zeros`.
    public let doc: String
    private let body: (Arguments, Interpreter) throws -> Value

    public init(_ name: String, doc: String = "", _ body: @escaping (Arguments, Interpreter) throws -> Value) {
        self.name = name
        self.doc = doc
        signature = nil
        self.body = body
    }

    /// A builtin declared once: its arguments reach `body` bound to `signature`, read by label.
    public init(_ signature: Signature, _ body: @escaping (BoundArguments, Interpreter) throws -> Value) {
        name = signature.name
        doc = signature.documentation
        self.signature = signature
        self.body = { arguments, vm in try body(try BoundArguments(arguments, to: signature), vm) }
    }

    public func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        try body(arguments, interpreter)
    }
}
