// The SVG form of a graph diagram: rounded boxes styled by kind, curved arrows, a legend.

extension GraphDiagram {
    /// The diagram as a standalone SVG document that scales down with its container, like the charts:
    /// a title and note on top, the boxes and arrows, and a legend of the node kinds drawn.
    public func svg() -> String {
        let placement = GraphPlacement(self)
        let margin = 16.0
        var top = margin
        if !title.isEmpty { top += 22 }
        if !note.isEmpty { top += 18 }
        let kinds = Kind.allCases.filter { k in nodes.contains { $0.kind == k } }
        let legendHeight = kinds.isEmpty ? 0.0 : 26
        let legendWidth = GraphDiagram.legendWidth(kinds)
        let headWidth = max(AxesFrame.textWidth(title, 16), AxesFrame.textWidth(note, 12),
                            footer.map { AxesFrame.textWidth($0, 13) }.max() ?? 0)
        let width = max(placement.width + 2 * margin, legendWidth + 2 * margin, headWidth + 2 * margin, 120)
        let footerHeight = footer.isEmpty ? 0.0 : 8 + 19 * Double(footer.count)
        let height = top + placement.height + footerHeight + legendHeight + margin + (nodes.isEmpty ? 30 : 0)
        var w = SVGWriter()
        w.openDocument(width: width, height: height, title: title.isEmpty ? "computation graph" : title)
        w.rect(x: 0, y: 0, width: width, height: height, fill: "#ffffff", extra: " class=\"background\"")
        var y = margin
        if !title.isEmpty {
            w.text(title, x: width / 2, y: y + 14, size: 16, anchor: "middle", weight: "600", className: "title")
            y += 22
        }
        if !note.isEmpty {
            w.text(note, x: width / 2, y: y + 12, size: 12, anchor: "middle", color: "#8a3b00", className: "note")
        }
        if nodes.isEmpty {
            w.text("empty graph", x: width / 2, y: top + 18, size: 12, anchor: "middle", color: "#777", className: "note")
        }
        let dx = (width - placement.width) / 2, dy = top
        w.open("g", ["class": "edges", "fill": "none", "stroke": GraphDiagram.edgeColor, "stroke-width": "1.3"])
        for path in placement.paths {
            GraphDiagram.drawArrow(path.map { ($0.x + dx, $0.y + dy) }, direction: placement.direction, into: &w)
        }
        w.close()
        w.open("g", ["class": "nodes"])
        for (node, box) in zip(nodes, placement.boxes) {
            GraphDiagram.draw(node, in: GraphPlacement.Box(x: box.x + dx, y: box.y + dy, width: box.width, height: box.height), into: &w)
        }
        w.close()
        if !footer.isEmpty {
            w.open("g", ["class": "footer"])
            for (k, line) in footer.enumerated() {
                w.text(line, x: margin, y: top + placement.height + 8 + 19 * Double(k + 1) - 5, size: 13, color: "#1a1a1a")
            }
            w.close()
        }
        if !kinds.isEmpty { GraphDiagram.drawLegend(kinds, x: margin, y: height - margin - 8, into: &w) }
        return w.finish()
    }

    static let edgeColor = "#6b6b6b"
    /// Okabe–Ito orange: the halo of emphasized nodes.
    static let emphasisColor = "#e69f00"

    /// Fill, stroke and dash of each kind: Okabe–Ito hues, told apart by border style as well.
    static func style(_ kind: Kind) -> (fill: String, stroke: String, width: Double, dash: String?) {
        switch kind {
        case .input: return ("#f1f1f1", "#7a7a7a", 1, "4 3")
        case .parameter: return (Palette.color(1).mixed(with: .white, 0.8).hex, Palette.color(1).mixed(with: .black, 0.25).hex, 1.5, nil)
        case .op: return (Palette.color(0).mixed(with: .white, 0.88).hex, Palette.color(0).hex, 1, nil)
        case .output: return (Palette.color(3).mixed(with: .white, 0.85).hex, Palette.color(3).hex, 2.5, nil)
        }
    }

    static func draw(_ node: Node, in box: GraphPlacement.Box, into w: inout SVGWriter) {
        let s = style(node.kind)
        w.open("g", ["class": "node \(node.kind.rawValue)" + (node.emphasis == .none ? "" : " \(node.emphasis.rawValue)")])
        if node.emphasis != .none {
            // A halo around the box: solid for the node worked on, dashed for those it gives to.
            let halo = 4.0
            var ring = " rx=\"10\" stroke=\"\(emphasisColor)\" stroke-width=\"3\""
            if node.emphasis == .receiving { ring += " stroke-dasharray=\"6 4\"" }
            w.rect(x: box.x - halo, y: box.y - halo, width: box.width + 2 * halo, height: box.height + 2 * halo, fill: "none", extra: ring)
        }
        var extra = " rx=\"7\" stroke=\"\(s.stroke)\" stroke-width=\"\(w.n(s.width))\""
        if let dash = s.dash { extra += " stroke-dasharray=\"\(dash)\"" }
        w.rect(x: box.x, y: box.y, width: box.width, height: box.height, fill: s.fill, extra: extra)
        let lineHeight = GraphPlacement.lineHeight, size = GraphPlacement.fontSize
        var y = box.y + GraphPlacement.paddingY + lineHeight - 3.5
        w.text(node.title, x: box.midX, y: y, size: size, anchor: "middle", color: "#1a1a1a", weight: "600", className: "label")
        for line in node.lines {
            y += lineHeight
            w.text(line, x: box.midX, y: y, size: size - 1, anchor: "middle", color: "#333", className: "detail")
        }
        if node.hiddenInputs > 0 {
            y += lineHeight
            w.text(GraphPlacement.hiddenText(node.hiddenInputs), x: box.midX, y: y, size: size - 1, anchor: "middle",
                   color: "#8a3b00", className: "hidden")
        }
        w.close()
    }

    /// A smooth curve through the points (leaving and entering along the flow) and an arrowhead.
    static func drawArrow(_ points: [(Double, Double)], direction: Direction, into w: inout SVGWriter) {
        guard let first = points.first, let last = points.last, points.count >= 2 else { return }
        let flowsRight = direction == .right
        let head = 7.0
        // Stop the line at the arrowhead's base, so its end does not poke through the tip.
        var body = points
        let forward = flowsRight ? last.0 >= points[points.count - 2].0 : last.1 >= points[points.count - 2].1
        let sign = forward ? 1.0 : -1.0
        body[body.count - 1] = flowsRight ? (last.0 - sign * head, last.1) : (last.0, last.1 - sign * head)
        var d = "M\(w.n(first.0)) \(w.n(first.1))"
        for k in 1..<body.count {
            let (x0, y0) = body[k - 1], (x1, y1) = body[k]
            if flowsRight {
                let mid = (x1 - x0) / 2
                d += " C\(w.n(x0 + mid)) \(w.n(y0)) \(w.n(x1 - mid)) \(w.n(y1)) \(w.n(x1)) \(w.n(y1))"
            } else {
                let mid = (y1 - y0) / 2
                d += " C\(w.n(x0)) \(w.n(y0 + mid)) \(w.n(x1)) \(w.n(y1 - mid)) \(w.n(x1)) \(w.n(y1))"
            }
        }
        w.element("path", ["class": "edge", "d": d])
        let base = body[body.count - 1]
        let tip = flowsRight
            ? "\(w.n(last.0)),\(w.n(last.1)) \(w.n(base.0)),\(w.n(base.1 - head / 2)) \(w.n(base.0)),\(w.n(base.1 + head / 2))"
            : "\(w.n(last.0)),\(w.n(last.1)) \(w.n(base.0 - head / 2)),\(w.n(base.1)) \(w.n(base.0 + head / 2)),\(w.n(base.1))"
        w.element("polygon", ["class": "arrowhead", "points": tip, "fill": edgeColor, "stroke": "none"])
    }

    static let legendNames: [Kind: String] = [.input: "input or constant", .parameter: "requires grad", .op: "op", .output: "output"]

    static func legendWidth(_ kinds: [Kind]) -> Double {
        kinds.reduce(0) { $0 + 30 + AxesFrame.textWidth(legendNames[$1]!, 11) }
    }

    static func drawLegend(_ kinds: [Kind], x: Double, y: Double, into w: inout SVGWriter) {
        w.open("g", ["class": "legend"])
        var at = x
        for kind in kinds {
            let s = style(kind)
            var extra = " rx=\"3\" stroke=\"\(s.stroke)\" stroke-width=\"\(w.n(min(s.width, 2)))\""
            if let dash = s.dash { extra += " stroke-dasharray=\"\(dash)\"" }
            w.rect(x: at, y: y - 9, width: 16, height: 12, fill: s.fill, extra: extra)
            w.text(legendNames[kind]!, x: at + 21, y: y + 1, size: 11, color: "#444")
            at += 30 + AxesFrame.textWidth(legendNames[kind]!, 11)
        }
        w.close()
    }
}
