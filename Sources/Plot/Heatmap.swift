// Heatmaps: a matrix of colored cells (attention maps, confusion matrices, images).

/// A matrix drawn as colored cells, row 0 at the top, with optional labels, annotations and color bar.
public struct Heatmap: Equatable, Sendable {
    /// The values, `values[row][column]`; short rows are padded with NaN (drawn as empty cells).
    public var values: [[Double]]
    /// Labels down the left side, one per row; empty for none.
    public var rowLabels: [String]
    /// Labels along the bottom, one per column; empty for none.
    public var columnLabels: [String]
    /// How values map to colors.
    public var colormap: Colormap
    /// Whether each cell shows its value as text (for confusion matrices).
    public var annotate: Bool
    /// The values mapped to the ends of the colormap; `nil` uses the data's range (symmetric about
    /// zero for a diverging colormap).
    public var range: ClosedRange<Double>?
    /// Whether a color bar with ticks is drawn beside the cells.
    public var colorBar: Bool

    /// A heatmap of `values`.
    public init(values: [[Double]], rowLabels: [String] = [], columnLabels: [String] = [],
                colormap: Colormap = .viridis, annotate: Bool = false, range: ClosedRange<Double>? = nil,
                colorBar: Bool = true) {
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.colormap = colormap
        self.annotate = annotate
        self.range = range
        self.colorBar = colorBar
    }

    /// The number of rows.
    public var rows: Int { values.count }
    /// The number of columns (the longest row).
    public var columns: Int { values.map(\.count).max() ?? 0 }

    /// The value at a cell (NaN where a row is short).
    func value(_ row: Int, _ column: Int) -> Double {
        column < values[row].count ? values[row][column] : .nan
    }

    /// The values at the two ends of the colormap.
    var resolvedRange: (lower: Double, upper: Double) {
        if let range, range.lowerBound.isFinite, range.upperBound.isFinite, range.upperBound > range.lowerBound {
            return (range.lowerBound, range.upperBound)
        }
        var lo = Double.infinity, hi = -Double.infinity
        for row in values { for v in row where v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
        if lo > hi { return (0, 1) }
        if colormap.isDiverging {
            let m = max(abs(lo), abs(hi))
            return m == 0 ? (-1, 1) : (-m, m)
        }
        if lo == hi { return lo == 0 ? (0, 1) : (min(lo, 0), max(hi, 0)) }
        return (lo, hi)
    }

    /// The position of a value along the colormap, 0…1 (NaN for NaN), given `resolvedRange`
    /// (computed once by the caller: it scans every value).
    func fraction(_ value: Double, in range: (lower: Double, upper: Double)) -> Double {
        guard value.isFinite else { return .nan }
        let t = (value - range.lower) / (range.upper - range.lower)
        return t.isNaN ? 0 : min(1, max(0, t))
    }

    /// The text shown in an annotated cell: integers plainly, other values with up to 3 significant digits.
    func annotation(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded() && abs(value) < 1e6 { return NumberFormat.fixed(value, decimals: 0) }
        return NumberFormat.compact(value, significant: 2 + (abs(value) < 1 ? 0 : 1))
    }
}

extension Chart {
    /// A heatmap of `values[row][column]` (row 0 at the top): an attention map, a confusion matrix
    /// (with `annotate`), or an image such as an 8×8 digit (with `colormap: .gray`).
    public static func heatmap(values: [[Double]], rowLabels: [String] = [], columnLabels: [String] = [],
                               colormap: Colormap = .viridis, annotate: Bool = false,
                               range: ClosedRange<Double>? = nil, colorBar: Bool = true,
                               title: String = "", xLabel: String = "", yLabel: String = "") -> Chart {
        let map = Heatmap(values: values, rowLabels: rowLabels, columnLabels: columnLabels, colormap: colormap,
                          annotate: annotate, range: range, colorBar: colorBar)
        let chart = Chart(.heatmap(map), title: title, xLabel: xLabel, yLabel: yLabel, width: 520, height: 440)
        // A wide matrix (8 × 64, say) gets a shorter chart instead of an empty band under its cells.
        return chart.sized(width: 520, height: HeatmapLayout.fittedHeight(chart: chart, map: map, width: 520, height: 440))
    }
}
