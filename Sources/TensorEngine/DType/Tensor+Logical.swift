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

/// Elementwise logic on truth values (non-zero is true), as PyTorch's `logical_and`, `logical_or`,
/// `logical_xor` and `logical_not`: bool results, broadcasting, no gradient.
extension Tensor {
    public func logicalAnd(_ other: Tensor) throws -> Tensor { try logical(other, "logicalAnd") { try $0 * $1 > Tensor.number(0) } }
    public func logicalOr(_ other: Tensor) throws -> Tensor { try logical(other, "logicalOr") { try $0 + $1 > Tensor.number(0) } }
    public func logicalXor(_ other: Tensor) throws -> Tensor { try logical(other, "logicalXor") { try $0 != $1 } }

    /// True where the element is zero.
    public func logicalNot() throws -> Tensor { try (dtype == .bool ? detach().to(.int64) : detach()) == Tensor.number(0) }

    /// 0/1 as int64: counting truths handles every dtype the same way, NaN included (it is non-zero).
    private var truthCount: Tensor {
        get throws { try (dtype == .bool ? detach() : detach() != Tensor.number(0)).to(.int64) }
    }

    private func logical(_ other: Tensor, _ op: String, _ combine: (Tensor, Tensor) throws -> Tensor) throws -> Tensor {
        _ = try Shape.broadcast(shape, other.shape, op: op)  // so that a mismatch names this operation
        return try combine(try truthCount, try other.truthCount)
    }
}
