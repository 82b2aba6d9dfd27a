// Decision-boundary plots: a classifier's predictions over a grid, with the data on top.

extension Chart {
    /// A 2-D classifier's decision regions: `grid[row][column]` holds the prediction at row i of the
    /// y range (row 0 at the bottom) and column j of the x range, as class indices (each class in its
    /// palette color) or as scores such as probabilities (shaded from class 0's color to class 1's).
    /// The cells tile `xRange × yRange`. `points` (each `[x, y]`) are drawn on top, colored by `labels`.
    public static func decisionBoundary(grid: [[Double]], xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                                        points: [[Double]] = [], labels: [Double]? = nil, classNames: [String]? = nil,
                                        title: String = "", xLabel: String = "", yLabel: String = "") -> Chart {
        let xs = points.map { $0.count >= 2 ? $0[0] : .nan }
        let ys = points.map { $0.count >= 2 ? $0[1] : .nan }
        var marks: [Mark] = [.field(Field(values: grid, xRange: xRange, yRange: yRange))]
        marks += classSeries(x: xs, y: ys, labels: labels, classNames: classNames).map { .points($0) }
        return Chart(.plot(marks), title: title, xLabel: xLabel, yLabel: yLabel)
    }
}
