// The layers of an x–y chart.

/// One layer of an x–y chart.
public enum Mark: Equatable, Sendable {
    /// A series drawn as a line, with a dot at each point when `markers` is set.
    case line(Series, markers: Bool)
    /// A series drawn as unconnected dots.
    case points(Series)
    /// Adjacent bars over bin edges (a histogram).
    case bars(Bars)
    /// A grid of values filling a rectangle (the background of a decision-boundary plot).
    case field(Field)

    /// The series of a line or points mark.
    var series: Series? {
        switch self {
        case .line(let s, _), .points(let s): return s
        default: return nil
        }
    }
}

/// Adjacent bars: bar i spans `edges[i]...edges[i + 1]` and rises to `heights[i]`.
public struct Bars: Equatable, Sendable {
    /// Bin edges, ascending; one more than the heights.
    public var edges: [Double]
    /// Bar heights (counts for a histogram).
    public var heights: [Double]
    /// The legend entry; empty for none.
    public var name: String
    /// The palette index of the bars' color.
    public var color: Int

    /// Bars over `edges` with `heights`.
    public init(edges: [Double], heights: [Double], name: String = "", color: Int = 0) {
        self.edges = edges
        self.heights = heights
        self.name = name
        self.color = color
    }

    /// The number of bars that have both edges and a height.
    public var count: Int { max(0, min(edges.count - 1, heights.count)) }
}

/// A grid of values tiling a rectangle: `values[row][column]`, rows running up the y range (row 0
/// at the bottom), columns along the x range. Integral values 0, 1, 2, … are classes drawn in the
/// palette's colors; other values shade from the first palette color (low) to the second (high).
public struct Field: Equatable, Sendable {
    /// The values, one row per y step.
    public var values: [[Double]]
    /// The x extent the columns tile.
    public var xRange: ClosedRange<Double>
    /// The y extent the rows tile.
    public var yRange: ClosedRange<Double>

    /// A field of `values` over the rectangle `xRange × yRange`.
    public init(values: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.values = values
        self.xRange = xRange
        self.yRange = yRange
    }

    /// The number of rows.
    public var rows: Int { values.count }
    /// The number of columns (the longest row).
    public var columns: Int { values.map(\.count).max() ?? 0 }

    /// Whether every finite value is a small non-negative integer (a class index).
    public var isCategorical: Bool {
        var any = false
        for row in values {
            for v in row where v.isFinite {
                guard v >= 0, v < 64, v == v.rounded() else { return false }
                any = true
            }
        }
        return any
    }

    /// The range continuous values are shaded over: 0…1 when they fit (probabilities), else min…max.
    var valueRange: (Double, Double) {
        var lo = Double.infinity, hi = -Double.infinity
        for row in values { for v in row where v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
        if lo > hi { return (0, 1) }
        if lo >= 0 && hi <= 1 { return (0, 1) }
        return lo == hi ? (lo - 1, hi + 1) : (lo, hi)
    }

    /// The fill color of a value (NaN gives nil: the cell is left empty).
    func color(of value: Double, categorical: Bool, range: (Double, Double)) -> Color? {
        guard value.isFinite else { return nil }
        let base: Color
        if categorical {
            // Reduced first: a finite but huge class value would trap in `Int(_:)`.
            base = Palette.color(Int(value.truncatingRemainder(dividingBy: 1_048_576)))
        } else {
            let t = (value - range.0) / (range.1 - range.0)
            base = Palette.color(0).mixed(with: Palette.color(1), t)
        }
        return base.mixed(with: .white, 0.72)
    }
}
