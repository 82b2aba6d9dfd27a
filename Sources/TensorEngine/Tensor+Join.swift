/// Joining and splitting along an axis: concat, stack, split and chunk.
extension Tensor {
    /// Joins tensors along an existing axis; all other dimensions must agree.
    public static func concat(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.value("concat: needs at least one tensor") }
        let a = try Shape.axis(axis, rank: first.rank, op: "concat")
        for (i, t) in tensors.enumerated() {
            var s1 = t.shape, s0 = first.shape
            guard s1.count == s0.count else {
                throw TensorError.shape("concat: tensor \(i) has shape \(describe(t.shape)), rank \(t.rank), but tensor 0 has rank \(first.rank)")
            }
            s1[a] = 0; s0[a] = 0
            guard s1 == s0 else {
                throw TensorError.shape("concat: tensor \(i) has shape \(describe(t.shape)), which differs from \(describe(first.shape)) outside axis \(axis)")
            }
        }
        var outShape = first.shape
        outShape[a] = tensors.reduce(0) { $0 + $1.shape[a] }
        // The pieces join in the type they combine in (PyTorch's `cat` promotes too).
        let type = resultType(tensors)
        let parts = try tensors.map { try $0.operand(as: type) }
        let out = try Tensor.allocate(outShape, dtype: type, op: "concat")
        let (outer, total, inner) = extents(outShape, axis: a)
        let size = type.itemSize
        var offset = 0
        for t in parts {
            let len = t.shape[a] * inner
            t.storage.readingBytes { src in
                out.storage.writingBytes { dst in
                    for i in 0..<outer {
                        (dst + (i * total * inner + offset) * size).copyMemory(from: src + i * len * size, byteCount: len * size)
                    }
                }
            }
            offset += len
        }
        let sizes = tensors.map { $0.shape[a] }
        return out.recording("concat", parts) { g in try g.split(sizes: sizes, axis: a) }
    }

    /// Joins same-shaped tensors along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.value("stack: needs at least one tensor") }
        for (i, t) in tensors.enumerated() where t.shape != first.shape {
            throw TensorError.shape("stack: tensor \(i) has shape \(describe(t.shape)) but tensor 0 has \(describe(first.shape))")
        }
        return try concat(tensors.map { try $0.unsqueeze(axis: axis) }, axis: axis)
    }

    /// Splits along `axis` into pieces of the given sizes, which must add up to the axis length.
    public func split(sizes: [Int], axis: Int = 0) throws -> [Tensor] {
        let a = try Shape.axis(axis, rank: rank, op: "split")
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[a] else {
            throw TensorError.value("split: sizes \(sizes) do not add up to \(shape[a]), the length of axis \(axis) of \(describe(shape))")
        }
        var start = 0
        return try sizes.map { size in
            defer { start += size }
            return try slice(axis: a, start: start, end: start + size)
        }
    }

    /// Splits along `axis` into pieces of `size` (the last may be shorter).
    public func split(size: Int, axis: Int = 0) throws -> [Tensor] {
        guard size > 0 else { throw TensorError.value("split: piece size must be positive (got \(size))") }
        let a = try Shape.axis(axis, rank: rank, op: "split")
        let n = shape[a]
        let sizes = stride(from: 0, to: n, by: size).map { Swift.min(size, n - $0) }
        return try split(sizes: sizes, axis: a)
    }

    /// Splits along `axis` into `chunks` nearly equal pieces.
    public func chunk(_ chunks: Int, axis: Int = 0) throws -> [Tensor] {
        guard chunks > 0 else { throw TensorError.value("chunk: the number of chunks must be positive (got \(chunks))") }
        let n = shape[try Shape.axis(axis, rank: rank, op: "chunk")]
        return try split(size: Swift.max(1, (n + chunks - 1) / chunks), axis: axis)
    }

    /// The contiguous range `start..<end` of one axis.
    func slice(axis: Int, start: Int, end: Int) throws -> Tensor {
        var specs = [IndexSpec](repeating: .all, count: axis)
        specs.append(.range(start, end, 1))
        return try self[specs]
    }
}
