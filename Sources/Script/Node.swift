/// An executable node: the compiler turns the syntax tree into these, with every variable already
/// resolved to a frame slot or a global slot, so running does no name look-up.
class Node {
    let location: SourceLocation
    init(_ location: SourceLocation) { self.location = location }

    /// Evaluates the node; statements that have no value return `.null`.
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        fatalError("eval not implemented for \(type(of: self))")
    }
}

/// A node that can be assigned to: a variable, a field or an indexed element.
class AssignableNode: Node {
    func assign(_ value: Value, _ vm: Interpreter, _ frame: Frame) throws {
        fatalError("assign not implemented for \(type(of: self))")
    }
}

/// Non-local control flow in progress, checked by blocks and loops after each statement.
enum Flow {
    case normal, breaking, continuing, returning
}

/// A function as compiled once; each evaluation of its declaration makes a `UserFunction` that
/// captures the frame it was made in.
final class FunctionTemplate {
    let name: String
    let parameterNames: [String]
    /// Default values, evaluated in the new frame when the argument is missing.
    let defaults: [Node?]
    var frameSize = 0
    var body: Node!
    let location: SourceLocation

    init(name: String, parameterNames: [String], defaults: [Node?], location: SourceLocation) {
        self.name = name
        self.parameterNames = parameterNames
        self.defaults = defaults
        self.location = location
    }
}

/// A user-defined function or closure.
public final class UserFunction: Callable {
    let template: FunctionTemplate
    let captured: Frame?
    public var name: String { template.name }
    /// The parameter names, for help and completion.
    public var parameterNames: [String] { template.parameterNames }

    init(_ template: FunctionTemplate, captured: Frame?) {
        self.template = template
        self.captured = captured
    }

    public func call(_ arguments: Arguments, _ vm: Interpreter) throws -> Value {
        try invoke(arguments, vm, prepare: nil)
    }

    /// Binds the arguments in a new frame, lets `prepare` see the frame, then runs the body.
    func invoke(_ arguments: Arguments, _ vm: Interpreter, prepare: ((Frame) -> Void)?) throws -> Value {
        let t = template
        let frame = Frame(size: t.frameSize, parent: captured)
        prepare?(frame)
        let n = t.parameterNames.count
        guard arguments.positional.count <= n else {
            throw ScriptError("TypeError", "\(t.name) takes \(n) argument\(n == 1 ? "" : "s"), got \(arguments.positional.count)")
        }
        var given = [Bool](repeating: false, count: n)
        for (i, v) in arguments.positional.enumerated() {
            frame.slots[i] = v
            given[i] = true
        }
        for (label, v) in arguments.labelled {
            guard let i = t.parameterNames.firstIndex(of: label) else {
                throw ScriptError("TypeError", "\(t.name) has no parameter '\(label)' (parameters: \(t.parameterNames.joined(separator: ", ")))")
            }
            guard !given[i] else { throw ScriptError("TypeError", "\(t.name) got '\(label)' twice") }
            frame.slots[i] = v
            given[i] = true
        }
        for i in 0..<n where !given[i] {
            guard let d = t.defaults[i] else {
                throw ScriptError("TypeError", "\(t.name) is missing its argument '\(t.parameterNames[i])'")
            }
            frame.slots[i] = try d.eval(vm, frame)
        }
        return try vm.enterCall {
            let v = try t.body.eval(vm, frame)
            if vm.flow == .returning {
                vm.flow = .normal
                let r = vm.returnValue
                vm.returnValue = .null
                return r
            }
            return v
        }
    }
}
