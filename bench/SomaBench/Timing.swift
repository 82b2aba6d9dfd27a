import Foundation
import TensorEngine

/// How long and how often each workload is timed; `bench/torch_bench.py` uses the same rule.
struct TimingConfig {
    /// Seconds of timed calls per workload, split into `batches` batches.
    var minTime: Double
    /// Seconds of untimed calls first (at least one call).
    var warmup: Double
    /// The most batches taken; the median batch is reported.
    var batches: Int

    static let full = TimingConfig(minTime: 1.0, warmup: 0.2, batches: 7)
    static let quick = TimingConfig(minTime: 0.25, warmup: 0.05, batches: 5)
    /// One call of each workload, so that the tests can check that every workload runs.
    static let smoke = TimingConfig(minTime: 0, warmup: 0, batches: 1)
}

/// Tells bench/run.py that a workload's first call is done: it takes the time from the process's start
/// to this line as the start-up cost (libraries, data, model, one call).
func reportFirstCall() {
    print(#"{"event": "first"}"#)
    fflush(nil)
}

/// The slowest sample over the fastest: how steady the run was.
func spread(_ sorted: [Double]) -> Double { sorted[sorted.count - 1] / max(sorted[0], 1e-12) }

/// Seconds on a monotonic clock.
@inline(__always) func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// The median seconds per call of `body`.
///
/// Warms up, then picks a repetition count from the warm-up's speed so that each batch lasts about
/// `minTime / batches`, and times the batches; a slow workload gets fewer (at least 3) batches of one call.
func measure(_ config: TimingConfig, _ body: () throws -> Void) rethrows -> (seconds: Double, spread: Double) {
    let start = now()
    try body()
    reportFirstCall()
    var calls = 1
    while now() - start < config.warmup {
        try body()
        calls += 1
    }
    let perCall = max((now() - start) / Double(calls), 1e-9)
    let batches = config.batches == 1 ? 1 : min(config.batches, max(3, Int(2 * config.minTime / perCall)))
    let reps = max(1, Int((config.minTime / Double(batches) / perCall).rounded(.up)))
    var samples: [Double] = []
    for _ in 0..<batches {
        let t0 = now()
        for _ in 0..<reps { try body() }
        samples.append((now() - t0) / Double(reps))
    }
    samples.sort()
    return (samples[samples.count / 2], spread(samples))
}

/// The median seconds per call of `a` and of `b`, timed in alternating batches so that a change in the
/// machine's load during the run reaches both alike. `enterB` and `leaveB` run, untimed, around each
/// stretch of calls to `b`.
func measurePair(_ config: TimingConfig, _ a: () throws -> Void, _ b: () throws -> Void,
                 enterB: () -> Void = {}, leaveB: () -> Void = {}) rethrows
    -> ((seconds: Double, spread: Double), (seconds: Double, spread: Double)) {
    func warm(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        var calls = 0
        repeat {
            try body()
            calls += 1
        } while now() - start < config.warmup / 2
        return max((now() - start) / Double(calls), 1e-9)
    }
    let perA = try warm(a)
    reportFirstCall()
    enterB()
    let perB = try warm(b)
    leaveB()
    let batches = config.batches == 1 ? 1 : min(config.batches, max(3, Int(2 * config.minTime / (perA + perB))))
    let repsA = max(1, Int((config.minTime / Double(batches) / perA).rounded(.up)))
    let repsB = max(1, Int((config.minTime / Double(batches) / perB).rounded(.up)))
    var samplesA: [Double] = [], samplesB: [Double] = []
    for _ in 0..<batches {
        var t0 = now()
        for _ in 0..<repsA { try a() }
        samplesA.append((now() - t0) / Double(repsA))
        enterB()
        t0 = now()
        for _ in 0..<repsB { try b() }
        samplesB.append((now() - t0) / Double(repsB))
        leaveB()
    }
    samplesA.sort()
    samplesB.sort()
    return ((samplesA[samplesA.count / 2], spread(samplesA)), (samplesB[samplesB.count / 2], spread(samplesB)))
}

/// One measured number, printed as a JSON line that `bench/report.py` joins with PyTorch's.
struct Measurement {
    var name: String
    var unit: String
    var value: Double
    var impl: String
    /// The slowest timed batch over the fastest.
    var spread: Double = 1
    /// The model's parameter count (0 where there is no model): the tests compare it across the sides.
    var params: Int = 0

    func json(threads: Int) -> String {
        let v = value.isFinite ? String(format: "%.6g", value) : "null"
        return #"{"side": "soma", "impl": "\#(impl)", "name": "\#(name)", "unit": "\#(unit)", "value": \#(v), "spread": \#(String(format: "%.4g", spread)), "params": \#(params), "threads": \#(threads)}"#
    }

    var text: String {
        "\(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(impl.padding(toLength: 7, withPad: " ", startingAt: 0)) \(String(format: "%12.2f", value)) \(unit)"
    }
}

/// Escapes a string for a JSON string literal.
func jsonString(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default:
            if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
        }
    }
    return out + "\""
}

/// Times `body` and gives `count` units per call (1 step, 2n³ flops, …) as count per second.
func rate(_ name: String, _ unit: String, count: Double = 1, params: [Tensor] = [], _ config: TimingConfig,
          _ body: () throws -> Void) rethrows -> Measurement {
    let (t, s) = try measure(config, body)
    return Measurement(name: name, unit: unit, value: count / t, impl: "soma", spread: s,
                       params: params.reduce(0) { $0 + $1.count })
}
