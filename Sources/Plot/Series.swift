// A named sequence of points.

/// A named sequence of (x, y) points: one line of a line chart or one class of a scatter plot.
public struct Series: Equatable, Sendable {
    /// The legend entry; an empty name leaves the series out of the legend.
    public var name: String
    /// x coordinates; `nil` means 0, 1, 2, … (the index of each y value).
    public var x: [Double]?
    /// y coordinates; NaN and infinite values are skipped, leaving a gap in a line.
    public var y: [Double]
    /// A palette index for this series' color; `nil` picks the next color in order.
    public var color: Int?

    /// A series of y values, optionally with x values (default 0..<n) and a name for the legend.
    public init(_ name: String = "", x: [Double]? = nil, y: [Double], color: Int? = nil) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
    }

    /// A named series of y values at x = 0, 1, 2, ….
    public init(_ name: String, _ y: [Double]) {
        self.init(name, x: nil, y: y)
    }

    /// An unnamed series of y values at x = 0, 1, 2, … (left out of the legend).
    public init(_ y: [Double]) {
        self.init("", x: nil, y: y)
    }

    /// The number of points (pairs of x and y; extra values on either side are ignored).
    public var count: Int { x.map { min($0.count, y.count) } ?? y.count }

    /// The x value of point `i`.
    @inline(__always) func xValue(_ i: Int) -> Double { x?[i] ?? Double(i) }

    /// Runs of consecutive drawable points, split where a value is NaN, infinite, or (on a log
    /// axis) not positive. `dropped` counts finite y values that a log axis cannot show.
    func segments(logY: Bool) -> (runs: [[(x: Double, y: Double)]], dropped: Int) {
        var runs: [[(x: Double, y: Double)]] = []
        var current: [(x: Double, y: Double)] = []
        var dropped = 0
        for i in 0..<count {
            let px = xValue(i), py = y[i]
            var drawable = px.isFinite && py.isFinite
            if drawable && logY && py <= 0 {
                drawable = false
                dropped += 1
            }
            if drawable {
                current.append((px, py))
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return (runs, dropped)
    }
}
