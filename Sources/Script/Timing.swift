#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The result of `timeit`: seconds per call in each run, and how it reads.
struct Timing {
    /// Seconds per call, one entry per run.
    let times: [Double]
    /// Calls in each run.
    let loops: Int

    var best: Double { times.min() ?? 0 }
    var mean: Double { times.reduce(0, +) / Double(max(times.count, 1)) }
    /// The population standard deviation, as IPython reports it.
    var stdev: Double {
        let m = mean
        return (times.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(times.count, 1))).squareRoot()
    }

    /// `1.23 ms ± 40.1 µs per loop (mean ± std. dev. of 5 runs, 100 loops each)`, as IPython's %timeit.
    var summary: String {
        let runs = times.count == 1 ? "1 run" : "\(times.count) runs"
        let each = loops == 1 ? "1 loop" : "\(Self.grouped(loops)) loops"
        return "\(Self.duration(mean)) ± \(Self.duration(stdev)) per loop (mean ± std. dev. of \(runs), \(each) each)"
    }

    var value: Value {
        let d = DictionaryStorage()
        for (key, v) in [("best", Value.number(best)), ("mean", .number(mean)), ("stdev", .number(stdev)),
                         ("runs", .number(Double(times.count))), ("loops", .number(Double(loops))),
                         ("times", .list(ListStorage(times.map { .number($0) })))] {
            try? d.set(.string(key), v)
        }
        return .dictionary(d)
    }

    /// Seconds in the unit that puts 1 to 999 before the point, three significant digits: `40.1 µs`.
    static func duration(_ seconds: Double) -> String {
        let units = [("s", 1.0), ("ms", 1e3), ("µs", 1e6), ("ns", 1e9)]
        var order = 3
        if seconds > 0 && seconds.isFinite {
            let exponent = Int(log10(seconds).rounded(.down))
            let thousands = exponent >= 0 ? exponent / 3 : -((2 - exponent) / 3)
            order = min(max(-thousands, 0), 3)
        }
        let (unit, scale) = units[order]
        return significant(seconds * scale) + " " + unit
    }

    /// `x` as C's `%.3g` writes it.
    static func significant(_ x: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 32)
        _ = withVaList([x]) { vsnprintf(&buffer, buffer.count, "%.3g", $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
