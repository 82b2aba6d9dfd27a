// Dot patterns for line series in text charts, so that lines read apart without color.

/// The on/off pattern of the dots along a line drawn in braille: solid, dotted, dashed, dash-dot.
struct LineStyle: Equatable {
    /// Whether each successive dot along the line is drawn; the pattern repeats.
    let pattern: [Bool]

    static let solid = LineStyle(pattern: [true])
    static let dotted = LineStyle(pattern: [true, false])
    static let dashed = LineStyle(pattern: [true, true, true, true, false, false])
    static let dashDot = LineStyle(pattern: [true, true, true, true, false, false, true, false, false])

    /// The style of series (or palette index) `index`: the four styles in turn.
    static func of(_ index: Int) -> LineStyle {
        let all = [solid, dotted, dashed, dashDot]
        return all[((index % all.count) + all.count) % all.count]
    }

    /// Whether the dot at position `step` along the line is drawn.
    func draws(_ step: Int) -> Bool { pattern[((step % pattern.count) + pattern.count) % pattern.count] }

    /// A short horizontal stretch of this style in braille, for a legend entry.
    var sample: String {
        var canvas = DotCanvas(columns: 4, rows: 1, ascii: false)
        var step = 0
        for x in 0..<canvas.width {
            if draws(step) { canvas.set(x, 1, series: 0, marker: false) }
            step += 1
        }
        return canvas.lines()[0]
    }
}
