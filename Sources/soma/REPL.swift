import Foundation
import Script
import SomaRuntime

/// The interactive prompt: libedit line editing and history, numbered inputs continued over several
/// lines while a block or bracket is open, Ctrl-C stopping running code with every variable kept.
final class REPL {
    let interactive = isatty(0) != 0
    /// The number of the last input run: errors name inputs by it (`input 3, line 1`).
    private var entry = 0
    private var editor: LineEditor?
    /// Set when an input called `exit(code)`: the REPL ends with that status.
    private var exited = false

    /// Runs until end of input or `:quit`. The exit status is 0, except when standard input is not a
    /// terminal (`soma < file`): then the input is a script, as `python < file` treats it, and the first
    /// error ends the run with a script's status (1 runtime, 2 syntax, 130 interrupted).
    func run() -> Int32 {
        let session = ScriptSession()
        ProcessSignals.sticky = !interactive
        if interactive {
            print("Soma \(SomaVersion.current) — :help for commands, Ctrl-D to quit")
            editor = LineEditor(historyPath: (ProcessInfo.processInfo.environment["HOME"] ?? ".") + "/.soma_history")
            editor?.completes { [runtime = session.runtime] code in
                let completion = runtime.complete(code, cursor: code.count)
                return (completion.matches, completion.start)
            }
        }
        var buffer = ""
        reading: while true {
            let prompt = Prompt(number: entry + 1)
            let line: String
            LineEditor.earlierLines = buffer
            switch readLine(prompt: buffer.isEmpty ? prompt.first : prompt.continuation) {
            case .line(let text):
                line = text
            case .interrupted:
                // As Python's and Swift's REPLs do: the line or block being typed is dropped, nothing else.
                print("^C")
                buffer = ""
                continue
            case .terminated:
                session.out.flush()
                return 143
            case .end:
                if interactive { print("") }
                guard interactive && !buffer.isEmpty else { break reading }
                // As in Python's REPL, Ctrl-D at a continuation ends the block, not the session.
                entry += 1
                let status = execute(buffer, in: session)
                if exited || session.exitStatus != nil { return status }
                buffer = ""
                continue
            }
            editor?.remember(line)
            if buffer.isEmpty && line.hasPrefix(":") {
                if !REPLCommands.run(line.trimmingCharacters(in: .whitespaces), session.runtime) { break }
                continue
            }
            buffer += buffer.isEmpty ? line : "\n" + line
            if buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { buffer = ""; continue }
            // `!command` lines are calls by then: `!echo (` is a whole input.
            let code = ShellLines.expand(buffer)
            switch Completeness.check(code) {
            case .incomplete: continue
            case .invalid where Completeness.endsInsideOpenBracket(code): continue
            default: break
            }
            entry += 1
            let status = execute(buffer, in: session)
            buffer = ""
            if exited || session.exitStatus != nil || status != 0 && !interactive { return status }
            if let signalled = ProcessSignals.exitStatus { return signalled }
        }
        // What is left of an unfinished block is an input too: it ends in a syntax error.
        if !buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            entry += 1
            let status = execute(buffer, in: session)
            if exited || session.exitStatus != nil || status != 0 && !interactive { return status }
        }
        session.out.flush()
        return ProcessSignals.exitStatus ?? 0
    }

    /// Reads one line, with editing on a terminal; otherwise from standard input, interruptibly.
    private func readLine(prompt: String) -> LineEditor.Input {
        guard let editor else {
            let line = try? StandardInput.shared.readLine(interrupted: { ProcessSignals.exitStatus != nil })
            return line.map { .line($0) } ?? .end
        }
        Interpreter.clearInterrupt()
        ProcessSignals.resetInterrupts()
        return editor.read(prompt: prompt)
    }

    /// Runs one input, printing the value of a final expression; returns the input's exit status.
    private func execute(_ code: String, in session: ScriptSession) -> Int32 {
        if interactive {
            do {
                if let value = try session.runtime.run(code, as: .input(entry), remembering: true) {
                    session.runtime.output((try session.runtime.bundle(value)["text/plain"] ?? "") + "\n")
                }
            } catch let exit as ScriptExit {
                session.out.flush()
                exited = true
                return exit.status
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
        return session.run(code, as: .input(entry), showsValue: true)
    }
}

/// The REPL's prompts for input number `number`: `soma [3]> `, and the continuation of a block aligned
/// under it, `     ...> `, so that code typed after either starts in the same column.
struct Prompt {
    let number: Int

    var first: String { "soma [\(number)]> " }

    var continuation: String {
        let dots = "...> "
        return String(repeating: " ", count: max(0, first.count - dots.count)) + dots
    }
}
