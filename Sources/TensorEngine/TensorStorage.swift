#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The owned, contiguous Float32 buffer behind one or more tensors.
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
    private let base: UnsafeMutablePointer<Float>
    /// The number of elements.
    public let count: Int

    /// Allocates `count` uninitialized elements, or throws a MemoryError naming `shape` and the bytes asked for.
    ///
    /// Every allocation a user's input can size goes through here (`Tensor.allocate`).
    public init(uninitializedCount count: Int, shape: [Int], op: String) throws {
        // Keep freed activation buffers in the process: handing them back to the kernel and faulting
        // them in again cost up to half of a training step.
        _ = MallocTuning.applied
        let (bytes, overflow) = max(count, 1).multipliedReportingOverflow(by: MemoryLayout<Float>.stride)
        guard count >= 0, !overflow, let raw = malloc(bytes) else {
            throw TensorError(.memory, Memory.cannotAllocate(shape, op: op))
        }
        self.count = count
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

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
        base.initialize(repeating: value, count: count)
    }

    deinit { free(base) }

    /// Runs `body` with the first of `count` elements, for reading; the pointer is valid only inside `body`.
    ///
    /// The storage is the receiver of this call, so it stays alive until `body` returns. Always inlined:
    /// a kernel's loop compiles as if it used the pointer directly.
    @inline(__always) func reading<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        try body(base)
    }

    /// Runs `body` with the first of `count` elements, for writing; the pointer is valid only inside `body`.
    ///
    /// Only for storage no other tensor can see yet (a result being filled) or made unique first
    /// (`Tensor.makeUnique`): a write must never reach a tensor that shares the storage.
    @inline(__always) func writing<R>(_ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        try body(base)
    }

    /// A copy of every element, in order.
    var elements: [Float] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
