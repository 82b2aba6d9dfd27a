import Foundation
import Script
import SomaRuntime

/// One session of a script file, `soma < file` or the REPL: the runtime wired to buffered stdout,
/// and the error report and exit status of each way a run can end.
final class ScriptSession {
    let runtime = Runtime()
    let out = OutputBuffer()
    /// The status the code asked for with `exit(code)`; the REPL stops reading when it is set.
    private(set) var exitStatus: Int32?
    /// Put before every diagnostic: which process of a distributed job reports it.
    var diagnosticPrefix = ""
    /// The value of the last run's final expression, if it ended with one.
    private(set) var lastValue: Value?

    init() {
        runtime.output = out.write
        runtime.flushOutput = out.flush
        runtime.liveOutput = OutputBuffer.liveOutput
        Terminal.drawsOnStandardOutput = runtime.liveOutput == .terminal
        ProcessSignals.sticky = true
        ProcessSignals.beforeHardExit = { [out] in out.flush() }
        CrashFlush.install { [out] in out.flushWithoutWaiting() }
    }

    /// Runs `code`; returns 0, or the status of the error after reporting it on stderr (the output
    /// printed before it comes first). A signal that arrived meanwhile decides the status even when the
    /// code caught its interrupt itself.
    /// With `showsValue`, the value of a final expression is printed (the REPL reading a piped file).
    func run(_ code: String, as kind: Source.Kind, showsValue: Bool = false) -> Int32 {
        var status: Int32 = 0
        lastValue = nil
        if let signalled = ProcessSignals.exitStatus {
            report("Interrupted: execution was interrupted before it started")
            return signalled
        }
        do {
            lastValue = try runtime.run(code, as: kind, remembering: showsValue)
            if let value = lastValue, showsValue {
                runtime.output((try runtime.bundle(value)["text/plain"] ?? "") + "\n")
            }
        } catch let exit as ScriptExit {
            exitStatus = exit.status
            status = exit.status
        } catch let errors as SyntaxErrors {
            report(errors.render())
            status = 2
        } catch let error as ScriptError {
            report(error.render())
            status = error.kind == "Interrupted" ? 130 : 1
        } catch {
            report("Error: \(error)")
            status = 1
        }
        out.flush()
        if let signalled = ProcessSignals.exitStatus, exitStatus == nil {
            if status == 0 { report("Interrupted: execution was interrupted") }
            return signalled
        }
        return status
    }

    /// Writes a diagnostic to stderr after everything printed before it.
    func report(_ text: String) {
        out.flush()
        let prefixed = diagnosticPrefix.isEmpty ? text
            : text.split(separator: "\n", omittingEmptySubsequences: false).map { diagnosticPrefix + $0 }.joined(separator: "\n")
        FileHandle.standardError.write(Data((prefixed + "\n").utf8))
    }
}
