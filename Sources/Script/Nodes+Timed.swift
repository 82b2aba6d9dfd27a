#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// `time { … }`: runs the block, prints `time: 12.3 ms wall, 12.1 ms cpu` as IPython's `%time` does,
/// and gives the block's value. An error in the block goes on out and prints no time.
final class TimedNode: Node {
    let location: SourceLocation
    let body: Node
    init(_ body: Node, _ location: SourceLocation) {
        self.body = body
        self.location = location
    }

    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let wall = CoreLibrary.monotonicSeconds(), cpu = Self.processCPUSeconds()
        let value = try body.eval(vm, frame)
        vm.output(Self.report(wall: CoreLibrary.monotonicSeconds() - wall, cpu: Self.processCPUSeconds() - cpu) + "\n")
        return value
    }

    /// The line a time block prints, durations written as `timeit` writes them.
    static func report(wall: Double, cpu: Double) -> String {
        "time: \(Timing.duration(wall)) wall, \(Timing.duration(cpu)) cpu"
    }

    /// CPU seconds used by the whole process, every thread (the engine's workers too), as IPython counts.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
