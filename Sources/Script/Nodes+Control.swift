/// Blocks, conditionals, loops and jumps.
final class BlockNode: Node {
    let location: SourceLocation
    let statements: [Node]
    init(_ statements: [Node], _ location: SourceLocation) {
        self.statements = statements
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        var last: Value = .null
        for s in statements {
            last = try s.eval(vm, frame)
            if vm.flow != .normal { return .null }
            if case .object(let made as ErrorValue) = last, made.error.location == .unknown, s !== statements.last {
                throw BlockNode.dropped(made, at: s.location, vm)
            }
        }
        return last
    }

    /// The error for a new error value a statement made and dropped: `error(kind, message)` once raised
    /// the error itself, and code written so would otherwise go on silently.
    static func dropped(_ made: ErrorValue, at location: SourceLocation, _ vm: Interpreter) -> ScriptError {
        ScriptError("TypeError", "this makes the error value \(Value.quote(made.error.description)) and drops it: "
                    + "write throw error(kind, message) to raise it", at: location, in: vm.source)
    }
}

/// Evaluates a condition, which must be a bool (or nil, which is false).
@inline(__always) func test(_ node: Node, _ vm: Interpreter, _ frame: Frame, _ what: String) throws -> Bool {
    let v = try node.eval(vm, frame)
    if case .bool(let b) = v { return b }
    if let b = v.isTruthy { return b }
    throw ScriptError("TypeError", "\(what) must be a bool, not a \(v.typeName); compare explicitly (e.g. x > 0)", at: node.location, in: vm.source)
}

final class ConditionalNode: Node {
    let location: SourceLocation
    let condition: Node, then: Node, otherwise: Node?
    init(_ condition: Node, _ then: Node, _ otherwise: Node?, _ location: SourceLocation) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        if try test(condition, vm, frame, "an if condition") { return try then.eval(vm, frame) }
        return try otherwise?.eval(vm, frame) ?? .null
    }
}

final class WhileNode: Node {
    let location: SourceLocation
    let condition: Node, body: Node
    init(_ condition: Node, _ body: Node, _ location: SourceLocation) {
        self.condition = condition
        self.body = body
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        while try test(condition, vm, frame, "a while condition") {
            try vm.checkInterrupt(at: location)
            _ = try body.eval(vm, frame)
            switch vm.flow {
            case .normal: continue
            case .continuing: vm.flow = .normal
            case .breaking: vm.flow = .normal; return .null
            case .returning: return .null
            }
        }
        return .null
    }
}

final class ForNode: Node {
    let location: SourceLocation
    let target: PatternTarget, iterable: Node, body: Node
    init(_ target: PatternTarget, _ iterable: Node, _ body: Node, _ location: SourceLocation) {
        self.target = target
        self.iterable = iterable
        self.body = body
        self.location = location
    }

    /// Binds the loop variables (anew each iteration, so closures keep their iteration's value) and runs
    /// the body once; returns false when the loop must stop.
    @inline(__always) private func step(_ item: Value, _ vm: Interpreter, _ frame: Frame) throws -> Bool {
        try vm.checkInterrupt(at: location)
        try target.bind(item, vm, frame)
        _ = try body.eval(vm, frame)
        switch vm.flow {
        case .normal: return true
        case .continuing: vm.flow = .normal; return true
        case .breaking: vm.flow = .normal; return false
        case .returning: return false
        }
    }

    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let source = try iterable.eval(vm, frame)
        try forEachItem(of: source, pairs: target.unpacks, vm, at: iterable.location) { item in try step(item, vm, frame) }
        return .null
    }
}

final class ReturnNode: Node {
    let location: SourceLocation
    let value: Node?
    init(_ value: Node?, _ location: SourceLocation) {
        self.value = value
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        vm.returnValue = try value?.eval(vm, frame) ?? .null
        vm.flow = .returning
        return .null
    }
}

final class JumpNode: Node {
    let location: SourceLocation
    let flow: Flow
    init(_ flow: Flow, _ location: SourceLocation) {
        self.flow = flow
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        vm.flow = flow
        return .null
    }
}

/// Makes a function value, capturing the boxes of the variables it uses (a `fn` declaration or a closure).
final class FunctionNode: Node {
    let location: SourceLocation
    let template: FunctionTemplate
    init(_ template: FunctionTemplate, _ location: SourceLocation) {
        self.template = template
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        .function(UserFunction(template, captures: template.captures.map { $0.box(in: frame) }))
    }
}

/// Makes a layer type, capturing what its constructor and methods use.
final class LayerNode: Node {
    let location: SourceLocation
    let shape: LayerShape
    init(_ shape: LayerShape, _ location: SourceLocation) {
        self.shape = shape
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        .function(LayerType(shape, captures: shape.constructor.captures.map { $0.box(in: frame) }))
    }
}
