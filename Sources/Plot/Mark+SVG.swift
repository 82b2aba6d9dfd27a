// Marks in SVG: lines, points, bars and filled fields inside an axes frame.

extension AxesFrame {
    /// Draws one mark; `index` picks its color when the mark has none of its own.
    func draw(_ mark: Mark, index: Int, into w: inout SVGWriter) {
        switch mark {
        case .line(let series, let markers): drawLine(series, color: Palette.color(series.color ?? index), markers: markers, into: &w)
        case .points(let series): drawPoints(series, palette: series.color ?? index, into: &w)
        case .bars(let bars): drawBars(bars, into: &w)
        case .field(let field): drawField(field, into: &w)
        }
    }

    /// Whether a pixel position lies in the plot rectangle (with a little slack for rounding).
    private func inside(_ px: Double, _ py: Double) -> Bool {
        px >= left - 0.5 && px <= right + 0.5 && py >= top - 0.5 && py <= bottom + 0.5
    }

    private func drawLine(_ series: Series, color: Color, markers: Bool, into w: inout SVGWriter) {
        let (runs, _) = series.segments(logY: logY)
        w.open("g", ["class": "series", "data-name": series.name])
        var d = ""
        var lonely: [(Double, Double)] = []
        for run in runs {
            let pixels = run.map { (x($0.x), y($0.y)) }
            if pixels.count == 1 { lonely.append(pixels[0]); continue }
            for (i, p) in pixels.enumerated() {
                d += (i == 0 ? "M" : "L") + w.n(p.0) + " " + w.n(p.1)
            }
        }
        if !d.isEmpty {
            w.raw("<path class=\"line\" d=\"\(d)\" fill=\"none\" stroke=\"\(color.hex)\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>")
        }
        let dots = markers ? runs.flatMap { $0.map { (x($0.x), y($0.y)) } } : lonely
        if !dots.isEmpty {
            w.open("g", ["class": "markers", "fill": color.hex, "stroke": "#fff", "stroke-width": "1"])
            for (px, py) in dots { w.raw("<circle cx=\"\(w.n(px))\" cy=\"\(w.n(py))\" r=\"3.2\"/>") }
            w.close()
        }
        w.close()
    }

    private func drawPoints(_ series: Series, palette index: Int, into w: inout SVGWriter) {
        let (runs, _) = series.segments(logY: logY)
        let shape = Palette.shape(index)
        w.open("g", ["class": "series points", "data-name": series.name, "fill": Palette.color(index).hex, "fill-opacity": "0.85",
                     "stroke": "#fff", "stroke-width": "0.75"])
        for run in runs {
            for p in run {
                let (px, py) = (x(p.x), y(p.y))
                guard inside(px, py) else { continue }
                w.raw(shape.svg(x: px, y: py, radius: 4, w.n))
            }
        }
        w.close()
    }

    private func drawBars(_ bars: Bars, into w: inout SVGWriter) {
        w.open("g", ["class": "bars", "stroke": "#fff", "stroke-width": "0.75"])
        for i in 0..<bars.count {
            let (a, b, h) = (bars.edges[i], bars.edges[i + 1], bars.heights[i])
            guard a.isFinite, b.isFinite, h.isFinite, !(logY && h <= 0) else { continue }
            let base = logY ? bottom : y(0)
            let top = y(h)
            w.rect(x: x(a), y: min(base, top), width: x(b) - x(a), height: abs(base - top), fill: Palette.color(bars.color).hex,
                   extra: "")
        }
        w.close()
    }

    /// The field as rectangles: each row's runs of equal color merged into one (continuous values are
    /// first quantized to 16 shades, which gives contour-like bands).
    private func drawField(_ field: Field, into w: inout SVGWriter) {
        let rows = field.rows, columns = field.columns
        guard rows > 0, columns > 0 else { return }
        let categorical = field.isCategorical
        let range = field.valueRange
        let (x0, x1) = (field.xRange.lowerBound, field.xRange.upperBound)
        let (y0, y1) = (field.yRange.lowerBound, field.yRange.upperBound)
        let dx = (x1 - x0) / Double(columns), dy = (y1 - y0) / Double(rows)
        func shade(_ v: Double) -> Color? {
            guard v.isFinite else { return nil }
            if categorical { return field.color(of: v, categorical: true, range: range) }
            let t = min(1, max(0, (v - range.0) / (range.1 - range.0)))
            let level = (t * 15).rounded() / 15
            return field.color(of: range.0 + level * (range.1 - range.0), categorical: false, range: range)
        }
        w.open("g", ["class": "field", "shape-rendering": "crispEdges"])
        for r in 0..<rows {
            let row = field.values[r]
            let yTop = y(y0 + Double(r + 1) * dy), yBottom = y(y0 + Double(r) * dy)
            var c = 0
            while c < columns {
                let color = c < row.count ? shade(row[c]) : nil
                var end = c + 1
                while end < columns && (end < row.count ? shade(row[end]) : nil) == color { end += 1 }
                if let color {
                    // Each rectangle reaches half a pixel into its upper and right neighbours (drawn later), so
                    // edges snapped to pixels apart never leave a hairline of background between them.
                    let xa = x(x0 + Double(c) * dx), xb = x(x0 + Double(end) * dx)
                    let growX = end < columns ? 0.5 : 0, growY = r < rows - 1 ? 0.5 : 0
                    w.rect(x: xa, y: min(yTop, yBottom) - growY, width: xb - xa + growX, height: abs(yBottom - yTop) + growY,
                           fill: color.hex)
                }
                c = end
            }
        }
        w.close()
    }

    /// One bar per category with its value above (or below, for negative values) when there is room.
    func drawCategoryBars(_ values: [Double], into w: inout SVGWriter) {
        let band = (right - left) / Double(max(1, values.count))
        let color = Palette.color(0).hex
        w.open("g", ["class": "bars", "fill": color])
        for (i, v) in values.enumerated() where v.isFinite {
            let center = x(Double(i))
            let base = y(0), top = y(v)
            w.rect(x: center - band * 0.36, y: min(base, top), width: band * 0.72, height: abs(base - top), fill: color)
        }
        w.close()
        let labels = values.map { $0.isFinite ? NumberFormat.compact($0, significant: 3) : "" }
        let widest = labels.map { AxesFrame.textWidth($0, 10) }.max() ?? 0
        guard widest < band - 2 else { return }
        w.open("g", ["class": "values", "font-size": "10", "fill": "#333", "text-anchor": "middle"])
        for (i, v) in values.enumerated() where v.isFinite {
            // Above the bar (below a negative one); inside it, in white, where that would leave the plot.
            let outside = v >= 0 ? y(v) - 4 : y(v) + 12
            let fits = v >= 0 ? outside - 10 >= top : outside <= bottom
            let length = abs(y(0) - y(v))
            if fits || length < 16 {
                w.element("text", ["x": w.n(x(Double(i))), "y": w.n(fits ? outside : (v >= 0 ? top + 10 : bottom))], text: labels[i])
            } else {
                w.element("text", ["x": w.n(x(Double(i))), "y": w.n(v >= 0 ? y(v) + 12 : y(v) - 4), "fill": "#fff"],
                          text: labels[i])
            }
        }
        w.close()
    }
}
