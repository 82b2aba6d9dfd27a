// Histograms: counts of values in bins.

/// Counts of values in bins: bin i holds values in `edges[i] ..< edges[i + 1]` (the last bin also
/// holds its right edge), as NumPy's `histogram` does.
public struct Histogram: Equatable, Sendable {
    /// Bin edges, ascending; one more than the counts.
    public var edges: [Double]
    /// The number of values in each bin.
    public var counts: [Int]
    /// Values not counted: NaN, infinite, or outside the edges.
    public var skipped: Int

    /// Counts `values` in `bins` equal-width bins spanning their finite range (default: Sturges'
    /// rule, ⌈log₂ n⌉ + 1). Constant data gets bins over value ± 0.5.
    public init(values: [Double], bins: Int? = nil) {
        let finite = values.filter(\.isFinite)
        let n = finite.count
        let sturges = n < 2 ? 1 : (n - 1).bitWidth - (n - 1).leadingZeroBitCount + 1
        let count = max(1, min(bins ?? min(sturges, 50), 10_000))
        var lo = finite.min() ?? 0, hi = finite.max() ?? 1
        if lo == hi { lo -= 0.5; hi += 0.5 }
        let width = hi / Double(count) - lo / Double(count)   // no overflow for ranges near the largest doubles
        var edges = (0...count).map { i -> Double in
            let edge = lo + Double(i) * width
            let t = Double(i) / Double(count)
            return edge.isFinite ? edge : lo * (1 - t) + hi * t
        }
        edges[count] = hi
        var counts = [Int](repeating: 0, count: count)
        for v in finite {
            var t = (v - lo) / width
            if !t.isFinite { t = v / width - lo / width }
            var i = t.isFinite ? Int(min(Double(count - 1), max(0, t))) : 0
            // Floating point can put a value one bin off; nudge it to where the edges say it belongs.
            while i > 0 && v < edges[i] { i -= 1 }
            while i < count - 1 && v >= edges[i + 1] { i += 1 }
            counts[i] += 1
        }
        self.edges = edges
        self.counts = counts
        self.skipped = values.count - n
    }

    /// Counts `values` in bins with the given ascending `edges`.
    public init(values: [Double], edges: [Double]) {
        let edges = edges.filter(\.isFinite).sorted()
        self.edges = edges
        guard edges.count >= 2 else {
            self.counts = []
            self.skipped = values.count
            return
        }
        var counts = [Int](repeating: 0, count: edges.count - 1)
        var skipped = 0
        for v in values {
            guard v.isFinite, v >= edges[0], v <= edges[edges.count - 1] else { skipped += 1; continue }
            // Binary search for the last edge ≤ v.
            var low = 0, high = edges.count - 1
            while high - low > 1 {
                let mid = (low + high) / 2
                if edges[mid] <= v { low = mid } else { high = mid }
            }
            counts[min(low, counts.count - 1)] += 1
        }
        self.counts = counts
        self.skipped = skipped
    }
}

extension Chart {
    /// A histogram of `values` in `bins` equal-width bins (default: Sturges' rule).
    public static func histogram(values: [Double], bins: Int? = nil, title: String = "", xLabel: String = "",
                                 yLabel: String = "count") -> Chart {
        histogram(Histogram(values: values, bins: bins), title: title, xLabel: xLabel, yLabel: yLabel)
    }

    /// A histogram of `values` in bins with the given `edges`.
    public static func histogram(values: [Double], edges: [Double], title: String = "", xLabel: String = "",
                                 yLabel: String = "count") -> Chart {
        histogram(Histogram(values: values, edges: edges), title: title, xLabel: xLabel, yLabel: yLabel)
    }

    /// A histogram of counts already computed.
    public static func histogram(_ histogram: Histogram, title: String = "", xLabel: String = "",
                                 yLabel: String = "count") -> Chart {
        let bars = Bars(edges: histogram.edges, heights: histogram.counts.map(Double.init))
        return Chart(.plot([.bars(bars)]), title: title, xLabel: xLabel, yLabel: yLabel)
    }
}
