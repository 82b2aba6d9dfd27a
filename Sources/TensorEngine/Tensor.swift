/// An n-dimensional array of one `DType` (float32 unless asked otherwise) with reverse-mode automatic
/// differentiation.
///
/// A tensor's values never change after it is made, except through the explicit in-place calls that
/// optimizers use (`Tensor+InPlace.swift`), which copy shared storage first; so a reshape or a copy
/// never sees another tensor's writes. The reference identity of a tensor is what autograd tracks:
/// `grad` accumulates on the very object that `requiresGrad`.
public final class Tensor {
    /// The size of each dimension; `[]` for a scalar.
    public let shape: [Int]
    /// The element buffer, row-major and contiguous.
    public internal(set) var storage: TensorStorage
    /// Whether gradients flow to this tensor; set it on leaves (parameters, inputs under study).
    public var requiresGrad: Bool
    /// The accumulated gradient after `backward()`, with this tensor's shape.
    public var grad: Tensor?
    /// How this tensor was computed, when it was computed from tensors that require gradients.
    public internal(set) var gradFn: GradFn?
    /// What few tensors have (hooks, a plain number's exact value, a saved input's link), kept apart so
    /// that every other tensor stays small: most tensors live for one op, and their size is allocation
    /// work in every training step.
    @usableFromInline var extras: TensorExtras?

    /// The hooks `registerHook` added, run on this tensor's gradient during backward; nil when none.
    var hooks: [GradientHook]? {
        get { extras?.hooks }
        set { extrasForWriting.hooks = newValue }
    }
    /// The exact value of a plain number used as an operand (`Tensor.number`); nil for every other tensor.
    var wrappedNumber: Double? {
        get { extras?.wrappedNumber }
        set { if newValue != nil || extras != nil { extrasForWriting.wrappedNumber = newValue } }
    }
    /// The op input this tensor saves the values of for a backward rule (`SavedTensor`); when a
    /// backward pass creates a graph, ops on the saved tensor are recorded as ops on the input.
    @usableFromInline var origin: Tensor? {
        get { extras?.origin }
        set { extrasForWriting.origin = newValue }
    }
    /// Set once an op recorded in a graph-creating backward pass used this saved tensor: the op's rule,
    /// run later by an ordinary backward pass, must still see it as its input.
    var originLinked: Bool {
        get { extras?.originLinked ?? false }
        set { extrasForWriting.originLinked = newValue }
    }

    private var extrasForWriting: TensorExtras {
        if let extras { return extras }
        let made = TensorExtras()
        extras = made
        return made
    }

    /// Wraps a storage; `shape` must describe exactly `storage.count` elements.
    public init(storage: TensorStorage, shape: [Int], requiresGrad: Bool = false) {
        self.storage = storage
        self.shape = shape
        self.requiresGrad = requiresGrad
    }

    /// A tensor from flat row-major values, or a ShapeError when the count does not match the shape.
    public convenience init(shape: [Int], values: [Float], requiresGrad: Bool = false) throws {
        guard !shape.contains(where: { $0 < 0 }) else {
            throw TensorError.shape("tensor: negative dimension in shape \(describe(shape))")
        }
        guard try Memory.count(shape, op: "tensor") == values.count else {
            throw TensorError.shape(
                "tensor: \(values.count) values cannot fill shape \(describe(shape)) (\(Shape.count(shape)) elements)")
        }
        let s = try TensorStorage(uninitializedCount: values.count, shape: shape, op: "tensor")
        values.withUnsafeBufferPointer { v in s.writing { $0.update(from: v.baseAddress!, count: values.count) } }
        self.init(storage: s, shape: shape, requiresGrad: requiresGrad)
    }

    /// A scalar (rank-0) tensor.
    public convenience init(_ value: Float) {
        self.init(storage: TensorStorage(count: 1, repeating: value), shape: [])
    }

    /// The number of dimensions.
    @inlinable public var rank: Int { shape.count }
    /// The number of elements.
    @inlinable public var count: Int { storage.count }
    /// The type of every element.
    @inlinable public var dtype: DType { storage.dtype }
    /// The elements in row-major order, as Float32 whatever the tensor's type.
    public var values: [Float] { elements(as: Float.self) }

    /// The elements in row-major order, or a MemoryError naming `op` when memory cannot hold the copy
    /// now: a Swift array's allocation stops the process when it fails, so a copy of a tensor a user
    /// sized asks first.
    public func values(for op: String) throws -> [Float] { try elements(as: Float.self, op: op) }

    /// The single value of a one-element tensor, or a ValueError naming its shape.
    public func item() throws -> Float {
        guard count == 1 else {
            throw TensorError.value("item: only a one-element tensor has an item; this one has shape \(describe(shape))")
        }
        return reading { $0[0] }
    }

    /// The single value of a one-element tensor as a Double, exact for float64 and for integers up to
    /// 2^53; a ValueError naming the shape otherwise.
    public func itemValue() throws -> Double {
        guard count == 1 else {
            throw TensorError.value("item: only a one-element tensor has an item; this one has shape \(describe(shape))")
        }
        switch dtype {
        case .float32: return Double(reading { $0[0] })
        case .float64: return reading(as: Double.self) { $0[0] }
        default: return elements(as: Double.self)[0]
        }
    }

    /// The size of dimension `axis` (negative counts from the end).
    public func size(_ axis: Int) throws -> Int {
        shape[try Shape.axis(axis, rank: rank, op: "size")]
    }
}

extension Tensor {
    /// Makes a result tensor of `shape` with fresh, uninitialized storage for a kernel to fill, or a
    /// MemoryError naming `op` when memory runs out (a result as large as an input can still not fit).
    @inlinable static func uninitialized(_ shape: [Int], dtype: DType = .float32, op: String = "tensor") throws -> Tensor {
        Tensor(storage: try TensorStorage(uninitializedCount: Shape.count(shape), dtype: dtype, shape: shape, op: op),
               shape: shape)
    }

    /// The same values under a new identity with no autograd history.
    public func detach() -> Tensor {
        let t = Tensor(storage: storage, shape: shape)
        t.wrappedNumber = wrappedNumber
        return t
    }

    /// The values an op keeps for its backward rule (see `SavedTensor`).
    @inline(__always) func saved() -> SavedTensor { SavedTensor(self) }

    /// A copy with its own storage and no autograd history.
    public func copy() throws -> Tensor {
        let out = try Tensor.uninitialized(shape, dtype: dtype, op: "copy")
        storage.readingBytes { x in out.storage.writingBytes { $0.copyMemory(from: x, byteCount: count * dtype.itemSize) } }
        return out
    }

    /// A copy with its own storage that stays in the graph, as PyTorch's `clone`: gradients flow back
    /// to this tensor.
    public func clone() throws -> Tensor {
        try copy().recording("clone", [self]) { g in [g] }
    }
}

/// The rarely used state of a tensor (see `Tensor.extras`).
@usableFromInline final class TensorExtras {
    var hooks: [GradientHook]?
    var wrappedNumber: Double?
    @usableFromInline var origin: Tensor?
    var originLinked = false
    init() {}
}
