import Script
import TensorEngine

/// A tensor as a value of the language: operators, indexing, members and display.
///
/// Tensors behave as values: `t[0] = 5` makes a new tensor and rebinds `t`, so another variable that
/// held the old tensor is unchanged. Parameters are the exception users expect: optimizers update them
/// in place.
final class TensorValue: ScriptObject {
    let tensor: Tensor
    init(_ tensor: Tensor) { self.tensor = tensor }

    var typeName: String { "Tensor" }
    var text: String { tensor.description }
    var formattedNumber: Double? { tensor.count == 1 ? try? tensor.itemValue() : nil }

    func binary(_ op: BinaryOp, _ other: Value, reversed: Bool) throws -> Value? {
        // `t == nil` and `t != nil` ask whether there is a tensor, as for any other value.
        if case .null = other, op == .equal || op == .notEqual { return nil }
        let b = try Convert.operand(other, with: tensor, "the other operand of \(op.rawValue)")
        let (x, y) = reversed ? (b, tensor) : (tensor, b)
        let r: Tensor
        switch op {
        case .add: r = try x + y
        case .subtract: r = try x - y
        case .multiply: r = try x * y
        case .divide: r = try x / y
        case .power:
            // A float32 base with a plain exponent takes the exact rule p·x^(p−1); other types keep every digit.
            if x.dtype == .float32 && y.count == 1 && !y.tracksGrad && y.rank == 0 { r = try x.pow(try y.item()) } else { r = try x.pow(y) }
        case .matmul: r = try x.matmul(y)
        case .equal: r = try x == y
        case .notEqual: r = try x != y
        case .less: r = try x < y
        case .lessEqual: r = try x <= y
        case .greater: r = try x > y
        case .greaterEqual: r = try x >= y
        case .remainder: r = try x.remainder(y)
        }
        return .object(TensorValue(r))
    }

    func unary(_ op: UnaryOp) throws -> Value? {
        switch op {
        case .negate: return .object(TensorValue(try -tensor))
        case .plus: return .object(self)
        case .not: return nil
        }
    }

    func subscriptGet(_ items: [IndexValue]) throws -> Value {
        if items.count == 1, case .value(let v) = items[0], case .object(let o as TensorValue) = v {
            // A bool mask picks where it is true; a tensor of indices picks rows, as an embedding look-up does.
            if o.tensor.dtype == .bool { return .object(TensorValue(try tensor.masked(by: o.tensor))) }
            return .object(TensorValue(try tensor.indexSelect(axis: 0, indices: o.tensor)))
        }
        return .object(TensorValue(try tensor[try Convert.indexSpecs(items)]))
    }

    func subscriptSet(_ items: [IndexValue], _ value: Value) throws -> Value? {
        let assigned = try Convert.operand(value, with: tensor, "the assigned value")
        if items.count == 1, case .value(.object(let o as TensorValue)) = items[0], o.tensor.dtype == .bool {
            return .object(TensorValue(try tensor.replacing(mask: o.tensor, with: assigned)))
        }
        return .object(TensorValue(try tensor.replacing(try Convert.indexSpecs(items), with: assigned)))
    }

    func elements() throws -> [Value] {
        guard tensor.rank > 0 else { throw ScriptError("TypeError", "a scalar tensor cannot be iterated") }
        try Interpreter.checkCollection(tensor.shape[0], "a tensor of shape \(tensor.shape) has \(tensor.shape[0]) rows, more than a list holds (\(Interpreter.maxCollection))")
        return try (0..<tensor.shape[0]).map { .object(TensorValue(try tensor[.at($0)])) }
    }

    func length() throws -> Int {
        guard tensor.rank > 0 else { throw ScriptError("TypeError", "a scalar tensor has no length") }
        return tensor.shape[0]
    }

    func setMember(_ name: String, _ value: Value) throws -> Bool {
        switch name {
        case "requiresGrad":
            let flag = try value.boolean("requiresGrad")
            // PyTorch's rule: a computed tensor's flag follows its inputs; turning it off would cut the graph silently.
            guard tensor.gradFn == nil || flag else {
                throw ScriptError("ValueError", "requiresGrad can only be changed on leaf tensors; this one was computed by '\(tensor.gradFn!.name)' (use detach())")
            }
            try Convert.setRequiresGrad(tensor, flag, "requiresGrad")
            return true
        case "grad":
            if case .null = value { tensor.grad = nil; return true }
            let grad = try Convert.tensor(value, "grad")
            guard grad.shape == tensor.shape else {
                throw ScriptError("ShapeError", "grad: a gradient of shape \(grad.shape) does not fit a tensor of shape \(tensor.shape)")
            }
            tensor.grad = grad
            return true
        default:
            return false
        }
    }

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        try TensorMembers.table.get(tensor, name)
    }

    func invoke(_ member: MemberSite, _ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
        try TensorMembers.table.invoke(tensor, member, arguments, interpreter)
    }

    var memberNames: [String] { TensorMembers.table.names }
}

extension TensorError: ScriptErrorConvertible {
    public var scriptError: ScriptError { ScriptError(kind.rawValue, message) }
}
