// Bar charts and histograms as text: one horizontal bar per category or bin.

/// Draws bars as horizontal rows of blocks (`█` with eighth blocks for the remainder, or ASCII `#`).
struct BarText {
    let chart: Chart
    let options: TextOptions

    /// The rows of a histogram: one per bin, labeled with its interval.
    func histogramLines(_ marks: [Mark]) -> [String] {
        var labels: [String] = [], values: [Double] = []
        for case .bars(let bars) in marks {
            for i in 0..<bars.count {
                let last = i == bars.count - 1
                labels.append("[" + TextOptions.number(bars.edges[i]) + ", " + TextOptions.number(bars.edges[i + 1]) + (last ? "]" : ")"))
                values.append(bars.heights[i])
            }
        }
        return lines(labels: labels, values: values)
    }

    /// One row per label: the label, a bar as long as |value| allows in `width` characters, the value.
    func lines(labels: [String], values: [Double]) -> [String] {
        var lines: [String] = chart.title.isEmpty ? [] : [chart.title]
        guard !labels.isEmpty else { return lines + ["(no data)"] }
        let shown = labels.map { TextOptions.shortened($0, columns: 24) }
        let labelWidth = shown.map(TextOptions.visibleWidth).max() ?? 0
        let largest = values.filter(\.isFinite).map(abs).max() ?? 0
        if !chart.xLabel.isEmpty { lines.append(chart.xLabel) }
        let edge = options.ascii ? "|" : "│"
        let numberWidth = values.map { $0.isFinite ? TextOptions.number($0).count : 3 }.max() ?? 0
        // Fitted to a line width, the longest bar takes what the label and the number leave.
        let width = options.lineWidth.map { max(4, $0 - labelWidth - 3 - numberWidth) } ?? options.width
        for (label, value) in zip(shown, values) {
            var bar = ""
            if value.isFinite && largest > 0 {
                let length = abs(value) / largest * Double(width)
                bar = blocks(length, negative: value < 0)
            }
            let number = value.isFinite ? TextOptions.number(value) : "nan"
            lines.append(TextOptions.padRight(label, labelWidth) + " " + edge + options.colored(bar, 0) + " " + number)
        }
        if !chart.yLabel.isEmpty {
            lines.append(String(repeating: " ", count: labelWidth + 2) + "(" + chart.yLabel + ")")
        }
        return lines
    }

    /// A bar of `length` characters: whole blocks, then an eighth block for the remainder.
    private func blocks(_ length: Double, negative: Bool) -> String {
        if options.ascii {
            return String(repeating: negative ? "=" : "#", count: Int(length.rounded()))
        }
        if negative { return String(repeating: "░", count: Int(length.rounded())) }
        let eighths = Int((length * 8).rounded())
        let partial: [String] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }
}
