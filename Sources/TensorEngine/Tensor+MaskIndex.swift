/// Indexing by a bool mask, as PyTorch's `t[mask]` and `t[mask] = v`: the mask covers the leading
/// dimensions, and each true position picks the rest of the tensor there.
extension Tensor {
    /// The elements (or trailing sub-tensors) where `mask` is true, in row-major order:
    /// `[count of true, shape after the mask's dimensions…]`. Gradients flow back to the picked places.
    public func masked(by mask: Tensor) throws -> Tensor {
        let (rows, rest) = try maskLayout(mask, op: "mask index")
        let picked = try mask.reshape([rows]).nonzero().reshape([-1])
        return try reshape([rows] + rest).indexSelect(axis: 0, indices: picked)
    }

    /// This tensor with `value` put where `mask` is true: one value for every selected place (a scalar,
    /// or a tensor that broadcasts to the trailing shape), or one per place in order (`[count of true,
    /// trailing shape…]`, what `t[mask]` returns). Gradients flow to the places kept and to `value`.
    public func replacing(mask: Tensor, with value: Tensor) throws -> Tensor {
        let (rows, rest) = try maskLayout(mask, op: "mask assign")
        let flat = try mask.reshape([rows])
        let picked = try flat.to(.int64).sum().itemValue()
        var source = try value.to(dtype)
        if value.shape == [Int(picked)] + rest {
            guard picked > 0 else { return self }
            // Row r of the result takes value row (number of true positions before r): a gather.
            let order = try (flat.to(.int64).cumsum(axis: 0) - Tensor.number(1)).clamp(min: Tensor.number(0), max: nil)
            source = try source.indexSelect(axis: 0, indices: order.to(.int64))
        } else if try Shape.broadcast(value.shape, rest, op: "mask assign") != rest {
            throw TensorError.shape("mask assign: a value of shape \(describe(value.shape)) fits neither each selected place (shape \(describe(rest))) nor all \(Int(picked)) of them (shape \(describe([Int(picked)] + rest)))")
        }
        let keep = try mask.reshape([rows] + rest.map { _ in 1 })
        return try Tensor.where(keep, source, reshape([rows] + rest)).reshape(shape)
    }

    /// The count of positions the mask covers and the shape of what each picks; the mask must be bool
    /// and match this tensor's leading dimensions.
    private func maskLayout(_ mask: Tensor, op: String) throws -> (rows: Int, rest: [Int]) {
        guard mask.dtype == .bool else {
            throw TensorError(.type, "\(op): a mask must be a bool tensor (a comparison such as x > 0), not \(mask.dtype)")
        }
        guard mask.rank >= 1, mask.rank <= rank, Array(shape.prefix(mask.rank)) == mask.shape else {
            throw TensorError.shape("\(op): a mask of shape \(describe(mask.shape)) does not match the leading dimensions of a tensor of shape \(describe(shape))")
        }
        return (mask.count, Array(shape.dropFirst(mask.rank)))
    }
}
