// Heatmaps as text: one shade character per cell (two across when there is room), or numbers.

/// Draws a heatmap with shade characters ` ░▒▓█` (ASCII ` .:-=+*#%@`), or as a table of values
/// when it is annotated (a confusion matrix).
struct HeatmapText {
    static let shades: [Character] = [" ", "░", "▒", "▓", "█"]
    static let asciiShades: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    let chart: Chart
    let map: Heatmap
    let options: TextOptions

    func lines() -> [String] {
        var lines: [String] = chart.title.isEmpty ? [] : [chart.title]
        let rows = map.rows, columns = map.columns
        guard rows > 0, columns > 0 else { return lines + ["(no data)"] }
        if map.annotate && columns * 4 <= max(options.width, 80) { return lines + table() }
        let labels = map.rowLabels.map { TextOptions.shortened($0, columns: 12) }
        let labelWidth = labels.prefix(rows).map(TextOptions.visibleWidth).max() ?? 0
        // Two characters per cell keep cells roughly square; sample rows and columns that do not fit.
        let width = options.lineWidth.map { max(4, $0 - (labelWidth > 0 ? labelWidth + 1 : 0)) } ?? options.width
        let across = columns * 2 <= width ? 2 : 1
        let shownColumns = min(columns, width)
        let shownRows = min(rows, options.height)
        let shades = options.ascii ? HeatmapText.asciiShades : HeatmapText.shades
        let range = map.resolvedRange
        if !chart.yLabel.isEmpty { lines.append(chart.yLabel) }
        for i in 0..<shownRows {
            let r = i * rows / shownRows
            var line = labelWidth > 0 ? TextOptions.padRight(r < labels.count ? labels[r] : "", labelWidth) + " " : ""
            for j in 0..<shownColumns {
                let c = j * columns / shownColumns
                let t = map.fraction(map.value(r, c), in: range)
                let character: Character = t.isNaN ? "?" : shades[min(shades.count - 1, Int(t * Double(shades.count)))]
                line += String(repeating: String(character), count: across)
            }
            lines.append(line)
        }
        if !chart.xLabel.isEmpty {
            let indent = labelWidth > 0 ? labelWidth + 1 : 0
            lines.append(String(repeating: " ", count: indent) + TextOptions.centered(chart.xLabel, shownColumns * across))
        }
        let (lo, hi) = range
        var note = TextOptions.number(lo) + " [" + String(shades) + "] " + TextOptions.number(hi)
        if shownRows < rows || shownColumns < columns {
            note += "  (\(rows)×\(columns) shown as \(shownRows)×\(shownColumns))"
        }
        lines.append(note)
        return lines
    }

    /// The values as a right-aligned table with row and column labels (for annotated heatmaps).
    private func table() -> [String] {
        let rows = map.rows, columns = map.columns
        let labels = (0..<rows).map { $0 < map.rowLabels.count ? map.rowLabels[$0] : "" }
        let labelWidth = labels.map(TextOptions.visibleWidth).max() ?? 0
        let cells = (0..<rows).map { r in (0..<columns).map { c in map.value(r, c).isFinite ? map.annotation(map.value(r, c)) : "-" } }
        let headers = (0..<columns).map { $0 < map.columnLabels.count ? map.columnLabels[$0] : "" }
        let cellWidth = max(cells.flatMap { $0.map(\.count) }.max() ?? 1, headers.map(TextOptions.visibleWidth).max() ?? 0)
        let indent = labelWidth > 0 ? labelWidth + 1 : 0
        var lines: [String] = []
        if !chart.xLabel.isEmpty { lines.append(String(repeating: " ", count: indent) + chart.xLabel) }
        if headers.contains(where: { !$0.isEmpty }) {
            lines.append(String(repeating: " ", count: indent) + headers.map { TextOptions.padLeft($0, cellWidth) }.joined(separator: " "))
        }
        for r in 0..<rows {
            let prefix = labelWidth > 0 ? TextOptions.padRight(labels[r], labelWidth) + " " : ""
            lines.append(prefix + cells[r].map { TextOptions.padLeft($0, cellWidth) }.joined(separator: " "))
        }
        if !chart.yLabel.isEmpty { lines.append("(rows: " + chart.yLabel + ")") }
        return lines
    }
}
