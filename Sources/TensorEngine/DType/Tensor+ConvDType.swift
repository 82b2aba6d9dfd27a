/// The dtype rule of convolution, pooling and resampling: which type their kernels compute in.
extension Tensor {
    /// nil when every operand (nil: an absent one, such as a bias) is float32, or every one float64: the
    /// kernels run on them as they are. Otherwise the result of `run` on the operands converted to the
    /// type the kernels compute in (float64 when the operands' result type is float64, else float32, as
    /// PyTorch computes integers, bools and the 16-bit floats), rounded back to a 16-bit float result
    /// type. The conversions are recorded, so each gradient flows back in its operand's type.
    static func inKernelType(_ operands: [Tensor?], _ run: ([Tensor?]) throws -> Tensor) throws -> Tensor? {
        let present = operands.compactMap { $0 }
        guard let first = present.first?.dtype else { return nil }
        if (first == .float32 || first == .float64) && present.allSatisfy({ $0.dtype == first }) { return nil }
        // The kernels are generic over the two types, so one `run` serves both paths of the shared rule.
        return try inFloatingType(operands, float32: run, float64: run)
    }
}

extension Optional where Wrapped == Tensor {
    /// Runs `body` with the tensor's elements as `T` (its own type) for reading, or with nil when there
    /// is no tensor.
    @inline(__always) func reading<T: TensorElement, R>(as type: T.Type,
                                                         _ body: (UnsafePointer<T>?) throws -> R) rethrows -> R {
        guard let tensor = self else { return try body(nil) }
        return try tensor.reading(as: type) { try body($0) }
    }

    /// Runs `body` with the tensor's elements as `T` (its own type) for writing, or with nil when there
    /// is no tensor; the rule of `Tensor.writing` holds.
    @inline(__always) func writing<T: TensorElement, R>(as type: T.Type,
                                                         _ body: (UnsafeMutablePointer<T>?) throws -> R) rethrows -> R {
        guard let tensor = self else { return try body(nil) }
        return try tensor.writing(as: type) { try body($0) }
    }
}
