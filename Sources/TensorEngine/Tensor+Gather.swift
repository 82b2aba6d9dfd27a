/// Indexing by tensors of indices: gather, scatter-add and index-select (embedding look-ups).
extension Tensor {
    /// Checks that every value of `index` is an integer in `0..<bound` and returns them as Ints.
    func indexValues(bound: Int, op: String) throws -> [Int] {
        var out = [Int](repeating: 0, count: count)
        try reading { p in
            for i in 0..<count {
                let v = p[i]
                guard v == v.rounded() else {
                    throw TensorError.value("\(op): index \(v) is not a whole number")
                }
                guard v >= 0, v < Float(bound) else {
                    throw TensorError.index("\(op): index \(Swift.abs(v) < 1e9 ? String(Int(v)) : "\(v)") is out of range 0..<\(bound)")
                }
                out[i] = Int(v)
            }
        }
        return out
    }

    /// Rows (or slices along `axis`) picked by an index tensor; the result has shape
    /// `shape[..<axis] + indices.shape + shape[(axis+1)...]`.
    public func indexSelect(axis: Int, indices: Tensor) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "indexSelect")
        let idx = try indices.indexValues(bound: shape[a], op: "indexSelect")
        let (outer, length, inner) = Tensor.extents(shape, axis: a)
        let outShape = Array(shape[..<a]) + indices.shape + Array(shape[(a + 1)...])
        let out = try Tensor.allocate(outShape, op: "indexSelect")
        reading(into: out) { x, o in
            for i in 0..<outer {
                for (n, k) in idx.enumerated() {
                    (o + (i * idx.count + n) * inner).update(from: x + (i * length + k) * inner, count: inner)
                }
            }
        }
        let source = shape
        return out.recording("indexSelect", [self]) { g in
            let dx = try Tensor.full(source, 0)
            g.reading(into: dx) { pg, pd in
                for i in 0..<outer {
                    for (n, k) in idx.enumerated() {
                        let d = pd + (i * length + k) * inner, s = pg + (i * idx.count + n) * inner
                        for j in 0..<inner { d[j] += s[j] }
                    }
                }
            }
            return [dx]
        }
    }

    /// For each position of `index`, the element at that index along `axis` (PyTorch's gather).
    ///
    /// `index` has this tensor's rank; outside `axis` its dimensions may not exceed this tensor's.
    public func gather(axis: Int, index: Tensor) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "gather")
        guard index.rank == rank, zip(index.shape, shape).enumerated().allSatisfy({ $0.offset == a || $0.element.0 <= $0.element.1 }) else {
            throw TensorError.shape("gather: index of shape \(describe(index.shape)) does not fit a source of shape \(describe(shape)) along axis \(axis)")
        }
        let idx = try index.indexValues(bound: shape[a], op: "gather")
        let positions = gatherPositions(axis: a, indexShape: index.shape, idx)
        let out = try Tensor.allocate(index.shape, op: "gather")
        reading(into: out) { x, o in for (i, p) in positions.enumerated() { o[i] = x[p] } }
        let source = shape
        return out.recording("gather", [self]) { g in
            let dx = try Tensor.full(source, 0)
            g.reading(into: dx) { pg, pd in for (i, p) in positions.enumerated() { pd[p] += pg[i] } }
            return [dx]
        }
    }

    /// Returns a copy of this tensor with `source` added at the positions `index` names along `axis`.
    public func scatterAdd(axis: Int, index: Tensor, source: Tensor) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "scatterAdd")
        guard index.shape == source.shape, index.rank == rank,
              zip(index.shape, shape).enumerated().allSatisfy({ $0.offset == a || $0.element.0 <= $0.element.1 }) else {
            throw TensorError.shape("scatterAdd: index \(describe(index.shape)) and source \(describe(source.shape)) must match each other and fit \(describe(shape)) along axis \(axis)")
        }
        // The sums below are float32 ones: another type adds through a float32 copy and converts back.
        if dtype != .float32 { return try to(.float32).scatterAdd(axis: axis, index: index, source: source).to(dtype) }
        let idx = try index.indexValues(bound: shape[a], op: "scatterAdd")
        let positions = gatherPositions(axis: a, indexShape: index.shape, idx)
        let out = try copy()
        source.reading(into: out) { s, o in for (i, p) in positions.enumerated() { o[p] += s[i] } }
        let indexShape = index.shape
        return out.recording("scatterAdd", [self, source]) { g in
            let ds = try Tensor.uninitialized(indexShape)
            g.reading(into: ds) { pg, d in for (i, p) in positions.enumerated() { d[i] = pg[p] } }
            return [g, ds]
        }
    }

    /// Flat positions in this tensor addressed by a gather/scatter index.
    private func gatherPositions(axis a: Int, indexShape: [Int], _ idx: [Int]) -> [Int] {
        let strides = Shape.strides(shape), istrides = Shape.strides(indexShape)
        var positions = [Int](repeating: 0, count: idx.count)
        for i in 0..<idx.count {
            var rem = i, p = 0
            for d in 0..<indexShape.count {
                let coord = rem / istrides[d]
                rem %= istrides[d]
                p += (d == a ? idx[i] : coord) * strides[d]
            }
            positions[i] = p
        }
        return positions
    }
}
