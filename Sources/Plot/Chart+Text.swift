// The text form of a chart, for terminals and `text/plain`: braille or ASCII plots, shaded heatmaps.

extension Chart {
    /// The chart as text for a terminal. Line and scatter charts draw with Unicode braille (2 × 4 dots
    /// per character) or, with `ascii`, with `*` at data points and `.` along lines; each line series
    /// has its own dot pattern (solid, dotted, dashed, dash-dot) shown in the legend, so series read
    /// apart without color. Both axes are labelled at nice values. Heatmaps use the shades ` ░▒▓█`
    /// (ASCII ` .:-=+*#%@`), bars use `█` (ASCII `#`). `width` and `height` are the plot area in
    /// characters; `color` adds ANSI (xterm 256-color) escapes from the chart palette.
    public func text(width: Int = 60, height: Int = 15, ascii: Bool = false, color: Bool = false) -> String {
        let options = TextOptions(width: max(2, min(width, 1000)), height: max(2, min(height, 500)), ascii: ascii, color: color)
        return textLines(options).joined(separator: "\n")
    }

    /// The chart as text whose lines, labels included, fit in `columns` terminal columns (an x–y
    /// chart's plot area takes what its labels leave; other charts use about that much).
    public func text(fitting columns: Int, height: Int = 15, ascii: Bool = false, color: Bool = false) -> String {
        let columns = max(16, min(columns, 1000))
        let options = TextOptions(width: max(2, columns - 12), height: max(2, min(height, 500)), ascii: ascii, color: color,
                                  lineWidth: columns)
        return textLines(options).joined(separator: "\n")
    }

    /// The text form, line by line.
    func textLines(_ options: TextOptions) -> [String] {
        var lines: [String] = []
        switch content {
        case .plot(let marks):
            if !marks.isEmpty && marks.allSatisfy({ if case .bars = $0 { return true } else { return false } }) {
                lines = BarText(chart: self, options: options).histogramLines(marks)
            } else {
                lines = PlotText(chart: self, marks: marks, options: options).lines()
            }
        case .bars(let categories, let values):
            lines = BarText(chart: self, options: options).lines(labels: categories, values: values)
        case .heatmap(let map):
            lines = HeatmapText(chart: self, map: map, options: options).lines()
        case .grid(let charts, let columns):
            lines = gridLines(charts, columns: columns, options: options)
        }
        return lines.map(TextOptions.trimmingTrailingSpaces)
    }

    private func gridLines(_ charts: [Chart], columns: Int, options: TextOptions) -> [String] {
        var lines: [String] = title.isEmpty ? [] : [title]
        let columns = max(1, columns)
        // Side by side, each chart gets its share of a given line width.
        var options = options
        if let total = options.lineWidth {
            options.lineWidth = max(16, (total - 3 * (min(columns, charts.count) - 1)) / max(1, min(columns, charts.count)))
        }
        var start = 0
        while start < charts.count {
            let blocks = charts[start..<min(start + columns, charts.count)].map { $0.textLines(options) }
            let widths = blocks.map { $0.map(TextOptions.visibleWidth).max() ?? 0 }
            let height = blocks.map(\.count).max() ?? 0
            if start > 0 { lines.append("") }
            for r in 0..<height {
                var line = ""
                for (b, block) in blocks.enumerated() {
                    let piece = r < block.count ? block[r] : ""
                    line += piece
                    if b < blocks.count - 1 {
                        line += String(repeating: " ", count: widths[b] - TextOptions.visibleWidth(piece) + 3)
                    }
                }
                lines.append(line)
            }
            start += columns
        }
        if charts.isEmpty { lines.append("(no charts)") }
        return lines
    }
}

/// How to draw a chart as text.
struct TextOptions {
    let width: Int
    let height: Int
    let ascii: Bool
    let color: Bool
    /// The whole width an x–y chart's lines may take, labels included; nil: the plot area is `width`.
    var lineWidth: Int? = nil

    /// The palette for ANSI colors, or nil without color.
    var colors: [Color]? { color ? Palette.categorical : nil }

    /// A marker drawn in a series' color (when coloring).
    func colored(_ text: String, _ index: Int) -> String {
        color ? DotCanvas.ansi(Palette.color(index)) + text + DotCanvas.reset : text
    }

    /// The number of terminal columns a string takes: ANSI escapes and combining marks take none,
    /// Hangul, CJK and emoji two.
    static func visibleWidth(_ text: String) -> Int {
        var count = 0
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                if scalar == "m" { escaping = false }
            } else if scalar == "\u{1B}" {
                escaping = true
            } else {
                count += TerminalWidth.columns(scalar)
            }
        }
        return count
    }

    /// `text`, or as much of its start as fits in `columns - 1` columns and "…", where it is wider than
    /// `columns` (a Hangul label counts two columns a character).
    static func shortened(_ text: String, columns: Int) -> String {
        guard visibleWidth(text) > columns else { return text }
        var kept = "", used = 0
        for character in text {
            let width = visibleWidth(String(character))
            if used + width > columns - 1 { break }
            kept.append(character)
            used += width
        }
        return kept + "…"
    }

    /// `text` padded with spaces on the left to `width` columns.
    static func padLeft(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - visibleWidth(text))) + text
    }

    /// `text` padded with spaces on the right to `width` columns.
    static func padRight(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - visibleWidth(text)))
    }

    /// `text` centered in `width` columns (extra space on the right, then trimmed).
    static func centered(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, (width - visibleWidth(text)) / 2)) + text
    }

    static func trimmingTrailingSpaces(_ line: String) -> String {
        var s = Substring(line)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }

    /// A number for an axis end or a label: up to 4 significant digits.
    static func number(_ value: Double) -> String { NumberFormat.compact(value, significant: 4) }
}
