/// Whether all or any elements are true (non-zero), as PyTorch's `all` and `any`: bool results.
extension Tensor {
    /// True where every element over `axes` (all of them when empty) is non-zero; an empty reduction is true.
    public func all(axes: [Int] = [], keepDims: Bool = false) throws -> Tensor {
        try truthReduction(axes: axes, keepDims: keepDims, every: true)
    }

    /// True where some element over `axes` (all of them when empty) is non-zero; an empty reduction is false.
    public func any(axes: [Int] = [], keepDims: Bool = false) throws -> Tensor {
        try truthReduction(axes: axes, keepDims: keepDims, every: false)
    }

    private func truthReduction(axes: [Int], keepDims: Bool, every: Bool) throws -> Tensor {
        let op = every ? "all" : "any"
        let resolved = axes.isEmpty ? Array(0..<rank) : try self.axes(axes, op: op)
        let truth = try (dtype == .bool ? detach() : detach() != Tensor.number(0)).to(.int64)
        let shape = reducedShape(resolved, keepDims: keepDims)
        // Counting the true elements handles empty axes too: all of none is true, any of none false.
        let counts = try truth.sum(axes: resolved, keepDims: keepDims)
        let n = resolved.reduce(1) { $0 * self.shape[$1] }
        let result = every ? try counts == Tensor.number(Double(n)) : try counts > Tensor.number(0)
        return try result.reshape(shape)
    }
}
