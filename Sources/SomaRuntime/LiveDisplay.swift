import Foundation
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

/// One drawing of a live display, in the forms each kind of output uses.
struct LiveFrame {
    /// The full text form: a progress line, and a text chart below it when there is one.
    var text: String
    /// The notebook form (a progress bar and an inline SVG chart).
    var html: String
    /// The one line printed at a milestone when the output is plain lines.
    var line: String
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
    /// Lines of the previous terminal drawing, and the output count just after it was written.
    private var drawnLines = 0
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
            var out = ""
            // Move up over the previous drawing only when nothing else was printed below it since.
            if drawnLines > 0 && runtime.outputCount == outputCountAfterDrawing {
                out += "\u{1B}[\(drawnLines)A\r\u{1B}[J"
            }
            out += frame.text + "\n"
            runtime.output(out)
            drawnLines = frame.text.split(separator: "\n", omittingEmptySubsequences: false).count
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
