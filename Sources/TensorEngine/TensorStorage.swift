#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The owned, contiguous buffer of one element type behind one or more tensors.
///
/// Tensors that share a storage (a reshape, a detached copy) never see each other's writes:
/// every in-place engine call first makes its storage unique (copy-on-write).
///
/// The buffer comes from `malloc`, which reports failure as nil instead of aborting the process, so a
/// size that does not fit in memory becomes a `MemoryError` the user can recover from.
public final class TensorStorage {
    /// The first element; valid for `count` elements until the storage is released.
    ///
    /// Private so that the pointer leaves this file only through `reading` and `writing`, whose scope
    /// keeps the storage alive while a kernel uses it and says whether the kernel writes.
    private let base: UnsafeMutableRawPointer
    /// The number of elements.
    public let count: Int
    /// The type of every element.
    public let dtype: DType
    /// The storage whose buffer this one is part of, kept alive by it; nil when it owns its buffer.
    private let owner: TensorStorage?

    /// Allocates `count` uninitialized elements of `dtype`, or throws a MemoryError naming `shape` and
    /// the bytes asked for.
    ///
    /// Every allocation a user's input can size goes through here (`Tensor.allocate`).
    public init(uninitializedCount count: Int, dtype: DType = .float32, shape: [Int], op: String) throws {
        // Keep freed activation buffers in the process: handing them back to the kernel and faulting
        // them in again cost up to half of a training step.
        _ = MallocTuning.applied
        let (bytes, overflow) = max(count, 1).multipliedReportingOverflow(by: dtype.itemSize)
        guard count >= 0, !overflow, let raw = malloc(bytes) else {
            throw TensorError(.memory, Memory.cannotAllocate(shape, op: op, itemSize: dtype.itemSize))
        }
        self.count = count
        self.dtype = dtype
        base = raw
        owner = nil
        OperationCounter.noteAllocation(self)
    }

    /// A view of `count` elements of `parent` from element `offset` on: no copy, and the parent's
    /// buffer stays alive while the view does.
    ///
    /// For buffers that grow by appending (`KVCache`): the owner writes only past what it has handed out
    /// in views. A tensor on a view is never unique, so an in-place call copies it first (`isView`).
    public init(viewing parent: TensorStorage, offset: Int, count: Int) {
        precondition(offset >= 0 && count >= 0 && offset + count <= parent.count, "a view outside its storage")
        self.count = count
        dtype = parent.dtype
        base = parent.base + offset * parent.dtype.itemSize
        owner = parent.owner ?? parent
    }

    /// Whether the elements are part of another storage's buffer (see `init(viewing:offset:count:)`).
    public var isView: Bool { owner != nil }

    /// Allocates `count` uninitialized elements where a failure cannot be reported (a scalar's one element);
    /// callers fill every one before it is read. Running out of memory here stops the process with the
    /// size, so everything else goes through the throwing initializer.
    public convenience init(uninitializedCount count: Int) {
        do { try self.init(uninitializedCount: count, shape: [count], op: "tensor") }
        catch { fatalError("\(error)") }
    }

    /// Allocates `count` elements set to `value`.
    public convenience init(count: Int, repeating value: Float) {
        self.init(uninitializedCount: count)
        base.bindMemory(to: Float.self, capacity: max(count, 1)).initialize(repeating: value, count: count)
    }

    deinit { if owner == nil { free(base) } }

    /// Runs `body` with the first of `count` elements, for reading; the pointer is valid only inside `body`.
    ///
    /// The storage is the receiver of this call, so it stays alive until `body` returns. Always inlined:
    /// a kernel's loop compiles as if it used the pointer directly.
    ///
    /// Only for float32 storage: `Tensor.reading` converts other types first.
    @inline(__always) func reading<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        try reading(as: Float.self, body)
    }

    /// Runs `body` with the first of `count` elements, for writing; the pointer is valid only inside `body`.
    ///
    /// Only for storage no other tensor can see yet (a result being filled) or made unique first
    /// (`Tensor.makeUnique`): a write must never reach a tensor that shares the storage.
    @inline(__always) func writing<R>(_ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        try writing(as: Float.self, body)
    }

    /// Runs `body` with the elements as `T`, for reading; `T` must be the storage's own element type.
    @inline(__always) func reading<T: TensorElement, R>(as type: T.Type,
                                                         _ body: (UnsafePointer<T>) throws -> R) rethrows -> R {
        precondition(T.dtype == dtype, "a \(dtype) storage read as \(T.dtype)")
        return try body(UnsafePointer(base.assumingMemoryBound(to: T.self)))
    }

    /// Runs `body` with the elements as `T`, for writing, under the rule of `writing(_:)`.
    @inline(__always) func writing<T: TensorElement, R>(as type: T.Type,
                                                         _ body: (UnsafeMutablePointer<T>) throws -> R) rethrows -> R {
        precondition(T.dtype == dtype, "a \(dtype) storage written as \(T.dtype)")
        return try body(base.assumingMemoryBound(to: T.self))
    }

    /// Runs `body` with the raw bytes, for moving elements whatever their type (copies, gathers).
    @inline(__always) func readingBytes<R>(_ body: (UnsafeRawPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawPointer(base))
    }

    /// Runs `body` with the raw bytes, for writing, under the rule of `writing(_:)`.
    @inline(__always) func writingBytes<R>(_ body: (UnsafeMutableRawPointer) throws -> R) rethrows -> R {
        try body(base)
    }
}
