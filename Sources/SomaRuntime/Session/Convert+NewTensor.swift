import Script
import TensorEngine

/// The tensor `tensor(data, dtype:)` makes: numbers read exactly into the type asked for.
extension Convert {
    /// A new tensor from a number, a bool, nested lists or ranges, in `dtype`, or inferred.
    ///
    /// Without a dtype, bools (all of them) give a bool tensor as in PyTorch, and numbers float32. That
    /// is a deliberate difference: PyTorch infers int64 from `[0, 1]`, but the language has one number
    /// type, so `tensor([[0, 1], [1, 0]])` stays the float32 input a layer expects.
    ///
    /// Every number is converted once from the Double the language holds: float64 keeps all its digits
    /// and int64 is exact up to 2^53. A number an integer type cannot hold (NaN, or 300 as int8) is a
    /// ValueError naming the element, where PyTorch's cast would wrap it silently.
    static func newTensor(_ value: Value, _ what: String, dtype: DType?) throws -> Tensor {
        let n: NestedNumbers
        switch value {
        case .number(let x): n = NestedNumbers(shape: [], values: [x], allBool: false)
        case .bool(let b): n = NestedNumbers(shape: [], values: [b ? 1 : 0], allBool: true)
        case .list, .range: n = try nestedNumbers(value, what)
        default: throw ScriptError("TypeError", "\(what) must be a tensor, a number, a bool or a list of numbers, not a \(value.typeName)")
        }
        let type = dtype ?? (n.allBool && !n.values.isEmpty ? .bool : .float32)
        if let bad = n.values.firstIndex(where: { !type.holds($0) }) {
            let number = Value.number(n.values[bad]).text
            let element = n.shape.isEmpty ? number : "the element at " + position(bad, in: n.shape).map { "[\($0)]" }.joined() + ", \(number),"
            throw ScriptError("ValueError", "\(what): \(element) cannot be converted to \(type) without overflow")
        }
        return try Tensor(shape: n.shape, elements: n.values, dtype: type)
    }

    /// The index along each axis of the element at row-major offset `offset`.
    static func position(_ offset: Int, in shape: [Int]) -> [Int] {
        var rest = offset
        return shape.reversed().map { size in
            defer { rest /= max(size, 1) }
            return rest % max(size, 1)
        }.reversed()
    }
}

extension Convert {
    /// Sets `requiresGrad` on a new tensor, or a TypeError naming `op` when it is asked of a tensor whose
    /// type holds no fractions (PyTorch's rule: gradients exist only for floating-point tensors).
    static func setRequiresGrad(_ t: Tensor, _ flag: Bool, _ op: String) throws {
        guard !flag || t.dtype.isFloatingPoint else {
            throw ScriptError("TypeError", "\(op): only floating-point tensors can require gradients, not \(t.dtype)")
        }
        t.requiresGrad = flag
    }
}

extension Convert {
    /// The other operand of an operator on `tensor`: a number or bool becomes a scalar of the type PyTorch
    /// gives a Python scalar (`DType.promoted(withNumber:)`: the tensor's own type, float32 for a
    /// fraction meeting an integer tensor, int64 for a whole number meeting a bool tensor), so
    /// `x + 0.1` on a float64 tensor adds 0.1 with all its digits; anything else as `tensor(_:_:)`.
    static func operand(_ value: Value, with tensor: Tensor, _ what: @autoclosure () -> String) throws -> Tensor {
        switch value {
        case .number(let n):
            let type = tensor.dtype.promoted(withNumber: n)
            // The common case (a float32 tensor in a training loop) without a Double buffer.
            if type == .float32 { return Tensor(Float(n)) }
            return try Tensor(shape: [], elements: [n], dtype: type)
        case .bool(let b):
            return try Tensor(shape: [], elements: [b], dtype: tensor.dtype)
        default:
            return try Convert.tensor(value, what())
        }
    }
}
