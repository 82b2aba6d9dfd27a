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
    /// The signature and a one-paragraph description, e.g. `zeros(shape) — a tensor of zeros`.
    public let doc: String
    private let body: (Arguments, Interpreter) throws -> Value

    public init(_ name: String, doc: String = "", _ body: @escaping (Arguments, Interpreter) throws -> Value) {
        self.name = name
        self.doc = doc
        self.body = body
    }

    public func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        try body(arguments, interpreter)
    }
}
