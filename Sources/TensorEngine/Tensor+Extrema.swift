/// Maximum, minimum and their positions, along an axis or over all elements.
extension Tensor {
    /// The index along `axis` of the extreme value in each lane (first on ties), and the values (of
    /// this tensor's type).
    func extreme(axis: Int, greater: Bool) throws -> (values: Tensor, indices: [Int]) {
        switch dtype {
        case .float32: return try extreme(axis: axis, greater: greater, as: Float.self) { $0.isNaN }
        case .float64: return try extreme(axis: axis, greater: greater, as: Double.self) { $0.isNaN }
        case .float16, .bfloat16:
            let (values, indices) = try to(.float32).extreme(axis: axis, greater: greater)
            return (try values.to(dtype), indices)
        default:
            // Every integer type and bool order as their int64 values.
            let (values, indices) = try to(.int64).extreme(axis: axis, greater: greater, as: Int64.self) { _ in false }
            return (try values.to(dtype), indices)
        }
    }

    private func extreme<T: TensorElement & Comparable>(axis: Int, greater: Bool, as type: T.Type,
                                                        isNaN: (T) -> Bool) throws -> (values: Tensor, indices: [Int]) {
        var kept = shape
        kept[axis] = 1
        let (outer, length, inner) = Tensor.extents(shape, axis: axis)
        let values = try Tensor.uninitialized(kept, dtype: T.dtype)
        var indices = [Int](repeating: 0, count: outer * inner)
        reading(as: T.self) { x in
            values.writing(as: T.self) { v in
                indices.withUnsafeMutableBufferPointer { idx in
                    for i in 0..<outer {
                        for j in 0..<inner {
                            var best = x[i * length * inner + j], at = 0
                            for k in 1..<Swift.max(length, 1) {
                                let c = x[(i * length + k) * inner + j]
                                // NaN wins, as in NumPy, so it is never hidden by a comparison.
                                if (greater ? c > best : c < best) || (isNaN(c) && !isNaN(best)) { best = c; at = k }
                            }
                            v[i * inner + j] = best
                            idx[i * inner + j] = at
                        }
                    }
                }
            }
        }
        return (values, indices)
    }

    private func extremum(axis: Int, keepDims: Bool, greater: Bool, op: String) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: op)
        guard rank > 0, shape[a] > 0 else { throw TensorError.value("\(op): cannot reduce an empty axis of \(describe(shape))") }
        let (values, indices) = try extreme(axis: a, greater: greater)
        let outShape = reducedShape([a], keepDims: keepDims)
        let shape = self.shape
        let (_, length, inner) = Tensor.extents(shape, axis: a)
        let kept = values.shape
        return Tensor(storage: values.storage, shape: outShape).recording(op, [self]) { g in
            // Every other position gets 0: the lane's gradient goes to the chosen element.
            var positions = [Int](repeating: 0, count: indices.count)
            for (lane, k) in indices.enumerated() {
                let i = lane / inner, j = lane % inner
                positions[lane] = (i * length + k) * inner + j
            }
            if Autograd.isCreatingGraph {
                // The same through a constant one-hot mask, which records a product.
                let chosen = try Tensor.full([positions.count], 1).scatterAdded(into: shape, at: positions)
                return [try g.reshape(kept) * chosen]
            }
            return [try g.scatterAdded(into: shape, at: positions)]
        }
    }

    /// The maximum along `axis`; the gradient flows to the first maximal element.
    public func max(axis: Int, keepDims: Bool = false) throws -> Tensor {
        try extremum(axis: axis, keepDims: keepDims, greater: true, op: "max")
    }

    /// The minimum along `axis`; the gradient flows to the first minimal element.
    public func min(axis: Int, keepDims: Bool = false) throws -> Tensor {
        try extremum(axis: axis, keepDims: keepDims, greater: false, op: "min")
    }

    /// The maximum of all elements; tied maxima share the gradient evenly, as in PyTorch's `max()`.
    public func max() throws -> Tensor { try reshape([count]).amax(axes: [0]) }
    /// The minimum of all elements; tied minima share the gradient evenly.
    public func min() throws -> Tensor { try reshape([count]).amin(axes: [0]) }

    /// The maximum over `axes`, with no indices; tied maxima share the gradient evenly (PyTorch's `amax`).
    public func amax(axes: [Int], keepDims: Bool = false) throws -> Tensor {
        try extremum(axes: axes, keepDims: keepDims, greater: true, op: "amax")
    }

    /// The minimum over `axes`, with no indices; tied minima share the gradient evenly (PyTorch's `amin`).
    public func amin(axes: [Int], keepDims: Bool = false) throws -> Tensor {
        try extremum(axes: axes, keepDims: keepDims, greater: false, op: "amin")
    }

    private func extremum(axes: [Int], keepDims: Bool, greater: Bool, op: String) throws -> Tensor {
        let resolved = try self.axes(axes, op: op)
        for a in resolved where shape[a] == 0 {
            throw TensorError.value("\(op): cannot reduce an empty axis of \(describe(shape))")
        }
        var kept = detach()
        for a in resolved { kept = try kept.extreme(axis: a, greater: greater).values }
        let xs = saved(), keptShape = kept.shape, resolvedAxes = resolved
        let result = Tensor(storage: kept.storage, shape: reducedShape(resolved, keepDims: keepDims))
        return result.recording(op, [self]) { g in
            // NaN counts as equal to NaN, so a NaN extreme (which wins) receives the gradient.
            let x = xs.tensor
            let mask = try Tensor.zipValues(x, kept, op: op, { $0 == $1 || ($0.isNaN && $1.isNaN) ? 1 : 0 },
                                            { $0 == $1 || ($0.isNaN && $1.isNaN) ? 1 : 0 })
            let ties = try mask.sum(axes: resolvedAxes, keepDims: true)
            return [try g.reshape(keptShape) * (mask / ties)]
        }
    }

    private func position(axis: Int?, keepDims: Bool, greater: Bool, op: String) throws -> Tensor {
        guard count > 0 else { throw TensorError.value("\(op): the tensor is empty") }
        guard let axis else { return try reshape([count]).position(axis: 0, keepDims: false, greater: greater, op: op) }
        let a = try Shape.axis(axis, rank: rank, op: op)
        let (_, indices) = try extreme(axis: a, greater: greater)
        return try Tensor(shape: reducedShape([a], keepDims: keepDims), elements: indices.map { Int64($0) }, dtype: .int64)
    }

    /// The index (int64) of the maximum along `axis`, or in the flattened tensor when `axis` is nil.
    public func argmax(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try position(axis: axis, keepDims: keepDims, greater: true, op: "argmax")
    }

    /// The index (int64) of the minimum along `axis`, or in the flattened tensor when `axis` is nil.
    public func argmin(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try position(axis: axis, keepDims: keepDims, greater: false, op: "argmin")
    }
}
