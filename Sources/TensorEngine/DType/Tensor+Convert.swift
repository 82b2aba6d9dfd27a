/// Conversions between dtypes: `to(_:)`, element copies out of a tensor of any type, and tensors
/// made from Double or Int64 values.
extension Tensor {
    /// This tensor's values as `dtype`: the same tensor when it already has that type, otherwise a new
    /// one converted by PyTorch's casts (see `TensorElement`). Between floating-point types the
    /// gradient flows back (converted to the input's type), as through PyTorch's `to`.
    public func to(_ dtype: DType) throws -> Tensor {
        if dtype == self.dtype { return self }
        let out = try Tensor.allocate(shape, dtype: dtype, op: "to")
        Tensor.convert(storage, into: out.storage)
        guard dtype.isFloatingPoint, self.dtype.isFloatingPoint else { return out }
        let from = self.dtype
        return out.recording("to", [self]) { g in [try g.to(from)] }
    }

    /// Copies every element of `source` into `target` (of the same count), converting each.
    static func convert(_ source: TensorStorage, into target: TensorStorage) {
        if source.dtype == target.dtype {
            source.readingBytes { s in
                target.writingBytes { $0.copyMemory(from: s, byteCount: source.count * source.dtype.itemSize) }
            }
            return
        }
        source.dtype.visit(ConvertFrom(source: source, target: target))
    }

    /// The elements in row-major order converted to `T`.
    public func elements<T: TensorElement>(as type: T.Type) -> [T] {
        if T.dtype == dtype { return storage.reading(as: T.self) { Array(UnsafeBufferPointer(start: $0, count: count)) } }
        return dtype.visit(Gather<T>(storage: storage))
    }

    /// `elements(as:)`, or a MemoryError naming `op` when memory cannot hold the copy now (a Swift
    /// array's allocation stops the process when it fails).
    public func elements<T: TensorElement>(as type: T.Type, op: String) throws -> [T] {
        guard Memory.available(bytes: count * MemoryLayout<T>.stride) else {
            throw TensorError(.memory, Memory.cannotAllocate(shape, op: op, itemSize: MemoryLayout<T>.stride))
        }
        return elements(as: type)
    }

    /// A tensor of `dtype` from row-major values given as `T`, each converted once by the casts of
    /// `TensorElement` (Double carries whole numbers up to 2^53 and float64 values exactly), or a
    /// ShapeError when the count does not match the shape.
    public convenience init<T: TensorElement>(shape: [Int], elements: [T], dtype: DType, requiresGrad: Bool = false) throws {
        guard try Memory.count(shape, op: "tensor") == elements.count else {
            throw TensorError.shape(
                "tensor: \(elements.count) values cannot fill shape \(describe(shape)) (\(Shape.count(shape)) elements)")
        }
        let target = try TensorStorage(uninitializedCount: elements.count, dtype: dtype, shape: shape, op: "tensor")
        elements.withUnsafeBufferPointer { dtype.visit(ConvertElements(source: $0, target: target)) }
        self.init(storage: target, shape: shape, requiresGrad: requiresGrad)
    }

    /// The storage as float32: itself, or a converted copy for a tensor of another type.
    ///
    /// Kernels written for float32 read other types through this copy, so a tensor of any type gives
    /// them float32 values rather than bytes of another type.
    var float32Storage: TensorStorage {
        if dtype == .float32 { return storage }
        let copy = TensorStorage(uninitializedCount: count)
        Tensor.convert(storage, into: copy)
        return copy
    }
}

/// Converts a storage of type `S` (the visited one) into a storage of any type.
private struct ConvertFrom: ElementVisitor {
    let source: TensorStorage, target: TensorStorage
    func visit<S: TensorElement>(_ type: S.Type) {
        target.dtype.visit(ConvertTo<S>(source: source, target: target))
    }
}

private struct ConvertTo<S: TensorElement>: ElementVisitor {
    let source: TensorStorage, target: TensorStorage
    func visit<D: TensorElement>(_ type: D.Type) {
        let n = source.count
        source.reading(as: S.self) { s in
            target.writing(as: D.self) { d in for i in 0..<n { d[i] = D(converting: s[i]) } }
        }
    }
}

/// The elements of a storage of the visited type, converted to `T`.
private struct Gather<T: TensorElement>: ElementVisitor {
    let storage: TensorStorage
    func visit<S: TensorElement>(_ type: S.Type) -> [T] {
        storage.reading(as: S.self) { s in (0..<storage.count).map { T(converting: s[$0]) } }
    }
}

extension Tensor {
    /// A tensor of `shape` and `dtype` with every element `value` (converted by the casts of
    /// `TensorElement`); for results of internal sizes, such as a gradient's zeros.
    static func constant(_ shape: [Int], _ value: Double, dtype: DType) throws -> Tensor {
        if dtype == .float32 { return try full(shape, Float(value)) }
        let t = try uninitialized(shape, dtype: dtype, op: "full")
        t.fill { _ in value }
        return t
    }
}

/// Values of type `S` written into a storage of the visited type, each converted once.
private struct ConvertElements<S: TensorElement>: ElementVisitor {
    let source: UnsafeBufferPointer<S>, target: TensorStorage
    func visit<D: TensorElement>(_ type: D.Type) {
        target.writing(as: D.self) { d in for i in source.indices { d[i] = D(converting: source[i]) } }
    }
}
