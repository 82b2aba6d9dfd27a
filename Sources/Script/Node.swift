/// An executable node: the compiler turns the syntax tree into these, with every variable already
/// resolved to a frame slot or a global slot, so running does no name look-up.
///
/// A protocol rather than a base class, so that a node kind without its own `eval` does not compile.
protocol Node: AnyObject {
    var location: SourceLocation { get }

    /// Evaluates the node; statements that have no value return `.null`.
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value
}

/// A node that can be assigned to: a variable, a field or an indexed element.
protocol AssignableNode: Node {
    func assign(_ value: Value, _ vm: Interpreter, _ frame: Frame) throws
    /// `self op= value` (see `Update.run`); `location` is the statement's, where an operator error is shown.
    func update(_ op: BinaryOp, _ value: Node, at location: SourceLocation, _ vm: Interpreter, _ frame: Frame) throws
}

/// Non-local control flow in progress, checked by blocks and loops after each statement.
enum Flow {
    case normal, breaking, continuing, returning
}

/// A function as compiled once; each evaluation of its declaration makes a `UserFunction` that
/// captures the boxes of the enclosing variables it uses.
final class FunctionTemplate {
    let name: String
    let parameterNames: [String]
    /// Default values, evaluated in the new frame when the argument is missing.
    let defaults: [Node?]
    var frameSize = 0
    var cellCount = 0
    /// Each parameter's cell, or -1 when no nested function captures it.
    var parameterCells: [Int] = []
    /// Where each captured variable comes from in the frame that makes the function.
    var captures: [CaptureSource] = []
    var body: Node!
    let location: SourceLocation
    /// The cell or file the function was written in: errors inside it are located there.
    let source: Source

    init(name: String, parameterNames: [String], defaults: [Node?], location: SourceLocation, source: Source) {
        self.name = name
        self.parameterNames = parameterNames
        self.defaults = defaults
        self.location = location
        self.source = source
    }
}

/// A user-defined function or closure.
public final class UserFunction: Callable {
    let template: FunctionTemplate
    let captures: [Box]
    public var name: String { template.name }
    /// The parameter names, for help and completion.
    public var parameterNames: [String] { template.parameterNames }

    init(_ template: FunctionTemplate, captures: [Box]) {
        self.template = template
        self.captures = captures
    }

    public func call(_ arguments: Arguments, _ vm: Interpreter) throws -> Value {
        try invoke(arguments, vm, prepare: nil)
    }

    /// Binds the arguments in a new frame, lets `prepare` see the frame, then runs the body.
    func invoke(_ arguments: Arguments, _ vm: Interpreter, prepare: ((Frame) -> Void)?) throws -> Value {
        let t = template
        // The body's errors are located in the source it was written in; the caller's source comes
        // back before the caller adds its call site to the trace.
        let callerSource = vm.source
        vm.source = t.source
        defer { vm.source = callerSource }
        let frame = Frame(size: t.frameSize, cells: t.cellCount, captures: captures, function: self)
        prepare?(frame)
        let n = t.parameterNames.count
        guard arguments.positional.count <= n else {
            throw ScriptError("TypeError", "\(t.name) takes \(n) argument\(n == 1 ? "" : "s"), got \(arguments.positional.count)")
        }
        for (i, v) in arguments.positional.enumerated() { bind(i, v, frame) }
        // Without labels the parameters after the positional arguments are the ones left out; only
        // labelled arguments need a record of which parameters they gave.
        var given: [Bool] = []
        if !arguments.labelled.isEmpty {
            given = .filled(false, count: n)
            for i in arguments.positional.indices { given[i] = true }
            for (label, v) in arguments.labelled {
                guard let i = t.parameterNames.firstIndex(of: label) else {
                    throw ScriptError("TypeError", "\(t.name) has no parameter '\(label)' (parameters: \(t.parameterNames.joined(separator: ", ")))")
                }
                guard !given[i] else { throw ScriptError("TypeError", "\(t.name) got '\(label)' twice") }
                bind(i, v, frame)
                given[i] = true
            }
        }
        for i in arguments.positional.count..<n where given.isEmpty || !given[i] {
            guard let d = t.defaults[i] else {
                throw ScriptError("TypeError", "\(t.name) is missing its argument '\(t.parameterNames[i])'")
            }
            bind(i, try naming { try d.eval(vm, frame) }, frame)
        }
        return try naming {
            try vm.enterCall {
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

    /// Runs some of this function's code, naming the function in the traceback of an error that
    /// happened there.
    @inline(__always) private func naming(_ code: () throws -> Value) throws -> Value {
        do {
            return try code()
        } catch var error as ScriptError where error.location != .unknown {
            error.leaving(template.name)
            throw error
        }
    }

    @inline(__always) private func bind(_ parameter: Int, _ value: Value, _ frame: Frame) {
        let cell = template.parameterCells[parameter]
        if cell < 0 { frame.slots[parameter] = value } else { frame.cells[cell].value = value }
    }
}
