#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Time: a clock for measuring and a sleep that an interrupt ends.
extension CoreLibrary {
    static var timeFunctions: [NativeFunction] { [
        native("clock", [], "seconds on a monotonic clock; the difference of two readings is the time between them.") { _, _ in
            .number(monotonicSeconds())
        },
        native("sleep", ["seconds"], "waits; an interrupt ends the wait.") { a, vm in
            let seconds = try a.number("seconds", as: "seconds of sleep")
            guard seconds >= 0, seconds.isFinite else {
                throw ScriptError("ValueError", "sleep needs a finite number of seconds, at least 0, got \(Value.number(seconds).text)")
            }
            let end = monotonicSeconds() + seconds
            // Short naps, so an interrupt is noticed within 10 ms.
            while case let left = end - monotonicSeconds(), left > 0 {
                try vm.checkInterrupt()
                usleep(useconds_t(min(left, 0.01) * 1e6))
            }
            return .null
        },
    ] }

    /// Seconds on the monotonic clock that `clock()` reads (hosts time their own work with it too).
    public static func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
