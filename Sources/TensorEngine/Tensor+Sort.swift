/// Sorting along an axis: sort, argsort and topk, with the positions as Float indices (as argmax gives).
extension Tensor {
    /// For each lane along axis `a`, the positions of its elements in sorted order.
    ///
    /// NaN sorts above every number (PyTorch's order), and equal values keep their original order, so
    /// every sort is stable whether or not a caller asks.
    func sortedPositions(axis a: Int, descending: Bool) -> [Int] {
        let (outer, length, inner) = Tensor.extents(shape, axis: a)
        var out = [Int](repeating: 0, count: count)
        reading { x in
            var lane = [Int](repeating: 0, count: length)
            for o in 0..<outer {
                for j in 0..<inner {
                    let base = o * length * inner + j
                    for k in 0..<length { lane[k] = k }
                    lane.sort { p, q in
                        let u = x[base + p * inner], v = x[base + q * inner]
                        if u.isNaN || v.isNaN {
                            if u.isNaN == v.isNaN { return p < q }
                            return descending ? u.isNaN : v.isNaN
                        }
                        if u == v { return p < q }
                        return descending ? u > v : u < v
                    }
                    for k in 0..<length { out[base + k * inner] = lane[k] }
                }
            }
        }
        return out
    }

    /// The values sorted along `axis` and, for each, its index in the input.
    ///
    /// Ties keep their input order (a stable sort; `stable` is accepted for PyTorch's signature). The
    /// gradient of the values flows back to the elements they came from.
    public func sort(axis: Int = -1, descending: Bool = false, stable: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        if rank == 0 { return (alias(), try Tensor(shape: [], values: [0])) }
        let a = try Shape.axis(axis, rank: rank, op: "sort")
        let positions = sortedPositions(axis: a, descending: descending)
        let indices = try Tensor(shape: shape, values: positions.map { Float($0) })
        return (try gather(axis: a, index: indices), indices)
    }

    /// The indices that sort this tensor along `axis` (the second result of `sort`).
    public func argsort(axis: Int = -1, descending: Bool = false, stable: Bool = false) throws -> Tensor {
        if rank == 0 { return try Tensor(shape: [], values: [0]) }
        let a = try Shape.axis(axis, rank: rank, op: "argsort")
        return try Tensor(shape: shape, values: sortedPositions(axis: a, descending: descending).map { Float($0) })
    }

    /// The `k` largest (or smallest) values along `axis` and their indices.
    ///
    /// The result is always sorted, largest first for `largest`; PyTorch leaves the order unspecified with
    /// `sorted: false`, so sorted is one valid answer. Ties pick the earlier element first.
    public func topk(_ k: Int, axis: Int = -1, largest: Bool = true, sorted: Bool = true) throws -> (values: Tensor, indices: Tensor) {
        // A scalar is a one-element lane (PyTorch's rule): its top 1 is itself, its top 0 empty.
        if rank == 0 {
            let r = try reshape([1]).topk(k, axis: 0, largest: largest)
            return k == 1 ? (try r.values.reshape([]), try r.indices.reshape([])) : r
        }
        let a = try Shape.axis(axis, rank: rank, op: "topk")
        guard k >= 0, k <= shape[a] else {
            throw TensorError.value("topk: k = \(k) is out of range for a size of \(shape[a]) along axis \(axis)")
        }
        let indices = try argsort(axis: a, descending: largest).slice(axis: a, start: 0, end: k).copy()
        return (try gather(axis: a, index: indices), indices)
    }
}
