import COpenBLAS
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Dispatch

/// Splits large loops across cores; small ones stay on the calling thread where a hand-off costs more.
public enum Parallel {
    /// Elements below which work is never split (a split costs a few microseconds).
    public static let threshold = 1 << 16
    /// The number of workers for large loops: the running session's setting, else every core.
    public static var workers: Int { EngineContext.current?.workers ?? EngineContext.defaultWorkers }

    /// Runs `body(start, end)` over `0..<count` in contiguous chunks, in parallel when `count` is large.
    @inlinable public static func forRange(_ count: Int, cost: Int = 1, _ body: (Int, Int) -> Void) {
        let chunks = count * cost >= threshold ? min(workers, count) : 1
        if chunks <= 1 {
            body(0, count)
            return
        }
        perform(iterations: chunks) { c in
            let start = count * c / chunks
            let end = count * (c + 1) / chunks
            body(start, end)
        }
    }

    /// Runs `body(i)` for every `i` in `0..<iterations` on the worker threads, returning when all are done.
    ///
    /// The callers' bodies capture raw pointers and write disjoint parts of one result, which Swift
    /// cannot see is safe across threads; it is, because no iteration outlives this call and no two
    /// iterations write the same element.
    @inlinable public static func perform(iterations: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: iterations) { i in body(i) }
        }
    }
}

/// The number of cores this process may run on, read once.
///
/// On Linux that is the CPUs of the process's affinity mask (`taskset -c 0 soma …` gives one), which
/// OpenBLAS counts at start-up, as OpenMP and so PyTorch do: two workers pinned to one core take turns
/// at every split loop and every product, and run slower than one.
public enum ProcessInfoCores {
    public static let count: Int = {
        #if os(Linux)
        let online = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        return max(1, min(online, Int(openblas_get_num_procs())))
        #else
        return max(1, sysconf(_SC_NPROCESSORS_ONLN))
        #endif
    }()
}
