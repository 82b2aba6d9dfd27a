import CEditLine
import Foundation
import Script
import SomaRuntime

/// The interactive prompt: libedit line editing and history, multi-line entries continued while a
/// block or bracket is open, Ctrl-C stopping running code with every variable kept.
final class REPL {
    let runtime = Runtime()
    let interactive = isatty(0) != 0
    private var entry = 0
    private let historyPath = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.soma_history"

    func run() -> Int32 {
        let out = OutputBuffer()
        runtime.output = out.write
        runtime.flushOutput = out.flush
        runtime.liveOutput = OutputBuffer.liveOutput
        Interrupts.install()
        if interactive {
            print("Soma \(SomaVersion.current) — :help for commands, Ctrl-D to quit")
            using_history()
            _ = read_history(historyPath)
        }
        var buffer = ""
        while true {
            let prompt = buffer.isEmpty ? "soma> " : "  ... "
            guard let line = readLine(prompt: prompt) else {
                if interactive { print("") }
                break
            }
            if buffer.isEmpty && line.hasPrefix(":") {
                if !command(line.trimmingCharacters(in: .whitespaces)) { break }
                continue
            }
            buffer += buffer.isEmpty ? line : "\n" + line
            if case .incomplete = Completeness.check(buffer) { continue }
            if buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { buffer = ""; continue }
            if interactive {
                add_history(buffer)
                _ = write_history(historyPath)
            }
            execute(buffer)
            out.flush()
            buffer = ""
        }
        out.flush()
        return 0
    }

    /// Reads one line, with editing on a terminal.
    private func readLine(prompt: String) -> String? {
        guard interactive else { return Swift.readLine(strippingNewline: true) }
        Interpreter.clearInterrupt()
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    private func execute(_ code: String) {
        entry += 1
        do {
            if let value = try runtime.run(code, as: .cell(entry)) {
                runtime.output((Display.bundle(value)["text/plain"] ?? "") + "\n")
            }
        } catch let errors as SyntaxErrors {
            report(errors.render())
        } catch let error as ScriptError {
            report(error.render())
        } catch {
            report("Error: \(error)")
        }
    }

    private func report(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Handles a `:command`; returns false to quit.
    private func command(_ text: String) -> Bool {
        switch text {
        case ":quit", ":q", ":exit":
            return false
        case ":help", ":h":
            print("""
                Commands:
                  :help   this text
                  :vars   the variables you defined, with their types
                  :reset  forget every definition
                  :quit   leave (or Ctrl-D)
                Ctrl-C stops running code and keeps every variable. help(f) shows a function's documentation.
                """)
        case ":vars":
            let vars = runtime.userVariables
            if vars.isEmpty { print("(no variables yet)") }
            for (name, value) in vars {
                let text = value.repr.split(separator: "\n").first.map(String.init) ?? ""
                print("\(name): \(value.typeName) = \(text.prefix(60))")
            }
        case ":reset":
            runtime.reset()
            print("(all definitions forgotten)")
        default:
            print("unknown command \(text); :help lists the commands")
        }
        return true
    }
}
