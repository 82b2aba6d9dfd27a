#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Script

/// Time: a monotonic clock for measuring how long code takes.
extension Library {
    static func time() -> Library {
        var lib = Library()
        lib.add("clock", "clock() — seconds on a monotonic clock from an arbitrary start; the difference of two readings is the time between them.") { a, _ in
            try a.expectNone("clock")
            return .number(monotonicSeconds())
        }
        return lib
    }

    /// The monotonic clock, which wall-clock adjustments (NTP, daylight saving) never move backwards.
    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }
}
