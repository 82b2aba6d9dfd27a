// Log axes that fit their data: a loss falling from 0.7 to 0.05 should not be drawn on 0.01…1.

extension Ticks {
    /// Ticks for a chart's log axis over data spanning `lower...upper` (both positive): whole decades
    /// when they waste at most a quarter of the axis; otherwise the data's own range with a 3% margin
    /// (in decades), ticks at the powers of ten inside it, and at 2 and 5 times them (or every multiple)
    /// where fewer than three would show, or at linear steps where not even two would.
    static func fittedLog(_ lower: Double, _ upper: Double, maxDecades: Int) -> Ticks {
        let decades = log(lower, upper, maxDecades: maxDecades)
        guard lower.isFinite, upper.isFinite, lower > 0, upper > lower else { return decades }
        let (a, b) = (Math.log10(lower), Math.log10(upper))
        let full = Math.log10(decades.upper) - Math.log10(decades.lower)
        guard full - (b - a) > 0.25 * full else { return decades }
        let margin = max(0.01, (b - a) * 0.03)
        let lo = Math.power(10, a - margin), hi = Math.power(10, b + margin)
        var values: [Double] = []
        var exponents: [Int] = []
        for multiples in [[1], [1, 2, 5], Array(1...9)] {
            values = []
            exponents = []
            for k in Math.floorLog10(lo)...Math.ceilLog10(hi) {
                for m in multiples {
                    let v = Ticks.decimal(m, k)
                    if v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12) { values.append(v); exponents.append(k) }
                }
            }
            if values.count >= 3 { break }
        }
        guard values.count >= 2 else {
            // A range too narrow for two of those (a loss that barely moves) is nearly linear even on a
            // log axis: linear steps inside it.
            let linear = Ticks.linear(lo, hi, maxIntervals: max(2, min(maxDecades, 5)), extend: false)
            return linear.values.count >= 2 ? Ticks(values: linear.values, labels: linear.labels, lower: lo, upper: hi) : decades
        }
        let plain = (exponents.min() ?? 0) >= -4 && (exponents.max() ?? 0) <= 5
        let labels = zip(values, exponents).map { v, k -> String in
            if plain { return NumberFormat.fixed(v, decimals: max(0, -k)) }
            let m = Int((v / Math.pow10(k)).rounded())
            return (m == 1 ? "" : "\(m)×") + "10" + NumberFormat.superscript(k)
        }
        return Ticks(values: values, labels: labels, lower: lo, upper: hi)
    }
}
