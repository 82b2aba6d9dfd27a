// Where a heatmap's parts go: decided once, used to draw it and to size a chart to its matrix.

/// The pixel layout of a heatmap in a `width × height` box: square cells as large as fit, row labels
/// on the left, column labels below (vertical when wider than a cell), a color bar on the right.
struct HeatmapLayout {
    /// Whether the box is a small panel (one of many in a grid): smaller title, no color bar.
    let small: Bool
    let top: Double
    let rowLabels: [String]
    let columnLabels: [String]
    let rowLabelWidth: Double
    let columnLabelWidth: Double
    let range: (lower: Double, upper: Double)
    let barTicks: Ticks
    let colorBar: Bool
    /// Room below the cells: column labels, the x label, the color bar's lowest tick label.
    let bottomReserve: Double
    let cell: Double
    let vertical: Bool
    let gridWidth: Double
    let gridHeight: Double
    let x0: Double
    let y0: Double

    init(chart: Chart, map: Heatmap, width: Double, height: Double) {
        let rows = map.rows, columns = map.columns
        small = width < 160
        top = chart.title.isEmpty ? 12.0 : (small ? 28 : 40)
        let size = HeatmapFrame.labelSize
        rowLabels = Array(map.rowLabels.prefix(rows))
        columnLabels = Array(map.columnLabels.prefix(columns))
        rowLabelWidth = rowLabels.isEmpty ? 0 : (rowLabels.map { AxesFrame.textWidth(AxesFrame.shortened($0), size) }.max() ?? 0) + 8
        columnLabelWidth = columnLabels.map { AxesFrame.textWidth(AxesFrame.shortened($0), size) }.max() ?? 0
        range = map.resolvedRange
        barTicks = Ticks.linear(range.lower, range.upper, maxIntervals: 5, extend: false)
        let barLabelWidth = barTicks.labels.map { AxesFrame.textWidth($0, size) }.max() ?? 0
        // A panel too narrow for a color bar beside its cells (small multiples) goes without one.
        colorBar = map.colorBar && width >= 150
        let barReserve = colorBar ? 16 + 14 + 6 + barLabelWidth + 8 : 8
        let left = 8 + (chart.yLabel.isEmpty ? 0 : 20) + rowLabelWidth
        let xLabelSpace = chart.xLabel.isEmpty ? 0.0 : 22
        let top = self.top

        func cellSize(bottomReserve: Double) -> Double {
            guard rows > 0, columns > 0 else { return 0 }
            let available = (width - left - barReserve, height - top - bottomReserve)
            return max(0.5, min(available.0 / Double(columns), available.1 / Double(rows)))
        }
        // Room below the cells for the color bar's lowest label, which hangs below its tick.
        var bottomReserve = (columnLabels.isEmpty ? (colorBar ? 10 : 6) : 20) + xLabelSpace
        var cell = cellSize(bottomReserve: bottomReserve)
        var vertical = false
        if !columnLabels.isEmpty && columnLabelWidth > cell - 4 {
            vertical = true
            bottomReserve = 10 + min(columnLabelWidth, height * 0.3) + xLabelSpace
            cell = cellSize(bottomReserve: bottomReserve)
        }
        self.bottomReserve = bottomReserve
        self.cell = cell
        self.vertical = vertical
        gridWidth = cell * Double(columns)
        gridHeight = cell * Double(rows)
        x0 = left + max(0, width - left - barReserve - gridWidth) / 2
        y0 = top
    }

    /// The height the drawing needs: less than the box where a wide matrix leaves space below.
    var usedHeight: Double { top + gridHeight + bottomReserve + 4 }

    /// A height for a chart of `width` that shows `map` with no empty band below it, at most `height`.
    static func fittedHeight(chart: Chart, map: Heatmap, width: Double, height: Double) -> Double {
        let full = HeatmapLayout(chart: chart, map: map, width: width, height: height)
        let needed = full.usedHeight.rounded(.up)
        guard map.rows > 0, needed < height - 1 else { return height }
        // Keep the smaller height only if the cells stay the same size in it (labels may claim a share of the height).
        let fitted = HeatmapLayout(chart: chart, map: map, width: width, height: needed)
        return abs(fitted.cell - full.cell) < 1e-9 && fitted.usedHeight <= needed + 1e-9 ? needed : height
    }
}
