#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Limits on the lists and strings one operation builds.
///
/// Swift's arrays and strings stop the process when an allocation fails, so an operation that builds a
/// collection a user sized asks for the memory first and reports a MemoryError instead.
extension Interpreter {
    /// `count × times` items, or a MemoryError with `message` when the product overflows or passes
    /// `maxCollection`.
    static func collectionSize(_ count: Int, times: Int, _ message: @autoclosure () -> String) throws -> Int {
        let (size, overflow) = count.multipliedReportingOverflow(by: times)
        guard !overflow, size <= maxCollection else { throw ScriptError("MemoryError", message()) }
        return size
    }

    /// Checks that `count` items of `stride` bytes may be built now: at most `maxCollection` of them, and
    /// the bytes free (a memory limit such as `ulimit -v` can refuse far less than `maxCollection`).
    public static func checkCollection(_ count: Int, stride: Int = MemoryLayout<Value>.stride,
                                       _ message: @autoclosure () -> String) throws {
        guard count <= maxCollection else { throw ScriptError("MemoryError", message()) }
        try checkMemory(bytes: count * stride, message())
    }

    /// Checks that `bytes` can be allocated now (small sizes are not asked about).
    ///
    /// Asks the kernel to map the bytes (not malloc, whose unused result the optimizer may remove with
    /// the call), which a memory limit and the overcommit check refuse as they would the real allocation;
    /// the engine asks the same way (`Memory.available`), the two targets importing nothing of each other.
    public static func checkMemory(bytes: Int, _ message: @autoclosure () -> String) throws {
        guard bytes >= 1 << 24 else { return }
        let probe = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let probe, probe != MAP_FAILED else {
            throw ScriptError("MemoryError", message() + " (\(bytes / 1_000_000) MB are not free)")
        }
        munmap(probe, bytes)
    }
}
