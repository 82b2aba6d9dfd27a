/// The dtype rules of convolution, pooling, padding and resampling: which type their kernels compute
/// in, and a gather that keeps any type for the ops that only move elements.
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
        let type = resultType(present), compute = type.computeType
        let converted = try operands.map { try $0?.operand(as: compute) }
        let result = try run(converted)
        return type.isFloatingPoint && type != compute ? try result.to(type) : result
    }

    /// `picking` in this tensor's own type, whatever it is: element `i` of the result is element
    /// `positions[i]` of this tensor, or `fill` where the position is negative. The gradient (of a
    /// floating-point input) adds each output's gradient back at its position.
    func gathering(_ positions: [Int], shape outShape: [Int], op: String, fill: Double = 0) throws -> Tensor {
        if dtype == .float32 { return try picking(positions, shape: outShape, op: op, fill: Float(fill)) }
        let out = try Tensor.allocate(outShape, dtype: dtype, op: op)
        dtype.visit(Pick(source: self, out: out, positions: positions, fill: fill))
        let source = shape
        return out.recording(op, [self], twice: false) { g in
            // float64 gradients add in Double; any other type in float32, which autograd then casts to
            // the input's type.
            let dx = try Tensor.constant(source, 0, dtype: g.dtype == .float64 ? .float64 : .float32)
            if dx.dtype == .float64 {
                g.reading(as: Double.self) { pg in
                    dx.writing(as: Double.self) { pd in
                        for (i, p) in positions.enumerated() where p >= 0 { pd[p] += pg[i] }
                    }
                }
            } else {
                g.reading(into: dx) { pg, pd in for (i, p) in positions.enumerated() where p >= 0 { pd[p] += pg[i] } }
            }
            return [dx]
        }
    }
}

/// The copy of `gathering`, in the visited element type.
private struct Pick: ElementVisitor {
    let source: Tensor, out: Tensor, positions: [Int], fill: Double
    func visit<T: TensorElement>(_ type: T.Type) {
        let filler = T(casting: fill)
        source.reading(as: T.self) { x in
            out.writing(as: T.self) { o in for (i, p) in positions.enumerated() { o[i] = p >= 0 ? x[p] : filler } }
        }
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
