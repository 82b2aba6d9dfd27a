import TensorEngine

/// What LayerNorm and RMSNorm share over the trailing dimensions they normalize: the argument
/// checks and their learnable elementwise tensors.
enum NormalizedShape {
    /// Throws a ValueError unless `shape` is non-empty with positive sizes and `eps` (where given) is
    /// positive, and a MemoryError when a tensor of `shape` could not be made, before any is allocated.
    static func check(_ shape: [Int], eps: Double?, layer: String) throws {
        guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else {
            throw TensorError(.value, "\(layer): the normalized shape must be non-empty with positive sizes, got \(shape)")
        }
        if let eps, !(eps > 0) { throw TensorError(.value, "\(layer): eps must be positive, got \(eps)") }
        try Tensor.zeros(shape).withUnsafeValues { _ in }
    }

    /// A learnable tensor of `shape` filled with `value`: ones for a scale, zeros for a shift.
    static func parameter(_ shape: [Int], filledWith value: Float) throws -> Tensor {
        let t = try Tensor.full(checked: shape, value)
        t.requiresGrad = true
        return t
    }
}
