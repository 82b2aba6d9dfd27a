/// Sorting along an axis: sort, argsort and topk. Values keep their dtype and positions are int64, as
/// in PyTorch.
extension Tensor {
    /// For each lane along axis `a`, the positions of its elements in sorted order.
    ///
    /// Values compare in their own type (float64 as Double, integers exactly as int64). NaN sorts above
    /// every number (PyTorch's order), and equal values keep their original order, so every sort is
    /// stable whether or not a caller asks.
    func sortedPositions(axis a: Int, descending: Bool) throws -> [Int] {
        switch dtype {
        case .float32: return sortedPositions(axis: a, descending: descending, as: Float.self) { $0.isNaN }
        case .float64: return sortedPositions(axis: a, descending: descending, as: Double.self) { $0.isNaN }
        case .float16, .bfloat16:
            // float32 holds both exactly, so the order is theirs.
            return computeValues.sortedPositions(axis: a, descending: descending, as: Float.self) { $0.isNaN }
        default:
            return try to(.int64).sortedPositions(axis: a, descending: descending, as: Int64.self) { _ in false }
        }
    }

    private func sortedPositions<T: TensorElement & Comparable>(axis a: Int, descending: Bool, as type: T.Type,
                                                                isNaN: (T) -> Bool) -> [Int] {
        let (outer, length, inner) = Tensor.extents(shape, axis: a)
        var out = [Int](repeating: 0, count: count)
        reading(as: T.self) { x in
            var lane = [Int](repeating: 0, count: length)
            for o in 0..<outer {
                for j in 0..<inner {
                    let base = o * length * inner + j
                    for k in 0..<length { lane[k] = k }
                    lane.sort { p, q in
                        let u = x[base + p * inner], v = x[base + q * inner]
                        let un = isNaN(u), vn = isNaN(v)
                        if un || vn {
                            if un == vn { return p < q }
                            return descending ? un : vn
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

    /// The values sorted along `axis` (in this tensor's dtype) and, for each, its index in the input
    /// (int64).
    ///
    /// Ties keep their input order (a stable sort; `stable` is accepted for PyTorch's signature). The
    /// gradient of the values flows back to the elements they came from.
    public func sort(axis: Int = -1, descending: Bool = false, stable: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        if rank == 0 { return (alias(), try Tensor(shape: [], elements: [Int64(0)], dtype: .int64)) }
        let a = try Shape.axis(axis, rank: rank, op: "sort")
        let positions = try sortedPositions(axis: a, descending: descending)
        let indices = try Tensor(shape: shape, elements: positions.map { Int64($0) }, dtype: .int64)
        return (try gathering(axis: a, indexShape: shape, positions), indices)
    }

    /// The indices (int64) that sort this tensor along `axis` (the second result of `sort`).
    public func argsort(axis: Int = -1, descending: Bool = false, stable: Bool = false) throws -> Tensor {
        if rank == 0 { return try Tensor(shape: [], elements: [Int64(0)], dtype: .int64) }
        let a = try Shape.axis(axis, rank: rank, op: "argsort")
        return try Tensor(shape: shape, elements: try sortedPositions(axis: a, descending: descending).map { Int64($0) }, dtype: .int64)
    }

    /// The `k` largest (or smallest) values along `axis` (in this tensor's dtype) and their indices (int64).
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
