// Small multiples: several charts composed into one.

extension Chart {
    /// The widest a grid is by default: notebooks show an SVG output as an image that does not shrink
    /// to the cell, so a wider grid would be cut off or need scrolling.
    public static let maxGridWidth = 880.0

    /// Small multiples: `charts` in rows of `columns` (default: a near-square layout), each drawn in a
    /// cell of `cellWidth × cellHeight` pixels (height defaults to the width for heatmaps, else 0.75 of it).
    /// The default cell width is 220 for heatmaps (more for labelled ones with many rows, see
    /// `heatmapCellWidth`) and 440 for other charts (two line charts side by side fill a notebook's
    /// width), or less where `columns` of them would be wider than `maxGridWidth`.
    /// Heatmaps that all give the same colormap and range share one color bar on the grid's right.
    public static func grid(_ charts: [Chart], columns: Int? = nil, title: String = "",
                            cellWidth: Double? = nil, cellHeight: Double? = nil) -> Chart {
        let count = max(1, charts.count)
        var columns = columns ?? Int(Double(count).squareRoot().rounded(.up))
        columns = max(1, min(columns, count))
        let rows = (charts.count + columns - 1) / columns
        let allHeatmaps = !charts.isEmpty && charts.allSatisfy {
            if case .heatmap = $0.content { return true }
            return false
        }
        let shared = sharedScale(charts)
        let strip = shared == nil ? 0 : GridLayout.colorBarStrip
        let fitting = min(allHeatmaps ? heatmapCellWidth(charts) : 440, ((maxGridWidth - strip) / Double(columns)).rounded(.down))
        let cellWidth = cellWidth.map { $0.isFinite ? max(40, $0) : fitting } ?? max(40, fitting)
        let cellHeight = cellHeight.map { $0.isFinite ? max(30, $0) : cellWidth } ?? (allHeatmaps ? cellWidth : cellWidth * 0.75)
        let titleSpace = title.isEmpty ? 0 : GridLayout.titleHeight
        // A title wider than the panels widens the grid (up to maxGridWidth) rather than being cut.
        let titleWidth = AxesFrame.textWidth(title, GridLayout.titleSize) + 24
        let width = max(Double(columns) * cellWidth + strip, min(titleWidth, maxGridWidth))
        return Chart(.grid(charts, columns: columns), title: title,
                     width: width, height: titleSpace + Double(max(1, rows)) * cellHeight)
    }

    /// The panel width for heatmaps: 220, or up to 440 where labelled rows or columns need about 14
    /// pixels each to name every one (a 24-token attention map).
    static func heatmapCellWidth(_ charts: [Chart]) -> Double {
        let labelled = charts.map { chart -> Int in
            guard case .heatmap(let map) = chart.content else { return 0 }
            return max(map.rowLabels.isEmpty ? 0 : map.rows, map.columnLabels.isEmpty ? 0 : map.columns)
        }.max() ?? 0
        return min(440, max(220, 14 * Double(labelled) + 90))
    }

    /// The colormap and range every chart of a grid states the same way, when all are heatmaps with
    /// an explicit range (`min:`/`max:`): one color bar then reads for all of them.
    static func sharedScale(_ charts: [Chart]) -> (colormap: Colormap, range: ClosedRange<Double>)? {
        var shared: (colormap: Colormap, range: ClosedRange<Double>)?
        for chart in charts {
            guard case .heatmap(let map) = chart.content, let range = map.range, map.colorBar,
                  range.lowerBound.isFinite, range.upperBound.isFinite, range.upperBound > range.lowerBound else { return nil }
            if let shared, shared.colormap != map.colormap || shared.range != range { return nil }
            shared = (map.colormap, range)
        }
        return shared
    }
}

/// Where each cell of a grid goes.
struct GridLayout {
    static let titleHeight = 30.0
    static let titleSize = 16.0
    /// The width on a grid's right that its shared color bar and tick labels take.
    static let colorBarStrip = 64.0

    let columns: Int
    let rows: Int
    let cellWidth: Double
    let cellHeight: Double
    let top: Double

    init(count: Int, columns: Int, width: Double, height: Double, hasTitle: Bool, colorBar: Bool = false) {
        self.columns = max(1, columns)
        self.rows = max(1, (count + self.columns - 1) / self.columns)
        self.top = hasTitle ? GridLayout.titleHeight : 0
        self.cellWidth = max(1, width - (colorBar ? GridLayout.colorBarStrip : 0)) / Double(self.columns)
        self.cellHeight = max(1, height - top) / Double(rows)
    }

    /// The top-left corner of cell `index`.
    func origin(_ index: Int) -> (x: Double, y: Double) {
        (Double(index % columns) * cellWidth, top + Double(index / columns) * cellHeight)
    }
}
