/// Indexing by tensors of indices: gather, scatter-add and index-select (embedding look-ups).
extension Tensor {
    /// Checks that every value of `index` is an integer in `0..<bound` and returns them as Ints.
    ///
    /// Integer tensors are read exactly (an int64 index beyond 2^24 is not rounded through float32);
    /// float tensors must hold whole numbers, as Soma's float labels do; a bool tensor is a TypeError.
    func indexValues(bound: Int, op: String) throws -> [Int] {
        switch dtype {
        case .float32:
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
        case .bool:
            throw TensorError(.type, "\(op): indices must be integers, got a bool tensor (convert a mask with nonzero())")
        case _ where dtype.isInteger:
            return try elements(as: Int64.self, op: op).map { v in
                guard v >= 0, v < Int64(bound) else { throw TensorError.index("\(op): index \(v) is out of range 0..<\(bound)") }
                return Int(v)
            }
        default:
            return try elements(as: Double.self, op: op).map { v in
                guard v == v.rounded() else { throw TensorError.value("\(op): index \(v) is not a whole number") }
                guard v >= 0, v < Double(bound) else {
                    throw TensorError.index("\(op): index \(Swift.abs(v) < 1e15 ? String(Int64(v)) : "\(v)") is out of range 0..<\(bound)")
                }
                return Int(v)
            }
        }
    }

    /// Rows (or slices along `axis`) picked by an index tensor; the result has shape
    /// `shape[..<axis] + indices.shape + shape[(axis+1)...]` and this tensor's dtype.
    ///
    /// The indices may be of any integer type or whole numbers in a float tensor.
    public func indexSelect(axis: Int, indices: Tensor) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "indexSelect")
        let idx = try indices.indexValues(bound: shape[a], op: "indexSelect")
        let (outer, length, inner) = Tensor.extents(shape, axis: a)
        let outShape = Array(shape[..<a]) + indices.shape + Array(shape[(a + 1)...])
        var starts: [Int] = []
        starts.reserveCapacity(outer * idx.count)
        for i in 0..<outer { for k in idx { starts.append((i * length + k) * inner) } }
        let out = try pickedBlocks(starts, block: inner, shape: outShape, op: "indexSelect")
        let source = shape
        return out.recording("indexSelect", [self]) { g in
            // Element by element while creating a graph: `scatterAdded` records its gradient.
            if Autograd.isCreatingGraph {
                return [try g.scatterAdded(into: source, at: Tensor.blockPositions(starts, block: inner))]
            }
            return [try g.scatterAddedBlocks(into: source, at: starts, block: inner)]
        }
    }

    /// For each position of `index`, the element at that index along `axis` (PyTorch's gather), in
    /// this tensor's dtype.
    ///
    /// `index` has this tensor's rank; outside `axis` its dimensions may not exceed this tensor's.
    public func gather(axis: Int, index: Tensor) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "gather")
        guard index.rank == rank, zip(index.shape, shape).enumerated().allSatisfy({ $0.offset == a || $0.element.0 <= $0.element.1 }) else {
            throw TensorError.shape("gather: index of shape \(describe(index.shape)) does not fit a source of shape \(describe(shape)) along axis \(axis)")
        }
        let idx = try index.indexValues(bound: shape[a], op: "gather")
        return try gathering(axis: a, indexShape: index.shape, idx)
    }

    /// `gather` with the indices already checked (sort and topk, which compute them).
    func gathering(axis a: Int, indexShape: [Int], _ idx: [Int]) throws -> Tensor {
        let positions = gatherPositions(axis: a, indexShape: indexShape, idx)
        let out = try picked(positions, shape: indexShape, op: "gather")
        let source = shape
        return out.recording("gather", [self]) { g in [try g.scatterAdded(into: source, at: positions)] }
    }

    /// Returns a copy of this tensor with `source` added at the positions `index` names along `axis`.
    public func scatterAdd(axis: Int, index: Tensor, source: Tensor) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "scatterAdd")
        guard index.shape == source.shape, index.rank == rank,
              zip(index.shape, shape).enumerated().allSatisfy({ $0.offset == a || $0.element.0 <= $0.element.1 }) else {
            throw TensorError.shape("scatterAdd: index \(describe(index.shape)) and source \(describe(source.shape)) must match each other and fit \(describe(shape)) along axis \(axis)")
        }
        let idx = try index.indexValues(bound: shape[a], op: "scatterAdd")
        let positions = gatherPositions(axis: a, indexShape: index.shape, idx)
        // In this tensor's dtype, as PyTorch's scatter_add: integers add exactly in int64 (wrapping),
        // the 16-bit floats in float32, and the sums round back to the dtype.
        let work: DType = dtype == .float64 ? .float64 : dtype.isFloatingPoint ? .float32 : .int64
        let sum = work == dtype ? try copy() : try detach().to(work)
        let values = try source.detach().to(work)
        switch work {
        case .float64:
            values.reading(as: Double.self) { s in sum.writing(as: Double.self) { o in for (i, p) in positions.enumerated() { o[p] += s[i] } } }
        case .int64:
            values.reading(as: Int64.self) { s in sum.writing(as: Int64.self) { o in for (i, p) in positions.enumerated() { o[p] &+= s[i] } } }
        default:
            values.reading(into: sum) { s, o in for (i, p) in positions.enumerated() { o[p] += s[i] } }
        }
        let out = work == dtype ? sum : try sum.to(dtype)
        let indexShape = index.shape
        return out.recording("scatterAdd", [self, source]) { g in
            [g, try g.picking(positions, shape: indexShape, op: "scatterAdd")]
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
