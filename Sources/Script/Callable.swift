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

/// A function implemented by the host, declared once: its arguments reach the body bound to its
/// signature, and `help`, completion and the reference read the same signature.
public final class NativeFunction: Callable {
    public let signature: Signature
    private let body: (BoundArguments, Interpreter) throws -> Value

    public init(_ signature: Signature, _ body: @escaping (BoundArguments, Interpreter) throws -> Value) {
        self.signature = signature
        self.body = body
    }

    public var name: String { signature.name }

    /// The call form and the one-line summary, e.g. `zeros(shape, requiresGrad: false) — a tensor of zeros.`
    public var doc: String { signature.documentation }

    public func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        try body(try BoundArguments(arguments, to: signature), interpreter)
    }
}
