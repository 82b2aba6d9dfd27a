import Foundation
import Plot
import Script

/// How a live display (`fit`, `progress`) reaches the user.
public enum LiveOutput: Sendable {
    /// One rich display updated in place (`update_display_data` in a notebook).
    case rich
    /// Text redrawn in place with ANSI cursor movement (an interactive terminal).
    case terminal
    /// Plain lines at milestones only (output to a file or a pipe).
    case lines
    /// Nothing at all.
    case none
}

/// One drawing of a live display: a status line, and a chart below it when there is one, in the
/// forms each kind of output uses.
struct LiveFrame {
    let status: ProgressStatus
    let chart: Chart?

    /// The text form for a notebook's `text/plain`: the whole status line and a chart of fixed width.
    var text: String {
        let line = status.line()
        guard let chart else { return line }
        return line + "\n" + chart.text(width: 60, height: 10, ascii: ChartValue.asciiOnly)
    }

    /// The notebook form (a progress bar and an inline SVG chart).
    var html: String {
        guard let chart else { return status.html() }
        return status.html() + "<div style=\"max-width:640px\">" + chart.svg() + "</div>"
    }

    /// The one line printed at a milestone when the output is plain lines.
    var line: String { status.line() }

    /// The lines for a terminal of `columns` × `rows`: none wider than the terminal, and no more of them
    /// than fit on its screen (the chart is made lower, or left out), so that the drawing can be redrawn
    /// in place.
    func terminalLines(columns: Int, rows: Int, color: Bool) -> [String] {
        // One column is kept free: a line ending at the very edge wraps early in some terminals.
        let width = max(10, columns - 1)
        var lines = [status.line(fitting: width)]
        // The chart's title, axis, tick labels, axis label and legend take five more lines than its plot.
        let height = min(10, rows - 1 - lines.count - 5)
        if let chart, height >= 3 {
            let text = chart.text(fitting: min(width, Terminal.widestChart), height: height, ascii: ChartValue.asciiOnly, color: color)
            lines += text.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.fit(String($0), to: width) }
        }
        return lines
    }
}

/// A display that a long-running loop redraws while it runs, at most a few times per second, so that
/// drawing never takes a noticeable share of the loop's time.
final class LiveDisplay {
    private let runtime: Runtime
    private(set) var mode: LiveOutput
    /// The least time between two drawings, in seconds.
    private let interval: Double
    private var lastDrawing = -Double.infinity
    private var displayID: String?
    /// The widths of the lines of the previous terminal drawing, and the output count just after it was written.
    private var drawnWidths: [Int] = []
    private var outputCountAfterDrawing = -1

    init(_ runtime: Runtime, interval: Double = 0.25) {
        self.runtime = runtime
        self.mode = runtime.liveOutput ?? (runtime.displayHandler == nil ? .lines : .rich)
        self.interval = interval
    }

    /// Turns the display off (`display: false`).
    func silence() { mode = .none }

    /// Seconds on a monotonic clock.
    static func now() -> Double { CoreLibrary.monotonicSeconds() }

    /// Whether a redraw is due now (always for `force`); cheap enough to ask at every step.
    func isDue(force: Bool = false) -> Bool {
        guard mode == .rich || mode == .terminal else { return false }
        return force || LiveDisplay.now() - lastDrawing >= interval
    }

    /// Redraws with the frame `render` makes, if a redraw is due; `render` runs only then.
    func refresh(force: Bool = false, _ render: () -> LiveFrame) {
        guard isDue(force: force) else { return }
        lastDrawing = LiveDisplay.now()
        let frame = render()
        switch mode {
        case .rich:
            let bundle: MimeBundle = ["text/plain": frame.text, "text/html": frame.html]
            if let displayID {
                runtime.show(bundle, id: displayID, update: true)
            } else {
                let id = "soma-live-" + UUID().uuidString
                displayID = id
                runtime.show(bundle, id: id)
            }
        case .terminal:
            // The size is read at every drawing, so a resized window is followed.
            let size = Terminal.size()
            var out = ""
            // Move up over the previous drawing only when nothing else was printed below it since, by
            // the rows its lines take at the present width (a narrowed window wraps them).
            if !drawnWidths.isEmpty && runtime.outputCount == outputCountAfterDrawing {
                let rows = drawnWidths.reduce(0) { $0 + max(1, ($1 + size.columns - 1) / max(1, size.columns)) }
                out += "\u{1B}[\(rows)A\r\u{1B}[J"
            }
            let lines = frame.terminalLines(columns: size.columns, rows: size.rows, color: Terminal.showsColor())
            out += lines.joined(separator: "\n") + "\n"
            runtime.output(out)
            drawnWidths = lines.map(TerminalText.width)
            outputCountAfterDrawing = runtime.outputCount
            runtime.flushOutput()
        case .lines, .none:
            break
        }
    }

    /// Prints a milestone line when the output is plain lines (an epoch's end, the end of a loop).
    func milestone(_ line: String) {
        guard mode == .lines else { return }
        runtime.output(line + "\n")
        runtime.flushOutput()
    }
}
