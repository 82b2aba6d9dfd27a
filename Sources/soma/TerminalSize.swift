import Foundation

/// The width of the terminal, for text the REPL wraps.
enum TerminalSize {
    /// The columns of the terminal on `descriptor`, or nil when it is not a terminal.
    static func columns(of descriptor: Int32) -> Int32? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int32(size.ws_col)
    }

    /// The width to wrap text to: the terminal's, else `COLUMNS`, else 80.
    static var width: Int {
        if let columns = columns(of: STDOUT_FILENO) { return Int(columns) }
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let columns = Int(text), columns > 0 {
            return columns
        }
        return 80
    }
}
