// The SVG form of a chart: a self-contained document (no scripts, no external resources, no ids).

extension Chart {
    /// The chart as a standalone SVG document: a `viewBox` of `width × height` that scales down with
    /// its container (`max-width:100%`), a generic sans-serif font stack, a white background, and
    /// no scripts, external resources or element ids (so several can share one HTML page).
    public func svg() -> String {
        // Sizes that are not finite or out of reason fall back to something drawable.
        let width = width.isFinite && width > 0 ? min(max(width, 60), 100_000) : 640
        let height = height.isFinite && height > 0 ? min(max(height, 40), 100_000) : 400
        var writer = SVGWriter()
        writer.openDocument(width: width, height: height, title: title)
        draw(into: &writer, width: width, height: height)
        return writer.finish()
    }

    /// Draws the chart into a `width × height` box whose top-left corner is the origin.
    func draw(into w: inout SVGWriter, width: Double, height: Double) {
        w.rect(x: 0, y: 0, width: width, height: height, fill: "#ffffff", extra: " class=\"background\"")
        switch content {
        case .plot(let marks):
            let extent = Extent(marks: marks, logY: logY)
            var notes: [String] = []
            if extent.dropped > 0 {
                notes.append("\(extent.dropped) value\(extent.dropped == 1 ? "" : "s") ≤ 0 not shown on the log scale")
            }
            let frame = AxesFrame(chart: self, width: width, height: height, axis: .numeric(extent),
                                  legend: LegendEntry.entries(marks), notes: notes)
            frame.drawAxes(into: &w)
            if extent.isEmpty {
                frame.drawEmptyNote(into: &w)
            } else {
                for (i, mark) in marks.enumerated() { frame.draw(mark, index: i, into: &w) }
            }
            frame.drawDecorations(into: &w)
        case .bars(let categories, let values):
            let frame = AxesFrame(chart: self, width: width, height: height, axis: .categorical(categories, values),
                                  legend: [], notes: [])
            frame.drawAxes(into: &w)
            if categories.isEmpty { frame.drawEmptyNote(into: &w) } else { frame.drawCategoryBars(values, into: &w) }
            frame.drawDecorations(into: &w)
        case .heatmap(let map):
            HeatmapFrame(chart: self, map: map, width: width, height: height).draw(into: &w)
        case .grid(let charts, let columns):
            drawGrid(charts, columns: columns, into: &w, width: width, height: height)
        }
    }

    private func drawGrid(_ charts: [Chart], columns: Int, into w: inout SVGWriter, width: Double, height: Double) {
        let shared = Chart.sharedScale(charts)
        let layout = GridLayout(count: charts.count, columns: columns, width: width, height: height,
                                hasTitle: !title.isEmpty, colorBar: shared != nil)
        if !title.isEmpty {
            w.text(title, x: width / 2, y: 21, size: GridLayout.titleSize, anchor: "middle", weight: "600", className: "title")
        }
        if charts.isEmpty {
            w.text("no charts", x: width / 2, y: layout.top + layout.cellHeight / 2, size: 12, anchor: "middle",
                   color: "#777", className: "note")
        }
        for (i, chart) in charts.enumerated() {
            let (x, y) = layout.origin(i)
            w.open("svg", ["class": "panel", "x": w.n(x), "y": w.n(y), "width": w.n(layout.cellWidth),
                           "height": w.n(layout.cellHeight), "overflow": "hidden"])
            var panel = chart
            if shared != nil, case .heatmap(var map) = chart.content {
                map.colorBar = false
                panel.content = .heatmap(map)
            }
            panel.draw(into: &w, width: layout.cellWidth, height: layout.cellHeight)
            w.close()
        }
        if let shared {
            // Beside the panels, as tall as their rows, with room above and below for tick labels.
            let top = layout.top + 12, height = max(1, Double(layout.rows) * layout.cellHeight - 24)
            let (lo, hi) = (shared.range.lowerBound, shared.range.upperBound)
            // About 18 pixels a tick label: a bar beside one row of small panels gets fewer ticks.
            let intervals = max(1, min(5, Int(height / 18)))
            HeatmapFrame.drawColorBar(shared.colormap, x: width - GridLayout.colorBarStrip + 8, y: top, height: height,
                                      ticks: Ticks.linear(lo, hi, maxIntervals: intervals, extend: false), range: (lo, hi), into: &w)
        }
    }
}
