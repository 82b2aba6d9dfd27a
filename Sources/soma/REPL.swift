import CEditLine
import Foundation
import Script
import SomaRuntime

/// The interactive prompt: libedit line editing and history, multi-line entries continued while a
/// block or bracket is open, Ctrl-C stopping running code with every variable kept.
final class REPL {
    let interactive = isatty(0) != 0
    private var entry = 0
    private let historyPath = (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.soma_history"

    /// Runs until end of input or `:quit`. The exit status is 0, except when standard input is not a
    /// terminal (`soma < file`): then the input is a script, as `python < file` treats it, and the first
    /// error ends the run with a script's status (1 runtime, 2 syntax, 130 interrupted).
    func run() -> Int32 {
        let session = ScriptSession()
        ProcessSignals.sticky = !interactive
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
                if !command(line.trimmingCharacters(in: .whitespaces), session.runtime) { break }
                continue
            }
            buffer += buffer.isEmpty ? line : "\n" + line
            if case .incomplete = Completeness.check(buffer) { continue }
            if buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { buffer = ""; continue }
            if interactive {
                add_history(buffer)
                _ = write_history(historyPath)
            }
            entry += 1
            let status = execute(buffer, in: session)
            buffer = ""
            if status != 0 && !interactive { return status }
            if let signalled = ProcessSignals.exitStatus { return signalled }
        }
        // What is left of an unfinished block is an entry too: it ends in a syntax error.
        if !buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            entry += 1
            let status = execute(buffer, in: session)
            if status != 0 && !interactive { return status }
        }
        session.out.flush()
        return ProcessSignals.exitStatus ?? 0
    }

    /// Reads one line, with editing on a terminal; otherwise from standard input, interruptibly.
    private func readLine(prompt: String) -> String? {
        guard interactive else {
            return try? StandardInput.shared.readLine(interrupted: { ProcessSignals.exitStatus != nil })
        }
        Interpreter.clearInterrupt()
        ProcessSignals.resetInterrupts()
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// Runs one entry, printing the value of a final expression; returns the entry's exit status.
    private func execute(_ code: String, in session: ScriptSession) -> Int32 {
        if interactive {
            do {
                if let value = try session.runtime.run(code, as: .cell(entry)) {
                    session.runtime.output((Display.bundle(value)["text/plain"] ?? "") + "\n")
                }
            } catch let errors as SyntaxErrors {
                session.report(errors.render())
            } catch let error as ScriptError {
                session.report(error.render())
            } catch {
                session.report("Error: \(error)")
            }
            session.out.flush()
            return 0
        }
        return session.run(code, as: .cell(entry), showsValue: true)
    }

    /// Handles a `:command`; returns false to quit.
    private func command(_ text: String, _ runtime: Runtime) -> Bool {
        switch text {
        case ":quit", ":q", ":exit":
            return false
        case ":help", ":h":
            runtime.output("""
                Commands:
                  :help   this text
                  :vars   the variables you defined, with their types
                  :reset  forget every definition
                  :quit   leave (or Ctrl-D)
                Ctrl-C stops running code and keeps every variable. help(f) shows a function's documentation.
                
                """)
        case ":vars":
            let vars = runtime.userVariables
            if vars.isEmpty { runtime.output("(no variables yet)\n") }
            for (name, value) in vars {
                let text = value.repr.split(separator: "\n").first.map(String.init) ?? ""
                runtime.output("\(name): \(value.typeName) = \(text.prefix(60))\n")
            }
        case ":reset":
            runtime.reset()
            runtime.output("(all definitions forgotten)\n")
        default:
            runtime.output("unknown command \(text); :help lists the commands\n")
        }
        return true
    }
}
