import Foundation
import JSONFormat
import Jupyter
import Script
import SomaRuntime

/// The Soma language behind the Jupyter kernel: runs cells in one `Runtime` and maps its output,
/// displays, input and errors onto the protocol.
final class SomaKernelBackend: KernelBackend {
    let runtime = Runtime()
    /// The context of the running cell; only set while `execute` runs.
    private var context: ExecutionContext?

    init() {
        runtime.output = { [unowned self] text in self.context?.write(text, to: .stdout) }
        runtime.errorOutput = { [unowned self] text in self.context?.write(text, to: .stderr) }
        runtime.displayHandler = { [unowned self] bundle, id, update in
            if update, let id { self.context?.updateDisplay(Self.displayData(bundle), displayID: id) }
            else { self.context?.display(Self.displayData(bundle), displayID: id) }
        }
        runtime.interpreter.pager = { [unowned self] text in self.context?.page(DisplayData(text: text)) }
        runtime.clearOutputHandler = { [unowned self] wait in self.context?.clearOutput(wait: wait) }
        runtime.commChannel = CommChannel(
            open: { [unowned self] id, target, data, metadata in self.context?.openComm(id, target: target, data: data, metadata: metadata) },
            send: { [unowned self] id, data in self.context?.sendComm(id, data: data, metadata: [:]) })
        runtime.inputHandler = { [unowned self] prompt in
            guard let context = self.context else { throw ScriptError("ValueError", "input: no frontend to ask") }
            do { return try context.readInput(prompt: prompt) } catch let error as InputError {
                throw ScriptError(error == .interrupted ? "Interrupted" : "ValueError", error.description)
            }
        }
    }

    var kernelInfo: KernelInfo {
        KernelInfo(
            implementation: "soma", implementationVersion: SomaVersion.current,
            language: LanguageInfo(name: "soma", version: SomaVersion.current, mimeType: "text/x-soma",
                                   fileExtension: ".soma", pygmentsLexer: "swift",
                                   codemirrorMode: .string("swift"), nbconvertExporter: nil),
            banner: "Soma \(SomaVersion.current): deep learning in a small language")
    }

    func execute(_ request: ExecuteRequest, context: ExecutionContext) -> ExecutionOutcome {
        self.context = context
        defer { self.context = nil }
        do {
            if let value = try runtime.run(request.code, as: .cell(request.executionCount), remembering: request.storeHistory), !request.silent {
                context.publishResult(Self.displayData(try runtime.bundle(value)))
            }
            return .ok
        } catch let exit as ScriptExit {
            // A kernel outlives its cells, as IPython's does: exit stops this cell and nothing else.
            let message = "\(exit) ends a script or the REPL; here it stopped the cell, and the kernel keeps running (restart it from the Kernel menu to start afresh)"
            return .error(ExecutionError(name: "SystemExit", value: message, traceback: Self.traceback("SystemExit: " + message)))
        } catch let errors as SyntaxErrors {
            let first = errors.errors.first
            return .error(ExecutionError(name: "SyntaxError", value: first?.message ?? "invalid syntax",
                                         traceback: Self.traceback(errors.render())))
        } catch let error as ScriptError {
            return .error(ExecutionError(name: error.kind, value: error.message, traceback: Self.traceback(error.render())))
        } catch {
            return .error(ExecutionError(name: "Error", value: "\(error)"))
        }
    }

    func evaluate(expression: String) -> Result<DisplayData, ExecutionError> {
        do {
            let value = try runtime.run(expression, as: .cell(0))
            return .success(Self.displayData(try runtime.bundle(value ?? .null)))
        } catch let error as ScriptError {
            return .failure(ExecutionError(name: error.kind, value: error.message))
        } catch let errors as SyntaxErrors {
            return .failure(ExecutionError(name: "SyntaxError", value: errors.errors.first?.message ?? "invalid syntax"))
        } catch {
            return .failure(ExecutionError(name: "Error", value: "\(error)"))
        }
    }

    func complete(code: String, cursorPosition: Int) -> Completion {
        let scalars = Array(code.unicodeScalars)
        let characterCursor = String(String.UnicodeScalarView(scalars.prefix(max(0, min(cursorPosition, scalars.count))))).count
        let c = runtime.complete(code, cursor: characterCursor)
        return Completion(matches: c.matches, cursorStart: Self.scalarOffset(code, c.start), cursorEnd: Self.scalarOffset(code, c.end))
    }

    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> Inspection {
        let scalars = Array(code.unicodeScalars)
        let characterCursor = String(String.UnicodeScalarView(scalars.prefix(max(0, min(cursorPosition, scalars.count))))).count
        guard let text = runtime.inspect(code, cursor: characterCursor) else { return .notFound }
        return Inspection(found: true, display: DisplayData(text: text))
    }

    func isComplete(code: String) -> CodeCompleteness {
        switch Completeness.check(ShellLines.expand(code)) {
        case .complete: return .complete
        case .incomplete(let indent): return .incomplete(indent: indent)
        case .invalid: return .invalid
        }
    }

    /// A widget moved or clicked in the notebook: its Soma callbacks run, their output parented to the message.
    func handleComm(_ message: CommMessage, context: ExecutionContext) {
        self.context = context
        defer { self.context = nil }
        runtime.receiveComm(message.commID, data: message.data, closed: message.kind == .close)
    }

    func interrupt() { runtime.interpreter.requestInterrupt() }

    func shutdown(restart: Bool) {}

    static func displayData(_ bundle: MimeBundle) -> DisplayData {
        DisplayData(data: Display.json(bundle))
    }

    /// The diagnostic as traceback lines, its first line in red as notebooks show errors.
    static func traceback(_ rendered: String) -> [String] {
        var lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if !lines.isEmpty { lines[0] = "\u{1B}[0;31m" + lines[0] + "\u{1B}[0m" }
        return lines
    }

    /// The offset in Unicode scalars of a character offset, as the protocol counts cursor positions.
    static func scalarOffset(_ code: String, _ characters: Int) -> Int {
        String(code.prefix(characters)).unicodeScalars.count
    }
}
