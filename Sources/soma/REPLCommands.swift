import Foundation
import Script
import SomaRuntime

/// The REPL's `:commands`.
enum REPLCommands {
    /// The commands and what each does, as `:help` lists them.
    static let commands: [(name: String, summary: String)] = [
        (":help", "this text"),
        (":vars", "the variables you defined, each with its type and value"),
        (":reset", "forget every definition and imported module"),
        (":quit", "leave (or Ctrl-D on an empty line)"),
    ]

    static let notes = [
        "Ctrl-C stops running code and keeps every variable; at the prompt it drops the line or block "
            + "being typed. Up and Down recall earlier lines, those of a block one by one. help(f) shows "
            + "a function's documentation.",
        "Tab completes names, members after a dot, labels inside a call's parentheses and file paths "
            + "inside a string. A line starting with ! runs the rest with the shell (!ls -l). _ is the last "
            + "result shown, _3 the result of input 3, Out[3] the same and In[3] its text.",
    ]

    /// The most lines of one value `:vars` shows.
    static let valueLines = 8

    /// Handles a `:command`; returns false to quit.
    static func run(_ text: String, _ runtime: Runtime) -> Bool {
        switch text {
        case ":quit", ":q", ":exit":
            return false
        case ":help", ":h":
            runtime.output(help(width: TerminalSize.width))
        case ":vars":
            let vars = runtime.userVariables
            if vars.isEmpty { runtime.output("(no variables yet)\n") }
            let width = TerminalSize.width
            for (name, value) in vars {
                runtime.output(describe(name: name, value: value, width: width))
            }
        case ":reset":
            runtime.reset()
            runtime.output("(all definitions forgotten)\n")
        default:
            runtime.output("unknown command \(text); :help lists the commands\n")
        }
        return true
    }

    /// `:help`'s text, wrapped at word boundaries to `width` columns.
    static func help(width: Int) -> String {
        let column = (commands.map(\.name.count).max() ?? 0) + 4  // two spaces before, two after
        var lines = ["Commands:"]
        for (name, summary) in commands {
            let lead = "  " + name.padding(toLength: column - 2, withPad: " ", startingAt: 0)
            lines += TextWrap.wrap(summary, width: width, first: lead, rest: String(repeating: " ", count: column))
        }
        for note in notes { lines += TextWrap.wrap(note, width: width) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One variable as `:vars` shows it: `name: type = value`, a value of several lines continued
    /// under the start of its first line (keeping a tensor's rows aligned), and one of more than
    /// `valueLines` lines, or wider than the terminal, cut with a marker saying how much was left out.
    static func describe(name: String, value: Value, width: Int) -> String {
        let head = "\(name): \(value.typeName) = "
        let indent = String(repeating: " ", count: head.count <= 24 ? head.count : 4)
        var lines = value.repr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var omitted = 0
        if lines.count > valueLines {
            omitted = lines.count - (valueLines - 1)
            lines = Array(lines.prefix(valueLines - 1))
        }
        var text = ""
        for (i, line) in lines.enumerated() {
            let lead = i == 0 ? head : indent
            text += lead + cut(line, to: max(20, width - lead.count)) + "\n"
        }
        if omitted > 0 { text += indent + "… \(omitted) more lines\n" }
        return text
    }

    /// `line`, or its start and a marker when it is wider than `width` characters.
    private static func cut(_ line: String, to width: Int) -> String {
        guard line.count > width else { return line }
        let kept = max(10, width - 25)  // room for the marker
        return String(line.prefix(kept)) + " … \(line.count - kept) more characters"
    }
}

/// Wrapping prose to a width at word boundaries.
enum TextWrap {
    /// The lines of `text` at most `width` columns wide (a word longer than a line gets one of its own,
    /// unbroken), the first starting with `first` and the others with `rest`.
    static func wrap(_ text: String, width: Int, first: String = "", rest: String = "") -> [String] {
        var lines: [String] = []
        var line = first
        var empty = true
        for word in text.split(separator: " ") {
            if !empty && line.count + 1 + word.count > width {
                lines.append(line)
                line = rest
                empty = true
            }
            line += (empty ? "" : " ") + word
            empty = false
        }
        lines.append(line)
        return lines
    }
}
