#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Time: a clock for measuring, timing a function as IPython's `%timeit` does, and a sleep that an
/// interrupt ends.
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
        native("timeit", ["fn", .defaulted("repeat", 5), .optional("number", shown: "auto"), .defaulted("quiet", false)],
               "times fn(): repeat runs of number calls each (auto: the first power of 10 whose run takes 0.2 s), prints the mean ± std. dev. per call as IPython's %timeit (unless quiet) and returns [\"best\", \"mean\", \"stdev\", \"runs\", \"loops\", \"times\"] in seconds per call.") { a, vm in
            let fn = try a.value("fn")
            let runs = try a.integer("repeat", as: "repeat of timeit")
            guard (1...1_000_000).contains(runs) else { throw ScriptError("ValueError", "timeit: repeat must be from 1 to 1000000, not \(runs)") }
            func run(_ loops: Int) throws -> Double {
                let start = monotonicSeconds()
                for _ in 0..<loops { _ = try vm.call(fn, Arguments()) }
                return monotonicSeconds() - start
            }
            var loops = 1
            if let given = try a.given("number") {
                loops = try given.integer("number of timeit")
                guard loops >= 1 else { throw ScriptError("ValueError", "timeit: number must be at least 1, not \(loops)") }
            } else {
                while try run(loops) < 0.2 && loops < 1_000_000_000 { loops *= 10 }
            }
            var times: [Double] = []
            for _ in 0..<runs { times.append(try run(loops) / Double(loops)) }
            let timing = Timing(times: times, loops: loops)
            if !(try a.boolean("quiet")) { vm.output(timing.summary + "\n") }
            return timing.value
        },
    ] }

    /// Seconds on the monotonic clock that `clock()` reads (hosts time their own work with it too).
    public static func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
