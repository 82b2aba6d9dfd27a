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

    /// The multi-indices of the non-zero elements, one row each in row-major order: shape `[n, rank]`.
    public func nonzero() throws -> Tensor {
        let strides = Shape.strides(shape)
        var rows: [Float] = [], found = 0
        reading { x in
            for i in 0..<count where x[i] != 0 {
                found += 1
                var rem = i
                for d in 0..<rank { rows.append(Float(rem / strides[d])); rem %= strides[d] }
            }
        }
        return try Tensor(shape: [found, rank], values: rows)
    }
}
