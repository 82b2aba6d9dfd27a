// x–y charts as text: marks drawn on a dot canvas, min/max labels on both axes, a legend line.

/// Draws an x–y chart's marks on a braille or ASCII canvas with a labeled frame.
struct PlotText {
    let chart: Chart
    let marks: [Mark]
    let options: TextOptions

    func lines() -> [String] {
        let extent = Extent(marks: marks, logY: chart.logY)
        var lines: [String] = []
        if !chart.title.isEmpty { lines.append(chart.title) }
        guard !extent.isEmpty else {
            lines.append("(no data)")
            if extent.dropped > 0 { lines.append(droppedNote(extent.dropped)) }
            return lines
        }
        let logY = chart.logY
        let (xMin, xMax) = Ticks.widened(extent.xMin, extent.xMax)
        var (yMin, yMax) = (extent.yMin, extent.yMax)
        if logY {
            if yMin == yMax { yMin /= 10; yMax *= 10 }
        } else {
            (yMin, yMax) = Ticks.widened(yMin, yMax)
        }
        var canvas = DotCanvas(columns: options.width, rows: options.height, ascii: options.ascii)
        let xScale = Scale(lower: xMin, upper: xMax, from: 0, to: Double(canvas.width - 1))
        let yScale = Scale(lower: yMin, upper: yMax, log: logY, from: Double(canvas.height - 1), to: 0)
        let cellMarkers = usesCellMarkers
        func dot(_ x: Double, _ y: Double) -> (Int, Int)? {
            let px = xScale(x).rounded(), py = yScale(y).rounded()
            guard px >= -0.5, py >= -0.5, px <= Double(canvas.width) - 0.5, py <= Double(canvas.height) - 0.5 else { return nil }
            return (Int(px), Int(py))
        }

        for (index, mark) in marks.enumerated() {
            switch mark {
            case .field(let field):
                drawField(field, on: &canvas, xScale: xScale, yScale: yScale)
            case .bars(let bars):
                for i in 0..<bars.count where bars.heights[i].isFinite && !(logY && bars.heights[i] <= 0) {
                    guard let (x0, top) = dot(bars.edges[i], bars.heights[i]), let (x1, _) = dot(bars.edges[i + 1], bars.heights[i]) else { continue }
                    let base = logY ? canvas.height - 1 : (dot(bars.edges[i], 0)?.1 ?? canvas.height - 1)
                    for x in x0...max(x0, x1) { canvas.line(x, base, x, top, series: bars.color) }
                }
            case .line(let series, let markers):
                let color = series.color ?? index
                for run in series.segments(logY: logY).runs {
                    var previous: (Int, Int)?
                    for p in run {
                        guard let d = dot(p.x, p.y) else { previous = nil; continue }
                        if let previous { canvas.line(previous.0, previous.1, d.0, d.1, series: color) }
                        canvas.set(d.0, d.1, series: color, marker: options.ascii || markers)
                        previous = d
                    }
                }
            case .points(let series):
                let color = series.color ?? index
                for run in series.segments(logY: logY).runs {
                    for p in run {
                        guard let d = dot(p.x, p.y) else { continue }
                        if cellMarkers {
                            // One marker character per point: classes stay apart without color.
                            let column = options.ascii ? d.0 : d.0 / 2, row = options.ascii ? d.1 : d.1 / 4
                            canvas.put(DotCanvas.marker(color), column: column, row: row, series: color)
                        } else {
                            canvas.set(d.0, d.1, series: color, marker: true)
                        }
                    }
                }
            }
        }

        // Frame: y max and min beside the top and bottom rows, x min and max under the axis.
        let top = TextOptions.number(yMax), bottom = TextOptions.number(yMin)
        let gutter = max(top.count, bottom.count)
        let rows = canvas.lines(colors: options.colors)
        let (tick, bar, corner, rule) = options.ascii ? ("+", "|", "+", "-") : ("┤", "│", "└", "─")
        if !chart.yLabel.isEmpty { lines.append(chart.yLabel) }
        for (r, row) in rows.enumerated() {
            let label = r == 0 ? top : (r == rows.count - 1 ? bottom : "")
            let mark = label.isEmpty ? bar : tick
            lines.append(TextOptions.padLeft(label, gutter) + " " + mark + row)
        }
        let indent = String(repeating: " ", count: gutter + 2)
        lines.append(String(repeating: " ", count: gutter) + " " + corner + String(repeating: rule, count: canvas.columns))
        let left = TextOptions.number(xMin), right = TextOptions.number(xMax)
        let space = max(1, canvas.columns - left.count - right.count)
        lines.append(indent + left + String(repeating: " ", count: space) + right)
        if !chart.xLabel.isEmpty { lines.append(indent + TextOptions.centered(chart.xLabel, canvas.columns)) }
        let legend = legendLine()
        if !legend.isEmpty { lines.append(indent + legend) }
        if extent.dropped > 0 { lines.append(indent + droppedNote(extent.dropped)) }
        return lines
    }

    /// "── train   ── test": one entry per named series, in its marker (and color).
    private func legendLine() -> String {
        var entries: [String] = []
        for (index, mark) in marks.enumerated() {
            guard let series = mark.series, !series.name.isEmpty else { continue }
            let color = series.color ?? index
            let symbol: String
            let isPoints: Bool
            if case .points = mark { isPoints = true } else { isPoints = false }
            if options.ascii || (isPoints && usesCellMarkers) {
                symbol = String(DotCanvas.marker(color))
            } else if isPoints {
                symbol = "⣿"
            } else {
                symbol = "──"
            }
            entries.append(options.colored(symbol, color) + " " + series.name)
        }
        return entries.joined(separator: "   ")
    }

    /// Whether points are drawn as whole-character markers (`*`, `+`, `o`, …) rather than dots: over a
    /// field (whose shades fill every cell), and for several classes when there is no color to tell them apart.
    private var usesCellMarkers: Bool {
        var fields = 0, pointSeries = 0
        for mark in marks {
            if case .field = mark { fields += 1 }
            if case .points = mark { pointSeries += 1 }
        }
        return fields > 0 || (pointSeries > 1 && !options.color)
    }

    private func droppedNote(_ count: Int) -> String {
        "(\(count) value\(count == 1 ? "" : "s") ≤ 0 not shown on the log scale)"
    }

    /// Fills each character cell with the field's class (or shade) at the cell's center.
    private func drawField(_ field: Field, on canvas: inout DotCanvas, xScale: Scale, yScale: Scale) {
        let rows = field.rows, columns = field.columns
        let (x0, x1) = (field.xRange.lowerBound, field.xRange.upperBound)
        let (y0, y1) = (field.yRange.lowerBound, field.yRange.upperBound)
        guard rows > 0, columns > 0, x1 > x0, y1 > y0, (x1 - x0).isFinite, (y1 - y0).isFinite else { return }
        let categorical = field.isCategorical
        let range = field.valueRange
        let shades: [Character]
        if options.ascii {
            shades = categorical ? [" ", ".", ":", "-", "=", "~", "'", "^"] : [" ", ".", ":", "-", "="]
        } else {
            shades = [" ", "░", "▒", "▓"]
        }
        let perColumn = options.ascii ? 1.0 : 2.0, perRow = options.ascii ? 1.0 : 4.0
        for row in 0..<canvas.rows {
            for column in 0..<canvas.columns {
                // The data coordinates at the center of this character cell.
                let px = (Double(column) + 0.5) * perColumn - 0.5, py = (Double(row) + 0.5) * perRow - 0.5
                let fx = xScale.lower + (px / Double(canvas.width - 1)) * (xScale.upper - xScale.lower)
                let fy = yScale.upper - (py / Double(canvas.height - 1)) * (yScale.upper - yScale.lower)
                // Cells at the far edges sample exactly on the range's end: count them in the last cell.
                let u = (fx - x0) / (x1 - x0) * Double(columns), w = (fy - y0) / (y1 - y0) * Double(rows)
                guard u.isFinite, w.isFinite, u >= 0, w >= 0 else { continue }
                let c = min(columns - 1, Int(min(u, Double(columns)))), r = min(rows - 1, Int(min(w, Double(rows))))
                guard c >= 0, c < columns, r >= 0, r < rows, c < field.values[r].count else { continue }
                let v = field.values[r][c]
                guard v.isFinite else { continue }
                let level: Int
                if categorical {
                    // Reduced first (a huge class value traps in `Int(_:)`); the index is kept non-negative.
                    let k = Int(v.truncatingRemainder(dividingBy: 1_048_576)) % shades.count
                    level = k < 0 ? k + shades.count : k
                } else {
                    let t = min(1, max(0, (v - range.0) / (range.1 - range.0)))
                    level = Int((t * Double(shades.count - 1)).rounded())
                }
                canvas.put(shades[level], column: column, row: row, series: -1)
            }
        }
    }
}
