// x–y charts as text: marks drawn on a dot canvas, nice ticks on both axes, a legend line.

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
        let rows = options.height
        // Labels at a few nice values (at most one every other row), a linear axis ending on one.
        let yTicks = extent.textYTicks(maxIntervals: max(1, min(7, rows / 2)), logY: logY)
        let yLabels = yTicks.labels
        let gutter = yLabels.map(TextOptions.visibleWidth).max() ?? 1
        let columns = options.lineWidth.map { max(8, $0 - gutter - 2) } ?? options.width
        let xTicks = PlotText.xTicks(extent, columns: columns)
        let (xMin, xMax) = (xTicks.lower, xTicks.upper)
        let (yMin, yMax) = (yTicks.lower, yTicks.upper)
        var canvas = DotCanvas(columns: columns, rows: rows, ascii: options.ascii)
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
                // Without color, each line keeps its own dot pattern (solid, dotted, dashed, …).
                let style = options.ascii ? LineStyle.solid : LineStyle.of(color)
                for run in series.segments(logY: logY).runs {
                    var previous: (Int, Int)?
                    var step = 0
                    for p in run {
                        guard let d = dot(p.x, p.y) else { previous = nil; continue }
                        if let previous {
                            canvas.line(previous.0, previous.1, d.0, d.1, series: color, style: style, step: &step, skippingStart: true)
                        } else if style.draws(step) || run.count == 1 {
                            canvas.set(d.0, d.1, series: color, marker: false)
                            step += 1
                        }
                        if options.ascii || markers { canvas.set(d.0, d.1, series: color, marker: true) }
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

        // Frame: y tick labels beside their rows, x tick labels under the axis.
        var rowLabels = [String?](repeating: nil, count: canvas.rows)
        for (value, label) in zip(yTicks.values, yLabels) {
            let py = yScale(value).rounded()
            guard py >= 0, py < Double(canvas.height) else { continue }
            let r = Int(py) / (canvas.height / canvas.rows)
            if rowLabels[r] == nil { rowLabels[r] = label }
        }
        let drawn = canvas.lines(colors: options.colors)
        let (tick, bar, corner, rule, xTick) = options.ascii ? ("+", "|", "+", "-", "+") : ("┤", "│", "└", "─", "┬")
        // A y label the same as the title (a loss chart titled "loss") is shown once.
        if !chart.yLabel.isEmpty && chart.yLabel != chart.title { lines.append(chart.yLabel) }
        for (r, row) in drawn.enumerated() {
            let label = rowLabels[r] ?? ""
            lines.append(TextOptions.padLeft(label, gutter) + " " + (rowLabels[r] == nil ? bar : tick) + row)
        }
        let indent = String(repeating: " ", count: gutter + 2)
        var axis = [String](repeating: rule, count: canvas.columns)
        var labelLine = [Character](repeating: " ", count: canvas.columns)
        var free = 0
        for (value, label) in zip(xTicks.values, xTicks.labels) {
            let px = xScale(value).rounded()
            guard px >= 0, px < Double(canvas.width) else { continue }
            let c = Int(px) / (canvas.width / canvas.columns)
            axis[c] = xTick
            let text = Array(label)
            let start = max(free, min(c - text.count / 2, labelLine.count - text.count))
            guard start >= 0, start <= c, start + text.count <= labelLine.count else { continue }
            for (i, ch) in text.enumerated() { labelLine[start + i] = ch }
            free = start + text.count + 1
        }
        lines.append(String(repeating: " ", count: gutter) + " " + corner + axis.joined())
        lines.append(indent + String(labelLine))
        if !chart.xLabel.isEmpty { lines.append(indent + TextOptions.centered(chart.xLabel, canvas.columns)) }
        let legend = legendLine()
        if !legend.isEmpty { lines.append(indent + legend) }
        if extent.dropped > 0 { lines.append(indent + droppedNote(extent.dropped)) }
        return lines
    }

    /// Ticks for the x axis that fit `columns` characters with room between their labels.
    static func xTicks(_ extent: Extent, columns: Int) -> Ticks {
        var intervals = max(1, min(10, columns / 8))
        var ticks = extent.xTicks(maxIntervals: intervals)
        while intervals > 1 {
            let widest = ticks.labels.map(\.count).max() ?? 0
            if (widest + 2) * ticks.values.count <= columns { break }
            intervals -= 1
            ticks = extent.xTicks(maxIntervals: intervals)
        }
        return ticks
    }

    /// "⠒⠒⠒⠒ train   ⠂⠂⠂⠂ test": one entry per named series, in its own dot pattern or marker (and color).
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
                symbol = LineStyle.of(color).sample
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

extension Extent {
    /// Ticks for a text chart's y axis: a linear axis ends on whole steps (its top and bottom rows are
    /// labelled with round numbers); a log axis fits the data with ticks at 1, 2 and 5 times powers of ten.
    func textYTicks(maxIntervals: Int, logY: Bool) -> Ticks {
        if logY || isEmpty || exact { return yTicks(maxIntervals: maxIntervals, logY: logY, fitted: true) }
        // The tightest axis that some number of intervals allows (fewer labels when two are as tight).
        var best = Ticks.linear(yMin, yMax, maxIntervals: 1, extend: true)
        for intervals in 2...max(2, maxIntervals) {
            let ticks = Ticks.linear(yMin, yMax, maxIntervals: intervals, extend: true)
            if ticks.upper - ticks.lower < (best.upper - best.lower) * (1 - 1e-9) { best = ticks }
        }
        return best
    }
}
