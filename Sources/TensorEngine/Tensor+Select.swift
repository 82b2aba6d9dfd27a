/// Clamping to tensor bounds and the positions of non-zero elements.
extension Tensor {
    /// Each element limited to `[low, high]` where the bounds are tensors that broadcast with it; either
    /// bound may be nil (no limit). The gradient flows to the element where it lies within its bounds
    /// (ends included) and to the bound that replaced it elsewhere.
    public func clamp(min low: Tensor?, max high: Tensor?) throws -> Tensor {
        var target = shape
        if let low { target = try Shape.broadcast(target, low.shape, op: "clamp") }
        if let high { target = try Shape.broadcast(target, high.shape, op: "clamp") }
        var out = target == shape ? self : try expand(to: target)
        if let low { out = try out.maximum(low) }
        if let high { out = try out.minimum(high) }
        return out
    }

    /// The multi-indices (int64) of the non-zero elements, one row each in row-major order: shape
    /// `[n, rank]`. Each element is tested in its own type (a float64 1e-50 is non-zero).
    public func nonzero() throws -> Tensor {
        let strides = Shape.strides(shape)
        var rows: [Int64] = [], found = 0
        for i in dtype.visit(NonzeroPositions(tensor: self)) {
            found += 1
            var rem = i
            for d in 0..<rank { rows.append(Int64(rem / strides[d])); rem %= strides[d] }
        }
        return try Tensor(shape: [found, rank], elements: rows, dtype: .int64)
    }
}

/// The flat positions of a tensor's non-zero elements (NaN counts as non-zero).
private struct NonzeroPositions: ElementVisitor {
    let tensor: Tensor
    func visit<T: TensorElement>(_ type: T.Type) -> [Int] {
        tensor.reading(as: T.self) { x in
            (0..<tensor.count).filter { T.dtype.isFloatingPoint ? x[$0].doubleValue != 0 : x[$0].int64Value != 0 }
        }
    }
}
