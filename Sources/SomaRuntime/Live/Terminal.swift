import Foundation
import Synchronization

/// The terminal that standard output is, when it is one: its size, read anew at each call so that a
/// resized window is followed, and whether text for it may carry colors.
public enum Terminal {
    /// Whether values printed by this process are shown on the terminal of standard output (the REPL
    /// or a script run in a terminal): text charts then fit its width and take colors. Hosts that send
    /// output elsewhere (the notebook kernel, whose standard output may still be a terminal) leave it
    /// false, and charts keep their fixed width, so saved and compared outputs stay the same.
    ///
    /// One setting per process, as standard output is one per process.
    public static var drawsOnStandardOutput: Bool {
        get { drawing.load(ordering: .relaxed) }
        set { drawing.store(newValue, ordering: .relaxed) }
    }
    private static let drawing = Atomic(false)

    /// The widest text chart drawn to a terminal, however wide the window: longer lines are hard to read.
    static let widestChart = 100

    /// The columns and rows of the terminal on `descriptor`; without one, `COLUMNS` and `LINES` when
    /// set, else 80 × 24.
    static func size(of descriptor: Int32 = 1, environment: [String: String] = ProcessInfo.processInfo.environment) -> (columns: Int, rows: Int) {
        var window = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 {
            return (Int(window.ws_col), window.ws_row > 0 ? Int(window.ws_row) : 24)
        }
        func number(_ name: String, _ fallback: Int) -> Int {
            guard let text = environment[name], let n = Int(text.trimmingCharacters(in: .whitespaces)), n > 0 else { return fallback }
            return n
        }
        return (number("COLUMNS", 80), number("LINES", 24))
    }

    /// Whether text written to `descriptor` may carry ANSI colors: only on a terminal (never into a pipe
    /// or file), not a `dumb` one, and not when `NO_COLOR` is set to anything but "" (no-color.org).
    static func showsColor(on descriptor: Int32 = 1, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        isatty(descriptor) != 0 && colorAllowed(by: environment)
    }

    /// Whether the environment lets a terminal show colors: `TERM` set and not `dumb`, `NO_COLOR` unset or empty.
    static func colorAllowed(by environment: [String: String]) -> Bool {
        let term = environment["TERM"] ?? ""
        return !term.isEmpty && term != "dumb" && (environment["NO_COLOR"] ?? "").isEmpty
    }

    /// The width a text chart printed now takes: the terminal's (less a column, so that no line ends
    /// exactly at the edge), at most `widestChart`.
    static func chartColumns() -> Int { min(widestChart, size().columns - 1) }
}
