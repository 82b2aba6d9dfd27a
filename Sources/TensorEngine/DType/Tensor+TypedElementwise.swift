/// Elementwise kernels for every dtype: the float32 loops stay as they were, float64 runs the same
/// loops in Double, integer types run integer loops, and the 16-bit float types compute in float32
/// and round the result back (as PyTorch does on the CPU).
extension Tensor {
    /// `a op b` with broadcasting in the operands' result type (`resultType`), recording nothing.
    ///
    /// `integer` is the op on integer and bool operands; without it (true division, `pow`), integer
    /// operands compute in float32, as PyTorch's `/` of two int64 tensors gives float32.
    @inline(__always) static func arithmetic(_ a: Tensor, _ b: Tensor, op: String,
                                             _ f32: (Float, Float) -> Float, _ f64: (Double, Double) -> Double,
                                             integer: IntegerArithmetic? = nil) throws -> Tensor {
        let type = resultType(a, b)
        if type == .float32 { return try zipValues(a, b, op: op, f32) }
        if !type.isFloatingPoint, integer == nil { return try zipValues(a, b, op: op, f32) }
        let x = try a.operand(as: type), y = try b.operand(as: type)
        let shape = try Shape.broadcast(a.shape, b.shape, op: op)
        switch type {
        case .float64:
            let out = try Tensor.allocate(shape, dtype: .float64, op: op)
            Kernels.zip(x, y, out, as: Double.self, f64)
            return out
        case .float16, .bfloat16:
            return try zipValues(x, y, op: op, f32).to(type)
        default:
            let out = try Tensor.allocate(shape, dtype: type, op: op)
            try integer!.apply(x, y, out)
            return out
        }
    }

    /// `f(x)` elementwise in this tensor's compute type (float64 for float64, float32 otherwise; the
    /// 16-bit float types round back), recording nothing.
    @inline(__always) func floatingMap(_ op: String, cost: Int = 1, _ f32: (Float) -> Float,
                                       _ f64: (Double) -> Double) throws -> Tensor {
        switch dtype {
        case .float64:
            let out = try Tensor.uninitialized(shape, dtype: .float64, op: op)
            reading(as: Double.self) { x in out.writing(as: Double.self) { o in Kernels.map(x, o, count, cost: cost, f64) } }
            return out
        case .float16, .bfloat16:
            return try detach().to(.float32).floatingMap(op, cost: cost, f32, f64).to(dtype)
        default:
            let out = try Tensor.uninitialized(shape, op: op)
            reading(into: out) { x, o in Kernels.map(x, o, count, cost: cost, f32) }
            return out
        }
    }

    /// A comparison with broadcasting in the operands' result type, giving a bool tensor.
    @inline(__always) static func compare(_ a: Tensor, _ b: Tensor, op: String,
                                          _ f32: (Float, Float) -> Bool, _ f64: (Double, Double) -> Bool,
                                          _ i64: (Int64, Int64) -> Bool) throws -> Tensor {
        let type = resultType(a, b)
        let shape = try Shape.broadcast(a.shape, b.shape, op: op)
        let out = try Tensor.allocate(shape, dtype: .bool, op: op)
        switch type {
        case .float64:
            Kernels.zip(try a.operand(as: type), try b.operand(as: type), out, as: Double.self, f64)
        case .int64, .int32, .int16, .int8, .uint8, .bool:
            // Every integer type compares exactly as int64.
            Kernels.zip(try a.operand(as: .int64), try b.operand(as: .int64), out, as: Int64.self, i64)
        default:
            // float32, and the 16-bit types, which float32 holds exactly.
            let x = try a.operand(as: .float32), y = try b.operand(as: .float32)
            Kernels.zip(x, y, out, as: Float.self, f32)
        }
        return out
    }
}

/// An integer op of `Tensor.arithmetic`: wrapping add, subtract and multiply as PyTorch's integer
/// tensors do, floor division and remainder (a ValueError on division by zero instead of a trap),
/// and the elementwise maximum and minimum. On bools, add and maximum are "or", multiply and minimum
/// "and"; subtracting bools is a TypeError, as in PyTorch.
enum IntegerArithmetic {
    case add, subtract, multiply, floorDivide, remainder, maximum, minimum

    /// Fills `out` (of the operands' integer or bool type) with `a op b`.
    func apply(_ a: Tensor, _ b: Tensor, _ out: Tensor) throws {
        switch out.dtype {
        case .int64: try run(Int64.self, a, b, out)
        case .int32: try run(Int32.self, a, b, out)
        case .int16: try run(Int16.self, a, b, out)
        case .int8: try run(Int8.self, a, b, out)
        case .uint8: try run(UInt8.self, a, b, out)
        case .bool: try runBool(a, b, out)
        default: preconditionFailure("integer arithmetic on \(out.dtype)")
        }
    }

    private func run<T: FixedWidthInteger & TensorElement>(_ type: T.Type, _ a: Tensor, _ b: Tensor, _ out: Tensor) throws {
        switch self {
        case .add: Kernels.zip(a, b, out, as: T.self) { $0 &+ $1 }
        case .subtract: Kernels.zip(a, b, out, as: T.self) { $0 &- $1 }
        case .multiply: Kernels.zip(a, b, out, as: T.self) { $0 &* $1 }
        case .maximum: Kernels.zip(a, b, out, as: T.self) { Swift.max($0, $1) }
        case .minimum: Kernels.zip(a, b, out, as: T.self) { Swift.min($0, $1) }
        case .floorDivide, .remainder:
            if b.reading(as: T.self, { p in (0..<b.count).contains { p[$0] == 0 } }) {
                throw TensorError.value("\(self == .floorDivide ? "floorDivide" : "remainder"): integer division by zero")
            }
            if self == .floorDivide {
                Kernels.zip(a, b, out, as: T.self) { x, y in
                    let (q, overflow) = x.dividedReportingOverflow(by: y)
                    // Truncation rounds toward zero; floor moves a negative inexact quotient down one.
                    return !overflow && (x % y != 0) && ((x < 0) != (y < 0)) ? q &- 1 : q
                }
            } else {
                Kernels.zip(a, b, out, as: T.self) { x, y in
                    let (r, _) = x.remainderReportingOverflow(dividingBy: y)
                    // The remainder takes the divisor's sign, as Python's and PyTorch's `%`.
                    return r != 0 && ((r < 0) != (y < 0)) ? r &+ y : r
                }
            }
        }
    }

    private func runBool(_ a: Tensor, _ b: Tensor, _ out: Tensor) throws {
        switch self {
        case .add, .maximum: Kernels.zip(a, b, out, as: Bool.self) { $0 || $1 }
        case .multiply, .minimum: Kernels.zip(a, b, out, as: Bool.self) { $0 && $1 }
        case .subtract:
            throw TensorError(.type, "sub: subtracting two bool tensors is not supported; use != or convert with long()")
        case .floorDivide, .remainder:
            throw TensorError(.type, "\(self == .floorDivide ? "floorDivide" : "remainder"): not defined for two bool tensors; convert with long()")
        }
    }
}
