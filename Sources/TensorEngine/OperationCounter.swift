#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// Adds up the multiply-accumulates of the products run on this thread while it is active, as
/// PyTorch's `FlopCounterMode` does, and notes the tensors allocated meanwhile:
/// `Tensor.countingOperations { try model(x) }`.
///
/// MACs are counted where the work is done, whatever called it: matrix products (`matmul`, batched
/// products, `linear`, `einsum`'s contractions), convolutions of every dimension and their transposes,
/// fused attention and the fused recurrent kernels. Elementwise ops, reductions and normalizations
/// count 0, as in PyTorch (their cost is linear in the elements, small beside the products). Backward
/// rules run their products through kernels the counter does not see, so a pass that calls
/// `backward()` counts its forward part only.
///
/// Counters nest: an inner one's counts add to every counter around it. A `Checkpoint` marks a point
/// in one counter's run, so a caller that cannot wrap a closure (forward hooks) can still ask what
/// happened after it. When no counter is active on any thread, an op pays one relaxed atomic load and
/// a branch: only products, convolutions and tensor allocations ask.
public final class OperationCounter {
    /// What one kind of op did while the counter was active.
    public struct Count: Equatable, Sendable {
        /// How many times the op ran.
        public var calls = 0
        /// Its multiply-accumulates (FLOPs ≈ 2 × MACs).
        public var macs = 0
        /// Time steps run by recurrent kernels (0 for other ops): `macs · calls / steps` is one step's cost.
        public var steps = 0
        /// Elements of attention score matrices (`batch · heads · Lq · Lk`; 0 for other ops).
        public var scoreElements = 0
        /// Bytes the tape-recorded runs of the op read and wrote (see `OpCost`; views move none).
        public var bytesRead = 0, bytesWritten = 0
        /// Bytes of keys and values attention read per key position of one sequence: what a KV cache holds
        /// per token.
        public var cacheBytesPerToken = 0

        public init(calls: Int = 0, macs: Int = 0, steps: Int = 0, scoreElements: Int = 0,
                    bytesRead: Int = 0, bytesWritten: Int = 0, cacheBytesPerToken: Int = 0) {
            self.calls = calls
            self.macs = macs
            self.steps = steps
            self.scoreElements = scoreElements
            self.bytesRead = bytesRead
            self.bytesWritten = bytesWritten
            self.cacheBytesPerToken = cacheBytesPerToken
        }

        public static func + (a: Count, b: Count) -> Count {
            Count(calls: a.calls + b.calls, macs: a.macs + b.macs, steps: a.steps + b.steps,
                  scoreElements: a.scoreElements + b.scoreElements, bytesRead: a.bytesRead + b.bytesRead,
                  bytesWritten: a.bytesWritten + b.bytesWritten,
                  cacheBytesPerToken: a.cacheBytesPerToken + b.cacheBytesPerToken)
        }

        public static func - (a: Count, b: Count) -> Count {
            Count(calls: a.calls - b.calls, macs: a.macs - b.macs, steps: a.steps - b.steps,
                  scoreElements: a.scoreElements - b.scoreElements, bytesRead: a.bytesRead - b.bytesRead,
                  bytesWritten: a.bytesWritten - b.bytesWritten,
                  cacheBytesPerToken: a.cacheBytesPerToken - b.cacheBytesPerToken)
        }
    }

    /// A point in a counter's run: what `counts(since:)` and `retainedBytes(since:)` measure from.
    public struct Checkpoint {
        let operations: [String: Count]
        let allocations: Int
    }

    /// The counts by op name (`matmul`, `linear`, `conv2d`, `attention`, `lstm`, …).
    public private(set) var operations: [String: Count] = [:]
    /// Every tensor storage allocated on this thread while active, in order, held weakly.
    private var allocations: [WeakStorage] = []
    /// The counter this one runs inside, which sees everything this one does.
    private let outer: OperationCounter?

    init(outer: OperationCounter?) { self.outer = outer }

    /// Every op's counts added together.
    public var total: Count { operations.values.reduce(Count(), +) }
    /// The multiply-accumulates of every op.
    public var macs: Int { total.macs }

    /// Marks the present point of the run.
    public var checkpoint: Checkpoint { Checkpoint(operations: operations, allocations: allocations.count) }

    /// The counts of the ops run since `mark`, by op name (ops that did not run are left out).
    public func counts(since mark: Checkpoint) -> [String: Count] {
        var out: [String: Count] = [:]
        for (op, count) in operations {
            let difference = count - (mark.operations[op] ?? Count())
            if difference != Count() { out[op] = difference }
        }
        return out
    }

    /// Bytes of the tensors allocated since `mark` that are still alive: after a forward pass that
    /// records gradients, its output and what the records keep for backward.
    public func retainedBytes(since mark: Checkpoint) -> Int {
        allocations[mark.allocations...].reduce(0) { sum, weak in
            sum + (weak.storage.map { $0.count * $0.dtype.itemSize } ?? 0)
        }
    }

    /// Bytes of every tensor allocated since `mark`, alive or freed.
    public func allocatedBytes(since mark: Checkpoint) -> Int {
        allocations[mark.allocations...].reduce(0) { $0 + $1.bytes }
    }

    /// Adds one run of `op` to this counter and those around it.
    private func add(_ op: String, _ count: Count) {
        var counter: OperationCounter? = self
        while let c = counter {
            c.operations[op, default: Count()] = c.operations[op, default: Count()] + count
            counter = c.outer
        }
    }

    /// Runs `body` with a new counter active on this thread; returns its result and the counter.
    public static func counting<T>(_ body: () throws -> T) rethrows -> (T, OperationCounter) {
        let previous = pthread_getspecific(key)
        let outer = previous.map { Unmanaged<OperationCounter>.fromOpaque($0).takeUnretainedValue() }
        let counter = OperationCounter(outer: outer)
        let retained = Unmanaged.passRetained(counter)
        pthread_setspecific(key, retained.toOpaque())
        active.add(1, ordering: .relaxed)
        defer {
            active.subtract(1, ordering: .relaxed)
            pthread_setspecific(key, previous)
            retained.release()
        }
        return (try body(), counter)
    }

    /// Records one run of `op` on the counter active on this thread, if any. `count` is evaluated only
    /// then, so call sites may compute it freely.
    @inline(__always) public static func record(_ op: @autoclosure () -> String, _ count: @autoclosure () -> Count) {
        guard active.load(ordering: .relaxed) != 0 else { return }
        current?.add(op(), count())
    }

    /// Records `macs` multiply-accumulates of one run of `op`.
    @inline(__always) static func record(_ op: @autoclosure () -> String, macs: @autoclosure () -> Int) {
        record(op(), Count(calls: 1, macs: macs()))
    }

    /// Adds the memory traffic of an op the tape records to the counter active on this thread, if any;
    /// its MACs, calls, scores and cache come from its kernel.
    @inline(__always) static func noteRecorded(_ op: String, output: Tensor, inputs: [Tensor]) {
        guard active.load(ordering: .relaxed) != 0, let counter = current else { return }
        let cost = OpCost(op, output: output.operand, inputs: inputs.map(\.operand))
        counter.add(op, Count(bytesRead: cost.read, bytesWritten: cost.written))
    }

    /// Notes a new storage on the counter active on this thread, if any.
    @inline(__always) static func noteAllocation(_ storage: TensorStorage) {
        guard active.load(ordering: .relaxed) != 0 else { return }
        var counter = current
        while let c = counter {
            c.allocations.append(WeakStorage(storage))
            counter = c.outer
        }
    }

    /// The counter active on this thread, if any (the innermost).
    public static var current: OperationCounter? {
        pthread_getspecific(key).map { Unmanaged<OperationCounter>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Counters active on any thread: zero almost always, so ops skip the thread-local lookup.
    private static let active = Atomic<Int>(0)

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}

/// A storage the counter saw allocated, without keeping it alive.
private struct WeakStorage {
    weak var storage: TensorStorage?
    let bytes: Int
    init(_ storage: TensorStorage) {
        self.storage = storage
        bytes = storage.count * storage.dtype.itemSize
    }
}

extension Tensor {
    /// The tensor as an operand of `OpCost`.
    var operand: OpCost.Operand { OpCost.Operand(shape: shape, itemSize: dtype.itemSize) }

    /// Runs `body` while counting the multiply-accumulates of the ops it runs on this thread and the
    /// tensors they allocate (see `OperationCounter`); returns the result and the counter.
    public static func countingOperations<T>(_ body: () throws -> T) rethrows -> (T, OperationCounter) {
        try OperationCounter.counting(body)
    }
}
