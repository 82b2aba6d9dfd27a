import CEditLine
import Foundation

/// The terminal's line editor (libedit): a prompt with editing, history kept in a file, and Ctrl-C at
/// the prompt told apart from end of input.
///
/// libedit's own signal handling is off, so Ctrl-C always reaches the process-wide handler of
/// `ProcessSignals`. The editor reads keys through `TerminalKeys`, which waits on the terminal and on
/// `ProcessSignals.promptInterrupts` at once: a signal ends the read as `.interrupted` (or
/// `.terminated`) where libedit would have returned the same "no line" as for Ctrl-D. One editor per
/// process: libedit's readline interface is global.
final class LineEditor {
    /// What one read at the prompt gave.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C: whatever was typed on the line is dropped.
        case interrupted
        /// SIGTERM arrived at the prompt.
        case terminated
        /// Ctrl-D on an empty line, or the terminal went away.
        case end
    }

    private let historyPath: String

    /// Sets up libedit and loads the history in `historyPath`; call before the first `read`.
    init(historyPath: String) {
        self.historyPath = historyPath
        // libedit decodes and encodes multibyte text with the C library's locale, which a Swift program
        // leaves at "C": take the user's, and UTF-8 where theirs has none.
        if setlocale(LC_CTYPE, "") == nil || String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        // Both must be set before libedit initializes itself, which the first history call does.
        soma_editline_configure { _ in TerminalKeys.next() }
        using_history()
        _ = read_history(historyPath)
    }

    /// Shows `prompt` and reads one line.
    func read(prompt: String) -> Input {
        TerminalKeys.forgetSignals()
        guard let raw = readline(prompt) else {
            switch TerminalKeys.signal {
            case .interrupt?: return .interrupted
            case .terminate?: return .terminated
            case nil: return .end
            }
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    /// Adds `line` to the history and saves the history file.
    func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        add_history(line)
        _ = write_history(historyPath)
    }
}
