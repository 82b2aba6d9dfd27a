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
    /// A closing remark (`weights kept`).
    var note = ""
    /// Whether the loop still runs, or how it ended.
    var state = State.running

    /// How far a loop got: running, or ended by finishing, by an interrupt, or early (a `break`, an error).
    enum State { case running, finished, interrupted, stopped }

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

    /// The parts after the bar, each with how long it stays when the line must be shortened (the lowest
    /// goes first): the rate, the counts, the note, the values after the first (the validation loss
    /// last of them), the time, the first value, the percentage. How the loop ended is never left out.
    private var details: [(text: String, keep: Double)] {
        var parts: [(text: String, keep: Double)] = []
        if let fraction { parts.append(("\(Int((fraction * 100).rounded(.down)))%", 9)) }
        switch state {
        case .interrupted: parts.append(("interrupted", .infinity))
        case .stopped: parts.append(("stopped", .infinity))
        case .running, .finished: break
        }
        parts.append((total.map { "\(done)/\($0)" } ?? "\(done)", 2))
        if done > 0 && elapsed > 0 { parts.append(("\(ProgressStatus.number(rate)) \(unit)/s", 1)) }
        // A time left only while running: once ended, the time it took.
        if state != .running || (total.map { done >= $0 } ?? false) {
            parts.append((ProgressStatus.clock(elapsed), 6))
        } else if let remaining {
            parts.append(("ETA " + ProgressStatus.clock(remaining), 6))
        }
        for (i, (name, value)) in values.enumerated() {
            let keep = i == 0 ? 8 : (name == "valLoss" ? 5 : 4 - 0.01 * Double(i))
            parts.append(("\(name) \(ProgressStatus.number(value))", keep))
        }
        if !note.isEmpty { parts.append((note, 3)) }
        return parts
    }

    /// One line: label, a bar of `width` cells (eighth-cell resolution), counts, rate, time, values.
    func line(width: Int = 24) -> String {
        var parts: [String] = label.isEmpty ? [] : [label]
        if let fraction { parts.append("▕" + ProgressStatus.bar(fraction, width: width) + "▏") }
        return (parts + details.map(\.text)).joined(separator: "  ")
    }

    /// The line shortened to at most `columns` terminal columns: the least important parts are left out
    /// first (the bar narrows to 10 cells after the counts and the note went, and goes after the values
    /// but the first), and what still does not fit ends in `…`.
    func line(fitting columns: Int) -> String {
        var parts = details
        var barWidth = fraction == nil ? 0 : 24
        func compose() -> String {
            var head: [String] = label.isEmpty ? [] : [label]
            if let fraction, barWidth > 0 { head.append("▕" + ProgressStatus.bar(fraction, width: barWidth) + "▏") }
            return (head + parts.map(\.text)).joined(separator: "  ")
        }
        var text = compose()
        while TerminalText.width(text) > columns {
            let least = parts.indices.filter { parts[$0].keep.isFinite }.min { (parts[$0].keep, -$0) < (parts[$1].keep, -$1) }
            let leastKeep = least.map { parts[$0].keep } ?? .infinity
            if barWidth > 10 && leastKeep > 3.5 {
                barWidth = max(10, barWidth - (TerminalText.width(text) - columns))
            } else if barWidth > 0 && leastKeep > 5.5 {
                barWidth = 0
            } else if let least {
                parts.remove(at: least)
            } else {
                break
            }
            text = compose()
        }
        return TerminalText.fit(text, to: columns)
    }

    /// The notebook form: an HTML bar and the same details, on one line (cut with `…` where it is too
    /// narrow), so that the chart below never moves.
    func html() -> String {
        var s = "<div style=\"display:flex;align-items:center;gap:10px;flex-wrap:nowrap;white-space:nowrap;overflow:hidden;font-family:monospace;font-size:13px\">"
        if !label.isEmpty { s += "<span style=\"flex:none\">\(Display.escape(label))</span>" }
        if let fraction {
            let percent = NumberFormat.fixed(fraction * 100, decimals: 1)
            s += "<div style=\"flex:0 1 240px;min-width:60px;height:10px;background:#e4e4e4;border-radius:3px\">"
                + "<div style=\"width:\(percent)%;height:100%;background:#0072B2;border-radius:3px\"></div></div>"
        }
        s += "<span style=\"flex:0 1 auto;min-width:0;overflow:hidden;text-overflow:ellipsis\">\(Display.escape(details.map(\.text).joined(separator: " · ")))</span></div>"
        return s
    }

    /// The live display's drawing of this status, with `chart` (a loss curve) below the bar when given.
    func frame(chart: Chart? = nil) -> LiveFrame { LiveFrame(status: self, chart: chart) }

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
