/// Shape changes: reshape, broadcast, transpose, permute, squeeze and unsqueeze.
extension Tensor {
    /// The same values under a new shape; one dimension may be -1 and is inferred.
    ///
    /// Storage is shared, which is safe because values never change in place without a copy.
    public func reshape(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        let unknown = target.indices.filter { target[$0] == -1 }
        guard unknown.count <= 1, !target.contains(where: { $0 < -1 }) else {
            throw TensorError.shape("reshape: invalid target shape \(describe(newShape)) (at most one -1, no other negatives)")
        }
        if let u = unknown.first {
            var rest = target
            rest.remove(at: u)
            let known = try Memory.count(rest, op: "reshape")
            guard known > 0, count % known == 0 else {
                throw TensorError.shape("reshape: cannot reshape \(describe(shape)) (\(count) elements) into \(describe(newShape))")
            }
            target[u] = count / known
        }
        guard try Memory.count(target, op: "reshape") == count else {
            throw TensorError.shape("reshape: cannot reshape \(describe(shape)) (\(count) elements) into \(describe(newShape)) (\(Shape.count(target)) elements)")
        }
        let source = shape
        return Tensor(storage: storage, shape: target).recording("reshape", [self]) { g in [try g.reshape(source)] }
    }

    /// A new tensor sharing this one's storage and passing gradients straight through: what a shape
    /// op returns when there is nothing to change, so the result never aliases the original object.
    func alias() -> Tensor {
        Tensor(storage: storage, shape: shape).recording("alias", [self]) { g in [g] }
    }

    /// `reshape` under PyTorch's other name.
    public func view(_ newShape: [Int]) throws -> Tensor { try reshape(newShape) }

    /// All elements in one dimension.
    public func flatten() -> Tensor { try! reshape([count]) }

    /// Collapses dimensions `startAxis` through the last into one (a batch of images into vectors).
    public func flatten(from startAxis: Int) throws -> Tensor {
        let a = try Shape.axis(startAxis, rank: rank, op: "flatten")
        return try reshape(Array(shape[..<a]) + [Shape.count(Array(shape[a...]))])
    }

    /// Splits dimension `axis` into `sizes` (PyTorch's `unflatten`); one size may be -1 and is inferred.
    public func unflatten(axis: Int, sizes: [Int]) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "unflatten")
        guard !sizes.isEmpty else { throw TensorError.shape("unflatten: sizes must name at least one dimension") }
        let unknown = sizes.filter { $0 == -1 }.count
        guard unknown <= 1, !sizes.contains(where: { $0 < -1 }) else {
            throw TensorError.shape("unflatten: invalid sizes \(describe(sizes)) (at most one -1, no other negatives)")
        }
        let known = try Memory.count(sizes.filter { $0 != -1 }, op: "unflatten")
        let fits = unknown == 1 ? known > 0 && shape[a] % known == 0 : known == shape[a]
        guard fits else {
            throw TensorError.shape("unflatten: sizes \(describe(sizes)) do not split dimension \(axis) of size \(shape[a]) (shape \(describe(shape)))")
        }
        let resolved = sizes.map { $0 == -1 ? shape[a] / known : $0 }
        return try reshape(Array(shape[..<a]) + resolved + Array(shape[(a + 1)...]))
    }

    /// Broadcasts to `target` by NumPy's rules, copying values; the gradient sums back.
    public func expand(to target: [Int]) throws -> Tensor {
        if target == shape { return alias() }
        guard try Shape.broadcast(shape, target, op: "expand") == target else {
            throw TensorError.shape("expand: cannot broadcast \(describe(shape)) to \(describe(target))")
        }
        let out = try gathered(offset: 0, strides: Shape.broadcastStrides(shape, to: target), shape: target, op: "expand")
        let source = shape
        return out.recording("expand", [self]) { g in [try g.sum(to: source)] }
    }

    /// Reorders dimensions: result dimension i is input dimension `order[i]`.
    public func permute(_ order: [Int]) throws -> Tensor {
        let resolved = try order.map { try Shape.axis($0, rank: rank, op: "permute") }
        guard resolved.count == rank, Set(resolved).count == rank else {
            throw TensorError.value("permute: \(order) is not a permutation of the \(rank) axes of \(describe(shape))")
        }
        if resolved == Array(0..<rank) { return alias() }
        let strides = Shape.strides(shape)
        let outShape = resolved.map { shape[$0] }
        let out = try gathered(offset: 0, strides: resolved.map { strides[$0] }, shape: outShape, op: "permute")
        var inverse = [Int](repeating: 0, count: rank)
        for (i, a) in resolved.enumerated() { inverse[a] = i }
        return out.recording("permute", [self]) { g in [try g.permute(inverse)] }
    }

    /// Swaps two dimensions (the last two by default: a matrix transpose).
    public func transpose(_ a: Int = -2, _ b: Int = -1) throws -> Tensor {
        // A vector or scalar is its own transpose, as in NumPy.
        if rank < 2 { return alias() }
        var order = Array(0..<rank)
        order.swapAt(try Shape.axis(a, rank: rank, op: "transpose"), try Shape.axis(b, rank: rank, op: "transpose"))
        return try permute(order)
    }

    /// The matrix transpose of a rank-2 tensor (`T` in NumPy).
    public var T: Tensor { get throws { try transpose() } }

    /// Removes dimensions of size 1 (only `axis` when given).
    public func squeeze(axis: Int? = nil) throws -> Tensor {
        if let axis {
            let a = try Shape.axis(axis, rank: rank, op: "squeeze")
            guard shape[a] == 1 else {
                throw TensorError.shape("squeeze: dimension \(axis) of \(describe(shape)) has size \(shape[a]), not 1")
            }
            var s = shape
            s.remove(at: a)
            return try reshape(s)
        }
        return try reshape(shape.filter { $0 != 1 })
    }

    /// Inserts a dimension of size 1 at `axis` (which may be `rank`, or negative).
    public func unsqueeze(axis: Int) throws -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        guard a >= 0, a <= rank else {
            throw TensorError.index("unsqueeze: axis \(axis) is out of range for a tensor of rank \(rank)")
        }
        var s = shape
        s.insert(1, at: a)
        return try reshape(s)
    }
}
