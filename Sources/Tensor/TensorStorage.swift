/// The owned, contiguous Float32 buffer behind one or more tensors.
///
/// Tensors that share a storage (a reshape, a detached copy) never see each other's writes:
/// every in-place engine call first makes its storage unique (copy-on-write).
public final class TensorStorage {
    /// The first element; valid for `count` elements until the storage is released.
    public let base: UnsafeMutablePointer<Float>
    /// The number of elements.
    public let count: Int

    /// Allocates `count` uninitialized elements; callers fill every one before it is read.
    public init(uninitializedCount count: Int) {
        // Keep freed activation buffers in the process: handing them back to the kernel and faulting
        // them in again cost up to half of a training step.
        _ = MallocTuning.applied
        self.count = count
        base = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
    }

    /// Allocates `count` elements set to `value`.
    public convenience init(count: Int, repeating value: Float) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    /// Copies `source` into a new storage.
    public convenience init(copying source: UnsafePointer<Float>, count: Int) {
        self.init(uninitializedCount: count)
        base.update(from: source, count: count)
    }

    deinit { base.deallocate() }

    /// A buffer view of every element.
    @inlinable public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: base, count: count)
    }
}
