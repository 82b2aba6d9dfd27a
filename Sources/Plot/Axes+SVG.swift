// The frame of an x–y chart in SVG: margins, grid lines, ticks, axis labels, legend, title, notes.

/// The pixel layout of an x–y chart: the plot rectangle inside its margins, the ticks and scales.
struct AxesFrame {
    /// What the x axis shows.
    enum Axis {
        case numeric(Extent)
        case categorical([String], [Double])
    }

    static let tickSize = 11.0
    static let labelSize = 12.0
    static let titleSize = 15.0
    static let textColor = "#222"
    static let axisColor = "#555"
    static let gridColor = "#e8e8e8"

    let chart: Chart
    let width: Double
    let height: Double
    let left: Double, top: Double, right: Double, bottom: Double
    let xTicks: Ticks
    let yTicks: Ticks
    let x: Scale
    let y: Scale
    let legend: [LegendEntry]
    let legendLeft: Double
    let rotateXLabels: Bool
    let categorical: Bool
    let notes: [String]
    let logY: Bool

    /// The approximate width of `text` at `size` in a sans-serif font.
    static func textWidth(_ text: String, _ size: Double) -> Double { TextMetrics.width(text, size: size) }

    init(chart: Chart, width: Double, height: Double, axis: Axis, legend: [LegendEntry], notes: [String]) {
        self.chart = chart
        self.width = width
        self.height = height
        self.legend = legend
        self.notes = notes
        let logY: Bool
        let categories: [String]?
        let extent: Extent
        switch axis {
        case .numeric(let e):
            extent = e
            categories = nil
            logY = chart.logY
        case .categorical(let names, let values):
            var e = Extent(marks: [], logY: false)
            e.xMin = -0.5; e.xMax = Double(names.count) - 0.5
            e.yMin = 0; e.yMax = 0
            for v in values where v.isFinite { e.yMin = min(e.yMin, v); e.yMax = max(e.yMax, v) }
            extent = e
            categories = names
            logY = false
        }
        self.logY = logY

        // Vertical space first: it decides the y ticks, whose labels decide the left margin.
        let top = chart.title.isEmpty ? 14.0 : 40.0
        let categoryWidth = categories?.map { AxesFrame.textWidth(AxesFrame.shortened($0), AxesFrame.tickSize) }.max() ?? 0
        let roughBand = (width - 80) / Double(max(1, categories?.count ?? 1))
        let rotate = categories != nil && categoryWidth > roughBand - 6
        self.rotateXLabels = rotate
        self.categorical = categories != nil
        var bottomMargin = 26.0
        if rotate { bottomMargin = 14 + min(categoryWidth, height * 0.3) * 0.72 }
        if !chart.xLabel.isEmpty { bottomMargin += 20 }
        if !notes.isEmpty { bottomMargin += 16 * Double(notes.count) }
        let bottom = height - bottomMargin
        let plotHeight = max(10, bottom - top)
        let yTicks = extent.yTicks(maxIntervals: max(2, min(8, Int(min(plotHeight / 45, 8)))), logY: logY, fitted: true)
        let yLabelWidth = yTicks.labels.map { AxesFrame.textWidth($0, AxesFrame.tickSize) }.max() ?? 0
        let left = 10 + (chart.yLabel.isEmpty ? 0 : 20) + yLabelWidth + 8

        // Horizontal space: the legend takes the right side.
        let legendWidth = legend.isEmpty ? 0
            : 34 + (legend.map { AxesFrame.textWidth(AxesFrame.shortened($0.name), AxesFrame.labelSize) }.max() ?? 0)
        var right = width - (legend.isEmpty ? 18 : legendWidth + 18)
        if right - left < 40 { right = min(width - 4, left + 40) }
        self.legendLeft = right + 14

        var xTicks: Ticks
        if let categories {
            xTicks = Ticks(values: categories.indices.map(Double.init), labels: categories, lower: -0.5,
                           upper: Double(categories.count) - 0.5)
            if categories.isEmpty { xTicks = Ticks(values: [], labels: [], lower: -0.5, upper: 0.5) }
        } else {
            // As many intervals as fit without labels running into each other.
            var intervals = max(2, Int(min((right - left) / 80, 10)))
            xTicks = extent.xTicks(maxIntervals: intervals)
            while intervals > 1 {
                let widest = xTicks.labels.map { AxesFrame.textWidth($0, AxesFrame.tickSize) }.max() ?? 0
                if (widest + 10) * Double(xTicks.values.count) <= right - left { break }
                intervals -= 1
                xTicks = extent.xTicks(maxIntervals: intervals)
            }
        }
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
        self.xTicks = xTicks
        self.yTicks = yTicks
        self.x = Scale(xTicks, log: false, from: left, to: right)
        self.y = Scale(yTicks, log: logY, from: bottom, to: top)
    }

    /// Grid lines, axis lines, ticks and their labels, and the axis titles.
    func drawAxes(into w: inout SVGWriter) {
        w.open("g", ["class": "grid", "stroke": AxesFrame.gridColor, "stroke-width": "1"])
        for v in yTicks.values {
            let py = y(v)
            w.raw("<line x1=\"\(w.n(left))\" y1=\"\(w.n(py))\" x2=\"\(w.n(right))\" y2=\"\(w.n(py))\"/>")
        }
        let kLow = logY ? Math.floorLog10(yTicks.lower) : 0, kHigh = logY ? Math.ceilLog10(yTicks.upper) : 0
        if logY && kLow < kHigh && kHigh - kLow <= 6 {
            // Faint minor lines at 2…9 times each decade inside the axis, where no tick has a line.
            for k in kLow..<kHigh {
                for m in 2...9 {
                    let v = Ticks.decimal(m, k)
                    guard v > yTicks.lower, v < yTicks.upper, !yTicks.values.contains(where: { abs($0 - v) <= v * 1e-9 }) else { continue }
                    let py = y(v)
                    w.raw("<line x1=\"\(w.n(left))\" y1=\"\(w.n(py))\" x2=\"\(w.n(right))\" y2=\"\(w.n(py))\" stroke-opacity=\"0.45\"/>")
                }
            }
        }
        if !categorical {
            for v in xTicks.values {
                let px = x(v)
                w.raw("<line x1=\"\(w.n(px))\" y1=\"\(w.n(top))\" x2=\"\(w.n(px))\" y2=\"\(w.n(bottom))\"/>")
            }
        }
        w.close()

        w.open("g", ["class": "axes", "stroke": AxesFrame.axisColor, "stroke-width": "1"])
        w.raw("<path fill=\"none\" d=\"M\(w.n(left)) \(w.n(top))V\(w.n(bottom))H\(w.n(right))\"/>")
        for v in yTicks.values { w.raw("<line x1=\"\(w.n(left - 5))\" y1=\"\(w.n(y(v)))\" x2=\"\(w.n(left))\" y2=\"\(w.n(y(v)))\"/>") }
        for v in xTicks.values { w.raw("<line x1=\"\(w.n(x(v)))\" y1=\"\(w.n(bottom))\" x2=\"\(w.n(x(v)))\" y2=\"\(w.n(bottom + 5))\"/>") }
        w.close()

        w.open("g", ["class": "y-ticks", "data-scale": logY ? "log" : "linear", "font-size": w.n(AxesFrame.tickSize), "fill": "#444", "text-anchor": "end"])
        for (v, label) in zip(yTicks.values, yTicks.labels) {
            w.element("text", ["x": w.n(left - 8), "y": w.n(y(v) + 4)], text: label)
        }
        w.close()
        if rotateXLabels {
            w.open("g", ["class": "x-ticks", "font-size": w.n(AxesFrame.tickSize), "fill": "#444", "text-anchor": "end"])
            for (v, label) in zip(xTicks.values, xTicks.labels) {
                let px = x(v) + 3, py = bottom + 12
                w.element("text", ["x": w.n(px), "y": w.n(py), "transform": "rotate(-45 \(w.n(px)) \(w.n(py)))"],
                          text: AxesFrame.shortened(label))
            }
        } else {
            w.open("g", ["class": "x-ticks", "font-size": w.n(AxesFrame.tickSize), "fill": "#444", "text-anchor": "middle"])
            for (v, label) in zip(xTicks.values, xTicks.labels) {
                w.element("text", ["x": w.n(x(v)), "y": w.n(bottom + 18)], text: label)
            }
        }
        w.close()

        if !chart.xLabel.isEmpty {
            let below = rotateXLabels ? height - 16 * Double(notes.count) - 8 : bottom + 38
            w.text(chart.xLabel, x: (left + right) / 2, y: below, size: AxesFrame.labelSize, anchor: "middle",
                   color: AxesFrame.textColor, className: "x-label")
        }
        if !chart.yLabel.isEmpty {
            w.text(chart.yLabel, x: 16, y: (top + bottom) / 2, size: AxesFrame.labelSize, anchor: "middle",
                   color: AxesFrame.textColor, rotate: -90, className: "y-label")
        }
    }

    /// The "no data" note in the middle of an empty plot.
    func drawEmptyNote(into w: inout SVGWriter) {
        w.text("no data", x: (left + right) / 2, y: (top + bottom) / 2, size: 13, anchor: "middle", color: "#777",
               className: "note")
    }

    /// Title, legend and notes: drawn last, on top of the data.
    func drawDecorations(into w: inout SVGWriter) {
        if !chart.title.isEmpty {
            let titleWidth = TextMetrics.width(chart.title, size: AxesFrame.titleSize, bold: true)
            let center = titleWidth < (right - left) ? (left + right) / 2 : width / 2
            w.text(chart.title, x: center, y: 25, size: AxesFrame.titleSize, anchor: "middle", color: "#111",
                   weight: "600", className: "title")
        }
        if !legend.isEmpty { drawLegend(into: &w) }
        for (i, note) in notes.enumerated() {
            w.text(note, x: left, y: height - 8 - 16 * Double(notes.count - 1 - i), size: 11, color: "#777",
                   className: "note")
        }
    }

    private func drawLegend(into w: inout SVGWriter) {
        let rowHeight = 20.0
        let fits = max(1, Int((bottom - top) / rowHeight))
        let shown = legend.count <= fits ? legend : Array(legend.prefix(fits - 1))
        w.open("g", ["class": "legend", "font-size": w.n(AxesFrame.labelSize), "fill": AxesFrame.textColor])
        for (i, entry) in shown.enumerated() {
            let cy = top + 8 + Double(i) * rowHeight
            let color = entry.color.hex
            w.open("g", ["class": "legend-entry"])
            switch entry.kind {
            case .line, .lineWithMarkers:
                w.line(legendLeft, cy, legendLeft + 22, cy, stroke: color, width: 2.25)
                if entry.kind == .lineWithMarkers {
                    w.raw("<circle cx=\"\(w.n(legendLeft + 11))\" cy=\"\(w.n(cy))\" r=\"3.2\" fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"1\"/>")
                }
            case .point(let shape):
                w.raw(shape.svg(x: legendLeft + 11, y: cy, radius: 4.5, attributes: " fill=\"\(color)\"", w.n))
            case .bar:
                w.rect(x: legendLeft + 4, y: cy - 6, width: 14, height: 12, fill: color)
            }
            w.element("text", ["x": w.n(legendLeft + 30), "y": w.n(cy + 4)], text: AxesFrame.shortened(entry.name))
            w.close()
        }
        if shown.count < legend.count {
            let cy = top + 8 + Double(shown.count) * rowHeight
            w.element("text", ["x": w.n(legendLeft + 30), "y": w.n(cy + 4), "fill": "#777"],
                      text: "+\(legend.count - shown.count) more")
        }
        w.close()
    }

    /// Long names cut to 28 characters with an ellipsis.
    static func shortened(_ name: String) -> String {
        name.count <= 28 ? name : String(name.prefix(27)) + "…"
    }
}
