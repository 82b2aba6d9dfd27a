/// Operators: arithmetic and comparison, unary, and short-circuit logic.
final class BinaryNode: Node {
    let location: SourceLocation
    let op: BinaryOp, left: Node, right: Node
    init(_ op: BinaryOp, _ left: Node, _ right: Node, _ location: SourceLocation) {
        self.op = op
        self.left = left
        self.right = right
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let a = try left.eval(vm, frame), b = try right.eval(vm, frame)
        // The number fast path keeps scalar loops free of the general dispatch.
        if case .number(let x) = a, case .number(let y) = b {
            switch op {
            case .add: return .number(x + y)
            case .subtract: return .number(x - y)
            case .multiply: return .number(x * y)
            case .less: return .bool(x < y)
            case .greater: return .bool(x > y)
            default: break
            }
        }
        do { return try Operators.binary(op, a, b) } catch { throw vm.locate(error, at: location) }
    }
}

final class UnaryNode: Node {
    let location: SourceLocation
    let op: UnaryOp, operand: Node
    init(_ op: UnaryOp, _ operand: Node, _ location: SourceLocation) {
        self.op = op
        self.operand = operand
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let v = try operand.eval(vm, frame)
        do { return try Operators.unary(op, v) } catch { throw vm.locate(error, at: location) }
    }
}

final class LogicalNode: Node {
    let location: SourceLocation
    let op: LogicalOp, left: Node, right: Node
    init(_ op: LogicalOp, _ left: Node, _ right: Node, _ location: SourceLocation) {
        self.op = op
        self.left = left
        self.right = right
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let a = try condition(left, vm, frame)
        if op == .and ? !a : a { return .bool(a) }
        return .bool(try condition(right, vm, frame))
    }

    /// Evaluates a condition operand, which must be a bool.
    private func condition(_ node: Node, _ vm: Interpreter, _ frame: Frame) throws -> Bool {
        let v = try node.eval(vm, frame)
        guard let b = v.isTruthy else {
            throw ScriptError("TypeError", "'\(op.rawValue)' needs bools, not a \(v.typeName)", at: node.location, in: vm.source)
        }
        return b
    }
}
