/// Compound assignment: `target op= value`, and `x = x + value` for a variable.
final class UpdateNode: Node {
    let location: SourceLocation
    let target: AssignableNode, op: BinaryOp, value: Node
    init(_ target: AssignableNode, _ op: BinaryOp, _ value: Node, _ location: SourceLocation) {
        self.target = target
        self.op = op
        self.value = value
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        try target.update(op, value, at: location, vm, frame)
        return .null
    }
}

/// The steps of a compound assignment, given how to reach its target once the target's own parts (the
/// object of a field or an item, the index) are evaluated.
enum Update {
    /// Reads the target, evaluates `value`, and stores `target op value`.
    ///
    /// A string or list joined onto with `+` grows in place (`Operators.join`): `release` first drops
    /// the target's hold on its value (it stores nil there, best effort), so that the value read is the
    /// only holder of its buffer and appending to it copies nothing. The target is written again
    /// straight after, and on an error before the join nothing was released.
    @inline(__always)
    static func run(_ op: BinaryOp, _ value: Node, at location: SourceLocation, _ vm: Interpreter, _ frame: Frame,
                    read: () throws -> Value, release: () -> Void, store: (Value) throws -> Void) throws {
        var a = try read()
        let b = try value.eval(vm, frame)
        if case .number(let x) = a, case .number(let y) = b {
            switch op {
            case .add: return try store(.number(x + y))
            case .subtract: return try store(.number(x - y))
            case .multiply: return try store(.number(x * y))
            default: break
            }
        }
        do {
            if Operators.joinsInPlace(op, a, b) {
                try Operators.join(&a, b, release: release)
            } else {
                a = try Operators.binary(op, a, b)
            }
        } catch { throw vm.locate(error, at: location) }
        try store(a)
    }
}

extension AssignableNode {
    /// `self op= value` on a target that cannot give up its value for a join in place: evaluated as
    /// `self = self op value`.
    func update(_ op: BinaryOp, _ value: Node, at location: SourceLocation, _ vm: Interpreter, _ frame: Frame) throws {
        try Update.run(op, value, at: location, vm, frame, read: { try eval(vm, frame) }, release: {},
                       store: { try assign($0, vm, frame) })
    }
}

/// A variable (local, captured or global): its slot can hold nil for a moment, so `x op= value` lets go
/// of the value before a join and the join appends in place.
protocol VariableNode: AssignableNode {}

extension VariableNode {
    func update(_ op: BinaryOp, _ value: Node, at location: SourceLocation, _ vm: Interpreter, _ frame: Frame) throws {
        try Update.run(op, value, at: location, vm, frame, read: { try eval(vm, frame) },
                       release: { try? assign(.null, vm, frame) }, store: { try assign($0, vm, frame) })
    }
}

extension LocalNode: VariableNode {}
extension UpvalueNode: VariableNode {}
extension GlobalNode: VariableNode {}

extension MemberNode {
    func update(_ op: BinaryOp, _ value: Node, at location: SourceLocation, _ vm: Interpreter, _ frame: Frame) throws {
        let base = try object.eval(vm, frame)
        try Update.run(op, value, at: location, vm, frame, read: { try read(base, vm) },
                       release: { if case .instance(let i) = base { i.releaseField(name) } },
                       store: { try write($0, into: base, vm) })
    }
}

extension IndexNode {
    func update(_ op: BinaryOp, _ value: Node, at location: SourceLocation, _ vm: Interpreter, _ frame: Frame) throws {
        let base = try object.eval(vm, frame)
        let items: [IndexValue]
        do { items = try evaluateItems(vm, frame) } catch { throw vm.locate(error, at: self.location) }
        try Update.run(op, value, at: location, vm, frame,
                       read: { do { return try Subscripts.get(base, items, vm) } catch { throw vm.locate(error, at: self.location) } },
                       release: { Subscripts.release(base, items) },
                       store: { try write($0, into: base, items, vm, frame) })
    }
}
