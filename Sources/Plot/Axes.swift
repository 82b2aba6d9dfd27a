// The geometry of an x–y chart, shared by its SVG and text forms: data extent, scales, legend entries.

/// The finite extent of an x–y chart's marks, and what the chart could not draw.
struct Extent {
    var xMin = Double.infinity, xMax = -Double.infinity
    var yMin = Double.infinity, yMax = -Double.infinity
    /// Finite y values left out because a log axis cannot show them.
    var dropped = 0
    /// Whether a field fixes the domain exactly (no widening to nice ticks).
    var exact = false
    /// Whether every x is a whole number (then x ticks step by whole numbers too).
    var integralX = true

    var isEmpty: Bool { xMin > xMax || yMin > yMax }

    /// The extent of `marks` on a linear or log y axis. Points get a margin of 4% of the span on each
    /// side (so dots at the ends are not cut by the axes), except over a field, which fixes the domain.
    init(marks: [Mark], logY: Bool) {
        defer {
            let points = marks.contains { if case .points = $0 { return true } else { return false } }
            if points && !exact && !isEmpty { pad(logY: logY) }
        }
        for mark in marks {
            switch mark {
            case .line(let s, _), .points(let s):
                let (runs, dropped) = s.segments(logY: logY)
                self.dropped += dropped
                for run in runs { for p in run { include(p.x, p.y) } }
            case .bars(let bars):
                for i in 0..<bars.count {
                    let (a, b, h) = (bars.edges[i], bars.edges[i + 1], bars.heights[i])
                    guard a.isFinite, b.isFinite, h.isFinite else { continue }
                    if logY {
                        if h > 0 { include(a, h); include(b, h) }
                    } else {
                        include(a, 0); include(b, h)
                    }
                }
            case .field(let field):
                let (x0, x1) = (field.xRange.lowerBound, field.xRange.upperBound)
                let (y0, y1) = (field.yRange.lowerBound, field.yRange.upperBound)
                guard x0.isFinite, x1.isFinite, y0.isFinite, y1.isFinite else { continue }
                exact = true
                integralX = false
                include(x0, logY && y0 <= 0 ? y1 : y0)
                include(x1, y1)
            }
        }
    }

    private mutating func pad(logY: Bool) {
        let dx = (xMax - xMin) * 0.04
        xMin -= dx; xMax += dx
        if logY {
            let factor = Math.power(yMax / yMin, 0.04)
            if factor.isFinite && factor > 1 { yMin /= factor; yMax *= factor }
        } else {
            let dy = (yMax - yMin) * 0.04
            yMin -= dy; yMax += dy
        }
    }

    private mutating func include(_ x: Double, _ y: Double) {
        xMin = min(xMin, x); xMax = max(xMax, x)
        yMin = min(yMin, y); yMax = max(yMax, y)
        if x != x.rounded() { integralX = false }
    }

    /// Nice ticks for the x axis with at most `maxIntervals` steps.
    func xTicks(maxIntervals: Int) -> Ticks {
        guard !isEmpty else { return Ticks.linear(0, 1, maxIntervals: maxIntervals) }
        if integralX && xMax - xMin < Double(maxIntervals) && xMax > xMin {
            // Few whole-number positions (0, 1, 2, 3): step by one instead of by halves.
            return Ticks.linear(xMin, xMax, maxIntervals: Int(xMax - xMin), extend: !exact)
        }
        return exact ? Ticks.linear(xMin, xMax, maxIntervals: maxIntervals, extend: false)
            : Ticks.fitted(xMin, xMax, maxIntervals: maxIntervals)
    }

    /// Nice ticks for the y axis, linear or by decades; `fitted` lets a log axis end at the data
    /// instead of at whole decades (for SVG, where minor grid lines show the scale).
    func yTicks(maxIntervals: Int, logY: Bool, fitted: Bool = false) -> Ticks {
        if logY {
            if isEmpty { return Ticks.log(1, 10) }
            return fitted ? Ticks.fittedLog(yMin, yMax, maxDecades: maxIntervals) : Ticks.log(yMin, yMax, maxDecades: maxIntervals)
        }
        guard !isEmpty else { return Ticks.linear(0, 1, maxIntervals: maxIntervals) }
        return exact ? Ticks.linear(yMin, yMax, maxIntervals: maxIntervals, extend: false)
            : Ticks.fitted(yMin, yMax, maxIntervals: maxIntervals, margin: 0.03)
    }
}

/// Maps data values to positions along an axis, linearly or by decades.
struct Scale {
    let lower: Double
    let upper: Double
    let log: Bool
    let start: Double
    let end: Double
    private let logLower: Double
    private let logUpper: Double

    init(_ ticks: Ticks, log: Bool, from start: Double, to end: Double) {
        self.init(lower: ticks.lower, upper: ticks.upper, log: log, from: start, to: end)
    }

    init(lower: Double, upper: Double, log: Bool = false, from start: Double, to end: Double) {
        self.lower = lower
        self.upper = upper
        self.log = log
        self.start = start
        self.end = end
        self.logLower = log ? Math.log10(lower) : 0
        self.logUpper = log ? Math.log10(upper) : 0
    }

    /// The position of `value` (values outside the domain map outside start…end).
    func callAsFunction(_ value: Double) -> Double {
        let t: Double
        if log {
            t = logUpper > logLower ? (Math.log10(value) - logLower) / (logUpper - logLower) : 0.5
        } else {
            t = upper > lower ? (value - lower) / (upper - lower) : 0.5
        }
        return start + t * (end - start)
    }
}

/// One row of a legend.
struct LegendEntry {
    enum Kind: Equatable { case line, lineWithMarkers, point(MarkerShape), bar }
    let name: String
    let color: Color
    let kind: Kind
    let index: Int

    /// The entries for the named series and bars among `marks`, in order.
    static func entries(_ marks: [Mark]) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        for (i, mark) in marks.enumerated() {
            switch mark {
            case .line(let s, let markers) where !s.name.isEmpty:
                entries.append(LegendEntry(name: s.name, color: Palette.color(s.color ?? i), kind: markers ? .lineWithMarkers : .line, index: entries.count))
            case .points(let s) where !s.name.isEmpty:
                entries.append(LegendEntry(name: s.name, color: Palette.color(s.color ?? i), kind: .point(Palette.shape(s.color ?? i)), index: entries.count))
            case .bars(let b) where !b.name.isEmpty:
                entries.append(LegendEntry(name: b.name, color: Palette.color(b.color), kind: .bar, index: entries.count))
            default:
                break
            }
        }
        return entries
    }
}
