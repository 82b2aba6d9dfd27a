import Plot

/// Where a loop stands (done of total, rate, time left, current values), in text and HTML.
struct ProgressStatus {
    /// What is counted, shown first (`epoch 3/10`, or the label given to `progress`).
    var label = ""
    var done = 0
    /// nil when the length is not known: no bar and no time left then.
    var total: Int?
    /// Seconds since the loop started.
    var elapsed = 0.0
    /// The unit of the rate (`steps/s`, `it/s`).
    var unit = "it"
    /// Named current values (loss, accuracy), in the order given.
    var values: [(name: String, value: Double)] = []
    /// A closing remark (`interrupted: weights kept`).
    var note = ""

    var fraction: Double? {
        guard let total, total > 0 else { return nil }
        return min(1, Double(done) / Double(total))
    }

    var rate: Double { elapsed > 0 ? Double(done) / elapsed : 0 }

    /// Seconds left at the current rate, when the total is known and a rate measured.
    var remaining: Double? {
        guard let total, done > 0, elapsed > 0 else { return nil }
        return Double(max(0, total - done)) / rate
    }

    /// The parts after the bar: counts, rate, time, values.
    private var details: [String] {
        var parts: [String] = []
        if let fraction { parts.append("\(Int((fraction * 100).rounded(.down)))%") }
        parts.append(total.map { "\(done)/\($0)" } ?? "\(done)")
        if done > 0 && elapsed > 0 { parts.append("\(ProgressStatus.number(rate)) \(unit)/s") }
        if let total, done >= total {
            parts.append(ProgressStatus.clock(elapsed))
        } else if let remaining {
            parts.append("ETA " + ProgressStatus.clock(remaining))
        }
        for (name, value) in values { parts.append("\(name) \(ProgressStatus.number(value))") }
        if !note.isEmpty { parts.append(note) }
        return parts
    }

    /// One line: label, a bar of `width` cells (eighth-cell resolution), counts, rate, time, values.
    func line(width: Int = 24) -> String {
        var parts: [String] = label.isEmpty ? [] : [label]
        if let fraction { parts.append("▕" + ProgressStatus.bar(fraction, width: width) + "▏") }
        return (parts + details).joined(separator: "  ")
    }

    /// The notebook form: an HTML bar and the same details.
    func html() -> String {
        var s = "<div style=\"display:flex;align-items:center;gap:4px 10px;flex-wrap:wrap;font-family:monospace;font-size:13px\">"
        if !label.isEmpty { s += "<span style=\"white-space:nowrap\">\(Display.escape(label))</span>" }
        if let fraction {
            let percent = NumberFormat.fixed(fraction * 100, decimals: 1)
            s += "<div style=\"flex:0 0 240px;height:10px;background:#e4e4e4;border-radius:3px\">"
                + "<div style=\"width:\(percent)%;height:100%;background:#0072B2;border-radius:3px\"></div></div>"
        }
        s += "<span>\(Display.escape(details.joined(separator: " · ")))</span></div>"
        return s
    }

    /// The live display's drawing of this status, with `chart` (a loss curve) below the bar when given.
    func frame(chart: Chart? = nil) -> LiveFrame {
        let line = line()
        guard let chart else { return LiveFrame(text: line, html: html(), line: line) }
        return LiveFrame(text: line + "\n" + chart.text(width: 60, height: 10, ascii: ChartValue.asciiOnly),
                         html: html() + "<div style=\"max-width:640px\">" + chart.svg() + "</div>", line: line)
    }

    /// A bar `width` cells wide filled to `fraction`, with partial cells in eighths.
    static func bar(_ fraction: Double, width: Int) -> String {
        let eighths = Int((max(0, min(1, fraction)) * Double(width * 8)).rounded(.down))
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var s = String(repeating: "█", count: eighths / 8)
        if eighths / 8 < width {
            s += partials[eighths % 8]
            s += String(repeating: " ", count: width - eighths / 8 - (eighths % 8 > 0 ? 1 : 0))
        }
        return s
    }

    /// `m:ss`, or `h:mm:ss` from an hour.
    static func clock(_ seconds: Double) -> String {
        // Clamped before the conversion: a near-zero rate gives a finite but huge estimate, which `Int(_:)` traps on.
        let s = Int(seconds.isFinite ? Swift.min(Swift.max(seconds, 0), 1e9).rounded() : 0)
        let (h, m, r) = (s / 3600, (s / 60) % 60, s % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(r))" : "\(m):\(two(r))"
    }

    static func number(_ x: Double) -> String { NumberFormat.compact(x, significant: 4) }
}
