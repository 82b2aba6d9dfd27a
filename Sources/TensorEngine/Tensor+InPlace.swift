/// In-place updates for optimizers and initializers; each copies storage that another tensor shares first.
extension Tensor {
    /// Gives this tensor storage no other tensor holds, so a write cannot reach a reshape, a detached copy
    /// or a value saved for a backward pass; the copy is a MemoryError when it does not fit.
    ///
    /// Every in-place update calls this first; it writes float32 values, so a tensor of another type is
    /// a TypeError here rather than float32 bytes written into storage of another type.
    func makeUnique() throws {
        guard dtype == .float32 else {
            throw TensorError(.type, "in-place updates (initializers, optimizer steps) need a float32 tensor, not \(dtype); convert it with to(float32) first")
        }
        if !isKnownUniquelyReferenced(&storage) {
            let copy = try TensorStorage(uninitializedCount: count, shape: shape, op: "copy")
            storage.reading { x in copy.writing { $0.update(from: x, count: count) } }
            storage = copy
        }
    }

    /// Runs `body` on this tensor's own elements for writing; the buffer is valid only inside `body`.
    ///
    /// Storage another tensor shares is copied first (a MemoryError when the copy does not fit).
    public func withUnsafeMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) throws -> R {
        try makeUnique()
        return try writing { try body(UnsafeMutableBufferPointer(start: $0, count: count)) }
    }

    /// Runs `body` on the elements for reading; the buffer is valid only inside `body`.
    public func withUnsafeValues<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try reading { try body(UnsafeBufferPointer(start: $0, count: count)) }
    }

    /// Replaces every value with those of `other`, which must have the same number of elements.
    public func assign(_ other: Tensor) throws {
        guard other.count == count else {
            throw TensorError.shape("assign: cannot copy \(describe(other.shape)) into \(describe(shape))")
        }
        try makeUnique()
        other.reading { q in writing { $0.update(from: q, count: count) } }
    }

    /// `self += alpha * other` for a tensor of the same shape.
    public func addInPlace(_ other: Tensor, alpha: Float = 1) throws {
        guard other.shape == shape else {
            throw TensorError.shape("addInPlace: shapes \(describe(shape)) and \(describe(other.shape)) differ")
        }
        try makeUnique()
        other.reading { q in
            writing { p in Parallel.forRange(count) { s, e in for i in s..<e { p[i] += alpha * q[i] } } }
        }
    }

    /// Multiplies every value by `factor`.
    public func scaleInPlace(_ factor: Float) throws {
        try makeUnique()
        writing { p in Parallel.forRange(count) { s, e in for i in s..<e { p[i] *= factor } } }
    }

    /// Sets every value to `value`.
    public func fill(_ value: Float) throws {
        try makeUnique()
        writing { $0.update(repeating: value, count: count) }
    }
}
