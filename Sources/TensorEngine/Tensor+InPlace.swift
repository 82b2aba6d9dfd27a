/// In-place updates for optimizers and initializers; each copies storage that another tensor shares first.
///
/// float32 and float64 update in their own precision; float16 and bfloat16 compute in float32 and round
/// back; integer and bool tensors take `assign` and `fill` (converted by the casts of `TensorElement`)
/// but refuse the arithmetic updates with a TypeError, whose fractional factors they cannot hold.
extension Tensor {
    /// Gives this tensor storage no other tensor holds, so a write cannot reach a reshape, a detached copy
    /// or a value saved for a backward pass; the copy is a MemoryError when it does not fit.
    func makeUnique() throws {
        if storage.isView || !isKnownUniquelyReferenced(&storage) {
            let copy = try TensorStorage(uninitializedCount: count, dtype: dtype, shape: shape, op: "copy")
            Tensor.convert(storage, into: copy)
            storage = copy
        }
    }

    /// Runs `body` on this tensor's own float32 elements for writing; the buffer is valid only inside `body`.
    ///
    /// Storage another tensor shares is copied first (a MemoryError when the copy does not fit). A tensor
    /// of another dtype is a TypeError: its elements are not Floats, and writing a converted copy would
    /// lose the writes.
    public func withUnsafeMutableValues<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) throws -> R {
        guard dtype == .float32 else {
            throw TensorError(.type, "in-place updates (initializers, optimizer steps) need a float32 tensor, not \(dtype); convert it with to(float32) first")
        }
        try makeUnique()
        return try writing { try body(UnsafeMutableBufferPointer(start: $0, count: count)) }
    }

    /// Runs `body` on the elements for reading; the buffer is valid only inside `body`.
    ///
    /// A tensor of another dtype is read through a float32 copy.
    public func withUnsafeValues<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try reading { try body(UnsafeBufferPointer(start: $0, count: count)) }
    }

    /// Replaces every value with those of `other`, which must have the same number of elements; values
    /// of another dtype are converted to this tensor's (PyTorch's `copy_`).
    public func assign(_ other: Tensor) throws {
        guard other.count == count else {
            throw TensorError.shape("assign: cannot copy \(describe(other.shape)) into \(describe(shape))")
        }
        try makeUnique()
        Tensor.convert(other.storage, into: storage)
    }

    /// `self += alpha * other` for a tensor of the same shape (`other` converted to this tensor's dtype).
    public func addInPlace(_ other: Tensor, alpha: Float = 1) throws {
        guard other.shape == shape else {
            throw TensorError.shape("addInPlace: shapes \(describe(shape)) and \(describe(other.shape)) differ")
        }
        try updateInPlace("addInPlace", other) { p, q, n in
            Parallel.forRange(n) { s, e in for i in s..<e { p[i] += alpha * q![i] } }
        } _: { p, q, n in
            let a = Double(alpha)
            Parallel.forRange(n) { s, e in for i in s..<e { p[i] += a * q![i] } }
        }
    }

    /// Multiplies every value by `factor`.
    public func scaleInPlace(_ factor: Float) throws {
        try updateInPlace("scaleInPlace", nil) { p, _, n in
            Parallel.forRange(n) { s, e in for i in s..<e { p[i] *= factor } }
        } _: { p, _, n in
            let f = Double(factor)
            Parallel.forRange(n) { s, e in for i in s..<e { p[i] *= f } }
        }
    }

    /// Sets every value to `value` (converted to this tensor's dtype).
    public func fill(_ value: Float) throws {
        if dtype == .float32 {
            try makeUnique()
            writing { $0.update(repeating: value, count: count) }
        } else {
            // New storage: nothing else can see it, so no copy of the old one is needed.
            storage = try Tensor.constant(shape, Double(value), dtype: dtype).storage
        }
    }

    /// Runs an arithmetic update on this tensor's own elements, with `other` (when given) in the same
    /// dtype: `f32` on float32, `f64` on float64, `f32` on a float32 copy rounded back for the 16-bit
    /// float types; a TypeError naming `op` for integer and bool tensors.
    private func updateInPlace(_ op: String, _ other: Tensor?,
                               _ f32: (UnsafeMutablePointer<Float>, UnsafePointer<Float>?, Int) -> Void,
                               _ f64: (UnsafeMutablePointer<Double>, UnsafePointer<Double>?, Int) -> Void) throws {
        switch dtype {
        case .float32:
            try makeUnique()
            let n = count
            other.reading { q in writing { p in f32(p, q, n) } }
        case .float64:
            try makeUnique()
            let n = count
            let q = try other.map { try $0.dtype == .float64 ? $0 : $0.detach().to(.float64) }
            if let q {
                q.reading(as: Double.self) { qp in writing(as: Double.self) { p in f64(p, qp, n) } }
            } else {
                writing(as: Double.self) { p in f64(p, nil, n) }
            }
        case .float16, .bfloat16:
            let work = try detach().to(.float32)
            try work.updateInPlace(op, other, f32, f64)
            try assign(work)
        default:
            throw TensorError(.type, "\(op): cannot update a \(dtype) tensor in place by a fractional factor; convert it to a floating-point type first")
        }
    }
}
