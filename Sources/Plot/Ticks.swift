// Nice tick values: steps of 1, 2 or 5 times a power of ten, or whole decades on a log axis.

/// Tick positions and their labels for one axis, and the domain they span.
public struct Ticks: Equatable, Sendable {
    /// Tick positions in data units, ascending.
    public var values: [Double]
    /// One label per tick, formatted alike ("0.0", "0.2", … or "10⁻³", …).
    public var labels: [String]
    /// The low end of the axis domain.
    public var lower: Double
    /// The high end of the axis domain.
    public var upper: Double

    /// Ticks for a linear axis over `lower...upper` with at most `maxIntervals` steps between ticks.
    /// With `extend`, the domain grows outwards to whole steps (0…97 becomes 0…100); without it the
    /// domain stays as given and only the ticks inside it are kept. An empty or reversed range is widened.
    public static func linear(_ lower: Double, _ upper: Double, maxIntervals: Int = 6, extend: Bool = true) -> Ticks {
        let (lo, hi) = widened(lower, upper)
        let target = max(1, maxIntervals)
        let raw = (hi - lo) / Double(target)
        let fallback = Ticks(values: [lo, hi], labels: [NumberFormat.compact(lo), NumberFormat.compact(hi)], lower: lo, upper: hi)
        guard raw > 0, raw.isFinite else { return fallback }
        let k0 = Math.floorLog10(raw)
        // Try steps m·10^k from small to large; the first that needs few enough intervals wins.
        for k in k0...(k0 + 2) {
            for m in [1, 2, 5] {
                let step = Double(m) * Math.pow10(k)
                let first: Double, last: Double
                if extend {
                    first = (lo / step + 1e-9).rounded(.down)
                    last = (hi / step - 1e-9).rounded(.up)
                } else {
                    first = (lo / step - 1e-9).rounded(.up)
                    last = (hi / step + 1e-9).rounded(.down)
                }
                guard last - first <= Double(target), abs(first) < 1e15, abs(last) < 1e15 else { continue }
                let values = stride(from: Int(first), through: Int(last), by: 1).map { decimal($0 * m, k) }
                let labels = linearLabels(values, step: step, exponent: k)
                return extend
                    ? Ticks(values: values, labels: labels, lower: values.first ?? lo, upper: values.last ?? hi)
                    : Ticks(values: values, labels: labels, lower: lo, upper: hi)
            }
        }
        return fallback
    }

    /// Ticks for a chart axis over data spanning `lower...upper`: the domain is widened to whole steps
    /// when that adds little (at most 15% of the data's span), otherwise it stays at the data and
    /// only the ticks inside are shown (so a small panel does not turn 0…499 into 0…600); then ends
    /// other than zero get a `margin` (a fraction of the span) of room.
    static func fitted(_ lower: Double, _ upper: Double, maxIntervals: Int, margin: Double = 0) -> Ticks {
        let extended = linear(lower, upper, maxIntervals: maxIntervals, extend: true)
        var (lo, hi) = widened(lower, upper)
        let span = hi - lo
        if (extended.upper - extended.lower) - span <= 0.15 * span { return extended }
        if lo != 0 { lo -= margin * span }
        if hi != 0 { hi += margin * span }
        return linear(lo, hi, maxIntervals: maxIntervals, extend: false)
    }

    /// Ticks for a log axis over `lower...upper` (both must be positive): whole decades covering the
    /// range, every n-th decade when there would be more than `maxDecades` intervals.
    public static func log(_ lower: Double, _ upper: Double, maxDecades: Int = 8) -> Ticks {
        var lo = lower.isFinite && lower > 0 ? lower : 1
        var hi = upper.isFinite && upper > 0 ? upper : lo
        if lo > hi { swap(&lo, &hi) }
        var kLo = Math.floorLog10(lo)
        var kHi = Math.ceilLog10(hi)
        if kHi <= kLo { kHi = kLo + 1 }
        let decades = kHi - kLo
        let every = max(1, (decades + max(1, maxDecades) - 1) / max(1, maxDecades))
        kLo = Int((Double(kLo) / Double(every)).rounded(.down)) * every
        kHi = kLo + ((kHi - kLo + every - 1) / every) * every
        let exponents = Array(stride(from: kLo, through: kHi, by: every))
        let values = exponents.map(Math.pow10)
        let plain = kLo >= -3 && kHi <= 4
        let labels = exponents.map { k in
            plain ? NumberFormat.fixed(Math.pow10(k), decimals: max(0, -k)) : "10" + NumberFormat.superscript(k)
        }
        return Ticks(values: values, labels: labels, lower: values[0], upper: values[values.count - 1])
    }

    /// m·10^k computed so that it prints as the decimal it stands for (6/10, not 3·0.2).
    static func decimal(_ m: Int, _ k: Int) -> Double {
        k >= 0 ? Double(m) * Math.pow10(k) : Double(m) / Math.pow10(-k)
    }

    /// A usable range from any two numbers: finite, ordered, and not empty.
    static func widened(_ lower: Double, _ upper: Double) -> (Double, Double) {
        var lo = lower.isFinite ? lower : (upper.isFinite ? upper : 0)
        var hi = upper.isFinite ? upper : lo
        if lo > hi { swap(&lo, &hi) }
        if hi - lo <= abs(hi) * 1e-12 || hi - lo == 0 {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        if !(hi - lo).isFinite { lo = -Double.greatestFiniteMagnitude / 4; hi = -lo }
        return (lo, hi)
    }

    private static func linearLabels(_ values: [Double], step: Double, exponent k: Int) -> [String] {
        let largest = values.map(abs).max() ?? 0
        if largest >= 1e6 || k < -5 {
            return values.map { NumberFormat.exponential($0, significant: 3) }
        }
        return values.map { NumberFormat.fixed($0, decimals: max(0, -k)) }
    }
}
