// Heatmaps in SVG: square cells, row and column labels, annotations and a color bar.

/// Draws a heatmap into a `width × height` box, where `HeatmapLayout` puts its parts.
struct HeatmapFrame {
    static let labelSize = 11.0

    let chart: Chart
    let map: Heatmap
    let width: Double
    let height: Double

    func draw(into w: inout SVGWriter) {
        let layout = HeatmapLayout(chart: chart, map: map, width: width, height: height)
        let rows = map.rows, columns = map.columns
        if !chart.title.isEmpty {
            w.text(chart.title, x: width / 2, y: layout.small ? 19 : 25, size: layout.small ? 12 : AxesFrame.titleSize,
                   anchor: "middle", color: "#111", weight: "600", className: "title")
        }
        guard rows > 0, columns > 0 else {
            w.text("no data", x: width / 2, y: (layout.top + height) / 2, size: 13, anchor: "middle", color: "#777", className: "note")
            return
        }
        // The layout's parts under the short names the drawing code below uses.
        let size = HeatmapFrame.labelSize
        let (rowLabels, columnLabels) = (layout.rowLabels, layout.columnLabels)
        let (rowLabelWidth, columnLabelWidth) = (layout.rowLabelWidth, layout.columnLabelWidth)
        let range = layout.range, (lo, hi) = layout.range
        let (barTicks, colorBar, bottomReserve) = (layout.barTicks, layout.colorBar, layout.bottomReserve)
        let (cell, vertical, gridWidth, gridHeight) = (layout.cell, layout.vertical, layout.gridWidth, layout.gridHeight)
        let (x0, y0) = (layout.x0, layout.y0)

        // Cells in units of one cell (the group scales them), so each is short: x, y, 1 × 1, a color.
        w.open("g", ["class": "cells", "shape-rendering": "crispEdges",
                     "transform": "translate(\(w.n(x0)) \(w.n(y0))) scale(\(NumberFormat.trimZeros(NumberFormat.fixed(cell, decimals: 4))))"])
        for r in 0..<rows {
            for c in 0..<columns {
                let v = map.value(r, c)
                let fill = v.isFinite ? map.colormap.color(at: map.fraction(v, in: range)).hex : "#f2f2f2"
                w.raw("<rect x=\"\(c)\" y=\"\(r)\" width=\"1\" height=\"1\" fill=\"\(fill)\"/>")
            }
        }
        w.close()
        w.raw("<rect class=\"outline\" x=\"\(w.n(x0))\" y=\"\(w.n(y0))\" width=\"\(w.n(gridWidth))\" height=\"\(w.n(gridHeight))\" fill=\"none\" stroke=\"#bbb\" stroke-width=\"0.75\"/>")

        if map.annotate {
            let longest = (0..<rows).flatMap { r in (0..<columns).map { c in map.annotation(map.value(r, c)).count } }.max() ?? 1
            let font = min(13, cell * 0.42, cell * 0.9 / (Double(max(1, longest)) * 0.6))
            if font >= 5 {
                w.open("g", ["class": "annotations", "font-size": w.n(font), "text-anchor": "middle"])
                for r in 0..<rows {
                    for c in 0..<columns {
                        let v = map.value(r, c)
                        guard v.isFinite else { continue }
                        let dark = map.colormap.color(at: map.fraction(v, in: range)).luminance > 0.4
                        w.element("text", ["x": w.n(x0 + (Double(c) + 0.5) * cell), "y": w.n(y0 + (Double(r) + 0.5) * cell + font * 0.35),
                                           "fill": dark ? "#111" : "#fff"], text: map.annotation(v))
                    }
                }
                w.close()
            }
        }

        // Labels: smaller text for small cells (down to 8 px), and only every k-th one when even that
        // is taller than a cell, so that a 24-token attention map in a 420-pixel panel names every token.
        let labelSize = min(size, max(8, cell * 0.8))
        if !rowLabels.isEmpty {
            let every = max(1, Int(((labelSize + 2) / cell).rounded(.up)))
            w.open("g", ["class": "row-labels", "font-size": w.n(labelSize), "fill": "#444", "text-anchor": "end"])
            for (r, label) in rowLabels.enumerated() where r % every == 0 {
                w.element("text", ["x": w.n(x0 - 6), "y": w.n(y0 + (Double(r) + 0.5) * cell + 4)], text: AxesFrame.shortened(label))
            }
            w.close()
        }
        if !columnLabels.isEmpty {
            let every = max(1, Int(((vertical ? labelSize + 2 : columnLabelWidth + 4) / cell).rounded(.up)))
            w.open("g", ["class": "column-labels", "font-size": w.n(labelSize), "fill": "#444", "text-anchor": vertical ? "end" : "middle"])
            for (c, label) in columnLabels.enumerated() where c % every == 0 {
                let px = x0 + (Double(c) + 0.5) * cell
                if vertical {
                    let py = y0 + gridHeight + 6
                    w.element("text", ["x": w.n(px + 4), "y": w.n(py), "transform": "rotate(-90 \(w.n(px + 4)) \(w.n(py)))"],
                              text: AxesFrame.shortened(label))
                } else {
                    w.element("text", ["x": w.n(px), "y": w.n(y0 + gridHeight + 15)], text: AxesFrame.shortened(label))
                }
            }
            w.close()
        }
        if !chart.xLabel.isEmpty {
            w.text(chart.xLabel, x: x0 + gridWidth / 2, y: y0 + gridHeight + bottomReserve - 6, size: AxesFrame.labelSize,
                   anchor: "middle", color: AxesFrame.textColor, className: "x-label")
        }
        if !chart.yLabel.isEmpty {
            w.text(chart.yLabel, x: x0 - rowLabelWidth - 14, y: y0 + gridHeight / 2, size: AxesFrame.labelSize,
                   anchor: "middle", color: AxesFrame.textColor, rotate: -90, className: "y-label")
        }
        if colorBar {
            HeatmapFrame.drawColorBar(map.colormap, x: x0 + gridWidth + 16, y: y0, height: gridHeight, ticks: barTicks,
                                      range: (lo, hi), into: &w)
        }
    }
}

extension HeatmapFrame {
    /// A vertical strip of the colormap (low at the bottom) with ticks on its right.
    static func drawColorBar(_ colormap: Colormap, x: Double, y: Double, height: Double, ticks: Ticks,
                             range: (Double, Double), into w: inout SVGWriter) {
        let steps = 64
        let step = height / Double(steps)
        w.open("g", ["class": "colorbar"])
        w.open("g", ["class": "colorbar-steps", "shape-rendering": "crispEdges"])
        for i in 0..<steps {
            let t = (Double(i) + 0.5) / Double(steps)
            w.rect(x: x, y: y + height - Double(i + 1) * step, width: 14, height: step + 0.5,
                   fill: colormap.color(at: t).hex)
        }
        w.close()
        w.raw("<rect x=\"\(w.n(x))\" y=\"\(w.n(y))\" width=\"14\" height=\"\(w.n(height))\" fill=\"none\" stroke=\"#999\" stroke-width=\"0.75\"/>")
        let scale = Scale(lower: range.0, upper: range.1, from: y + height, to: y)
        w.open("g", ["class": "colorbar-ticks", "font-size": w.n(HeatmapFrame.labelSize), "fill": "#444"])
        for (v, label) in zip(ticks.values, ticks.labels) {
            let py = scale(v)
            w.line(x + 14, py, x + 18, py, stroke: "#777")
            w.element("text", ["x": w.n(x + 21), "y": w.n(py + 4)], text: label)
        }
        w.close()
        w.close()
    }
}
