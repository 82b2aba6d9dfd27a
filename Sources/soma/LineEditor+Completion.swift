import CEditLine
import Foundation

/// Tab completion at the prompt, with the engine the notebook kernel uses (`Runtime.complete`).
///
/// libedit hands over the line up to the cursor; `completer` sees it after the lines of the input
/// typed so far (a block's earlier lines). One candidate is inserted; several insert what they have
/// in common and are listed under the line, in columns, as IPython lists them.
extension LineEditor {
    /// What completes code ending at the cursor: the candidates and the character offset in the code
    /// where the text they replace starts.
    typealias Completer = (_ code: String) -> (matches: [String], start: Int)

    /// The completer and the earlier lines of the input being typed, read by libedit's C callback
    /// (one editor per process, and libedit calls back on the thread that reads).
    nonisolated(unsafe) static var completer: Completer?
    nonisolated(unsafe) static var earlierLines = ""

    /// Turns completion on; call after `init`.
    func completes(with completer: @escaping Completer) {
        Self.completer = completer
        soma_editline_complete_with { text, _, _ in
            soma_editline_completion_over()
            guard let text, let completer = LineEditor.completer else { return nil }
            return LineEditor.complete(String(cString: text), completer)
        }
    }

    /// The replacement of `line` (the text before the cursor) as libedit wants it, or nil for none.
    /// Tab with only blanks before the cursor indents, as in IPython.
    private static func complete(_ line: String, _ completer: Completer) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        let replacement: String
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            replacement = line + "    "
        } else {
            let lead = earlierLines.isEmpty ? "" : earlierLines + "\n"
            let (matches, start) = completer(lead + line)
            guard !matches.isEmpty, start >= lead.count else { return nil }
            if matches.count > 1 { show(matches) }
            replacement = String(line.prefix(start - lead.count)) + commonPrefix(matches)
        }
        // libedit frees the array and its strings with free(): both must come from malloc.
        let raw = malloc(2 * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)!
        let list = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: 2)
        list[0] = strdup(replacement)
        list[1] = nil
        return list
    }

    /// The longest text every candidate starts with.
    static func commonPrefix(_ matches: [String]) -> String {
        guard var prefix = matches.first.map(Array.init) else { return "" }
        for match in matches.dropFirst() {
            let chars = Array(match)
            var n = 0
            while n < prefix.count, n < chars.count, prefix[n] == chars[n] { n += 1 }
            prefix = Array(prefix[..<n])
        }
        return String(prefix)
    }

    /// Lists the candidates below the line, in columns across the terminal, then redraws the prompt.
    private static func show(_ matches: [String]) {
        let shown = matches.prefix(200)
        var text = "\n" + columns(Array(shown), width: TerminalSize.width)
        if matches.count > shown.count { text += "… and \(matches.count - shown.count) more\n" }
        FileHandle.standardOutput.write(Data(text.utf8))
        soma_editline_redisplay()
    }

    /// `items` laid out in columns, down then across, within `width`.
    static func columns(_ items: [String], width: Int) -> String {
        let column = (items.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / column)
        let rows = (items.count + perRow - 1) / perRow
        var lines: [String] = []
        for r in 0..<rows {
            var line = ""
            for c in 0..<perRow where c * rows + r < items.count {
                let item = items[c * rows + r]
                line += c == perRow - 1 || (c + 1) * rows + r >= items.count ? item : item.padding(toLength: column, withPad: " ", startingAt: 0)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
