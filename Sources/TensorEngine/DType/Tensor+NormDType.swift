/// The dtype rule of the fused normalization, attention and recurrent ops: their float32 kernels stay
/// as they are, float64 runs a path in Double, and every other type computes in float32.
extension Tensor {
    /// The floating type an op over `operands` (nil ones left out) computes and returns in: their
    /// promoted type (`resultType`), float32 when that is an integer or bool type.
    static func floatingType(_ operands: [Tensor?]) -> DType {
        let type = resultType(operands.compactMap { $0 })
        return type.isFloatingPoint ? type : .float32
    }

    /// Runs a fused op in its operands' floating type (`floatingType`), each operand converted to it
    /// (recorded, so a gradient flows back in the operand's own type).
    ///
    /// `float32` is the op's float32 kernel and `float64` its Double path; float16 and bfloat16 compute
    /// in float32 and the result is rounded back, as PyTorch does on the CPU. All-float32 operands go
    /// straight to `float32`, unconverted.
    static func inFloatingType(_ operands: [Tensor?], float32: ([Tensor?]) throws -> Tensor,
                               float64: ([Tensor?]) throws -> Tensor) throws -> Tensor {
        if operands.allSatisfy({ $0 == nil || $0!.dtype == .float32 }) { return try float32(operands) }
        let type = floatingType(operands)
        switch type {
        case .float64:
            return try float64(operands.map { try $0?.operand(as: .float64) })
        case .float32:
            return try float32(operands.map { try $0?.operand(as: .float32) })
        default:
            return try float32(operands.map { try $0?.operand(as: .float32) }).to(type)
        }
    }
}

extension Float {
    /// The Double this Float was written as: its shortest decimal form read as a Double (0.2 for the
    /// Float nearest 0.2, not 0.20000000298…), for a hyperparameter kept as a Float that a float64
    /// computation needs exactly as the user wrote it.
    public var decimalDouble: Double { Double(description) ?? Double(self) }
}

extension Tensor {
    /// `self · v` with `v` exact in a float64 computation, forward and backward (float32 multiplies by
    /// `Float(v)`); the gradient is `g · v`. One elementwise pass, where `self * Tensor.number(v)`
    /// would broadcast a second operand and keep both for its rule.
    public func multiplied(by v: Double) throws -> Tensor {
        let v32 = Float(v)
        return try unary("mul", { $0 * v32 }, { $0 * v }) { _, _, g in try g.multiplied(by: v) }
    }
}
