/// Ops that move elements without changing them: flip, roll, repeatInterleave, diag, tril and triu.
extension Tensor {
    /// A tensor of `shape` and this tensor's dtype whose element i is this tensor's element
    /// `positions[i]` (flat), or `fill` where the position is negative; the gradient adds each result
    /// element back to the position it came from.
    ///
    /// Every rearranging op below is a list of positions, so they share one kernel and one gradient rule.
    /// The rule, `scatterAdded`, records itself (with this as its gradient), so it differentiates again.
    func picking(_ positions: [Int], shape outShape: [Int], op: String, fill: Double = 0) throws -> Tensor {
        let out = try picked(positions, shape: outShape, op: op, fill: fill)
        let source = shape
        return out.recording(op, [self]) { g in [try g.scatterAdded(into: source, at: positions)] }
    }

    /// `picking` with a float32 fill (exact in Double), for callers that hold their fill as Float.
    @_disfavoredOverload
    func picking(_ positions: [Int], shape outShape: [Int], op: String, fill: Float) throws -> Tensor {
        try picking(positions, shape: outShape, op: op, fill: Double(fill))
    }

    /// Calls `body` with each multi-index of `shape` in row-major order and its flat position.
    static func forEachIndex(_ shape: [Int], _ body: ([Int], Int) -> Void) {
        let n = Shape.count(shape)
        guard n > 0 else { return }
        var index = [Int](repeating: 0, count: shape.count)
        for flat in 0..<n {
            body(index, flat)
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
    }

    /// The elements in reverse order along each of `axes`.
    public func flip(_ axes: [Int]) throws -> Tensor {
        let resolved = try self.axes(axes, op: "flip")
        let strides = Shape.strides(shape)
        var positions = [Int](repeating: 0, count: count)
        Tensor.forEachIndex(shape) { index, flat in
            var p = 0
            for d in 0..<rank { p += (resolved.contains(d) ? shape[d] - 1 - index[d] : index[d]) * strides[d] }
            positions[flat] = p
        }
        return try picking(positions, shape: shape, op: "flip")
    }

    /// The elements shifted by `shifts[i]` places along `axes[i]`, wrapping around (PyTorch's roll).
    ///
    /// With no axes the tensor is rolled as if flattened and keeps its shape; then `shifts` has one value.
    public func roll(_ shifts: [Int], axes: [Int] = []) throws -> Tensor {
        if axes.isEmpty {
            guard shifts.count == 1 else {
                throw TensorError.value("roll: without axes, give one shift (got \(shifts.count))")
            }
            return try reshape([count]).roll(shifts, axes: [0]).reshape(shape)
        }
        guard shifts.count == axes.count else {
            throw TensorError.value("roll: \(shifts.count) shifts for \(axes.count) axes; give one shift per axis")
        }
        var shift = [Int](repeating: 0, count: rank)
        for (s, axis) in zip(shifts, axes) {
            let a = try Shape.axis(axis, rank: rank, op: "roll")
            // Reduced first, so that adding shifts of any size cannot overflow.
            if shape[a] > 0 { shift[a] = (shift[a] + s % shape[a]) % shape[a] }
        }
        let strides = Shape.strides(shape)
        var positions = [Int](repeating: 0, count: count)
        Tensor.forEachIndex(shape) { index, flat in
            var p = 0
            for d in 0..<rank {
                let n = shape[d]
                p += (((index[d] - shift[d]) % n + n) % n) * strides[d]
            }
            positions[flat] = p
        }
        return try picking(positions, shape: shape, op: "roll")
    }

    /// Each slice along `axis` repeated `repeats[i]` times in place (PyTorch's repeat_interleave).
    ///
    /// `repeats` has one count for all slices or one per slice; with `axis` nil the tensor is flattened first.
    public func repeatInterleave(_ repeats: [Int], axis: Int? = nil) throws -> Tensor {
        guard let axis else { return try reshape([count]).repeatInterleave(repeats, axis: 0) }
        let a = try Shape.axis(axis, rank: rank, op: "repeatInterleave")
        let n = shape[a]
        guard repeats.count == 1 || repeats.count == n else {
            throw TensorError.shape("repeatInterleave: \(repeats.count) repeats for \(n) slices along axis \(axis); give one count or \(n)")
        }
        if let bad = repeats.first(where: { $0 < 0 }) {
            throw TensorError.value("repeatInterleave: repeat counts must not be negative (got \(bad))")
        }
        let counts = repeats.count == 1 ? Array(repeating: repeats[0], count: n) : repeats
        var total = 0
        for c in counts {
            let (t, overflow) = total.addingReportingOverflow(c)
            total = overflow ? Int.max : t
        }
        var outShape = shape
        outShape[a] = total
        _ = try Memory.count(outShape, op: "repeatInterleave")
        var sources: [Int] = []
        for (k, c) in counts.enumerated() { sources += Array(repeating: k, count: c) }
        let (outer, _, inner) = Tensor.extents(shape, axis: a)
        var positions = [Int](repeating: 0, count: Shape.count(outShape))
        var i = 0
        for o in 0..<outer {
            for k in sources {
                for j in 0..<inner { positions[i] = (o * n + k) * inner + j; i += 1 }
            }
        }
        return try picking(positions, shape: outShape, op: "repeatInterleave")
    }

    /// The lower triangle of the last two dimensions: elements with `column - row <= diagonal` are kept,
    /// the others are 0.
    public func tril(diagonal: Int = 0) throws -> Tensor { try triangle(diagonal, lower: true, op: "tril") }

    /// The upper triangle of the last two dimensions: elements with `column - row >= diagonal` are kept,
    /// the others are 0.
    public func triu(diagonal: Int = 0) throws -> Tensor { try triangle(diagonal, lower: false, op: "triu") }

    private func triangle(_ k: Int, lower: Bool, op: String) throws -> Tensor {
        guard rank >= 2 else {
            throw TensorError.shape("\(op): needs a matrix or a batch of matrices, got shape \(describe(shape))")
        }
        let rows = shape[rank - 2], cols = shape[rank - 1]
        var positions = [Int](repeating: 0, count: count)
        for i in 0..<count {
            let c = i % cols, r = (i / cols) % Swift.max(rows, 1)
            positions[i] = (lower ? c - r <= k : c - r >= k) ? i : -1
        }
        return try picking(positions, shape: shape, op: op)
    }

    /// A vector's values on diagonal `offset` of a square matrix, or a matrix's diagonal `offset` as a
    /// vector (positive offsets above the main diagonal, negative below).
    public func diag(offset k: Int = 0) throws -> Tensor {
        switch rank {
        case 1:
            guard k.magnitude < UInt(Tensor.maxElements) else {
                throw TensorError(.memory, "diag: offset \(k) would make a matrix too large")
            }
            let n = shape[0] + Swift.abs(k)
            _ = try Memory.count([n, n], op: "diag")
            var positions = [Int](repeating: -1, count: n * n)
            for i in 0..<shape[0] {
                let r = k >= 0 ? i : i - k, c = k >= 0 ? i + k : i
                positions[r * n + c] = i
            }
            return try picking(positions, shape: [n, n], op: "diag")
        case 2:
            let rows = shape[0], cols = shape[1]
            // Clamped so that no offset, however large, can overflow the arithmetic below.
            let k = Swift.max(-rows, Swift.min(k, cols))
            let start = k >= 0 ? (0, k) : (-k, 0)
            let length = Swift.max(0, Swift.min(rows - start.0, cols - start.1))
            let positions = (0..<length).map { (start.0 + $0) * cols + start.1 + $0 }
            return try picking(positions, shape: [length], op: "diag")
        default:
            throw TensorError.shape("diag: needs a vector or a matrix, got shape \(describe(shape))")
        }
    }
}
