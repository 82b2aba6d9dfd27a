import Foundation
import JSONFormat
import Jupyter

/// A scripted backend. Cells are commands:
/// `print N` (N lines to stdout, then a result), `fail [ms]` (after ms milliseconds), `wait` (until interrupted), `progress` (prints, then waits), `input`,
/// `display`, `result`, `comm` (opens comm `c1` of target `mock.target`), `hang` (ignores interrupts for 8 s or until `release()`); anything else succeeds silently.
/// The user expression `wait` waits until interrupted; `bad` fails. A `comm_msg` on `c1` is printed and echoed.
final class MockBackend: KernelBackend, @unchecked Sendable {
    let lock = NSLock()
    private(set) var executed: [ExecuteRequest] = []
    private(set) var interrupts = 0
    private(set) var shutdowns: [Bool] = []
    private(set) var commMessages: [CommMessage] = []
    let started = DispatchSemaphore(value: 0)
    private let interruptSignal = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)

    /// Ends a `hang` cell.
    func release() { released.signal() }

    var kernelInfo: KernelInfo {
        KernelInfo(
            implementation: "mock", implementationVersion: "0.1",
            language: LanguageInfo(name: "mocklang", version: "1.0", fileExtension: ".mock"),
            banner: "Mock kernel", helpLinks: [HelpLink(text: "Docs", url: "https://example.org")])
    }

    func execute(_ request: ExecuteRequest, context: ExecutionContext) -> ExecutionOutcome {
        lock.withLock { executed.append(request) }
        let words = request.code.split(separator: " ")
        switch words.first {
        case "print":
            let count = words.count > 1 ? Int(words[1]) ?? 1 : 1
            for index in 0..<count { context.write("line \(index)\n", to: .stdout) }
            context.publishResult(DisplayData(text: "done"))
        case "fail":
            if words.count > 1, let milliseconds = UInt32(words[1]) { usleep(milliseconds * 1000) }
            return .error(ExecutionError(name: "ValueError", value: "bad value"))
        case "wait", "progress":
            if words.first == "progress" { context.write("tick\n", to: .stdout) }
            started.signal()
            if interruptSignal.wait(timeout: .now() + 5) == .success {
                return .error(ExecutionError(name: "Interrupted", value: "interrupted by the user"))
            }
            return .error(ExecutionError(name: "Timeout", value: "never interrupted"))
        case "hang":
            started.signal()
            _ = released.wait(timeout: .now() + 8)
        case "input":
            do {
                let name = try context.readInput(prompt: "name? ")
                context.write("hello \(name)\n", to: .stdout)
            } catch {
                return .error(ExecutionError(name: "InputError", value: "\(error)"))
            }
        case "display":
            context.display(DisplayData(text: "v1"), displayID: "d1")
            context.updateDisplay(DisplayData(text: "v2"), displayID: "d1")
            context.clearOutput(wait: true)
        case "comm":
            context.openComm("c1", target: "mock.target", data: ["x": 1], metadata: ["version": "1"])
        case "result":
            context.publishResult(DisplayData(data: ["text/plain": "42", "text/html": "<b>42</b>"]))
        default:
            break
        }
        return .ok
    }

    func handleComm(_ message: CommMessage, context: ExecutionContext) {
        lock.withLock { commMessages.append(message) }
        guard message.kind == .message else { return }
        context.write("got \(JSON.object(message.data).serialized())\n", to: .stdout)
        context.sendComm(message.commID, data: ["echo": .object(message.data)], metadata: [:])
    }

    var receivedComms: [CommMessage] { lock.withLock { commMessages } }

    func evaluate(expression: String) -> Result<DisplayData, ExecutionError> {
        if expression == "wait" {
            started.signal()
            return interruptSignal.wait(timeout: .now() + 5) == .success
                ? .failure(ExecutionError(name: "Interrupted", value: "interrupted by the user"))
                : .failure(ExecutionError(name: "Timeout", value: "never interrupted"))
        }
        return expression == "bad" ? .failure(ExecutionError(name: "NameError", value: "bad")) : .success(DisplayData(text: expression.uppercased()))
    }

    func complete(code: String, cursorPosition: Int) -> Completion {
        Completion(matches: ["alpha", "alphabet"], cursorStart: max(0, cursorPosition - 2), cursorEnd: cursorPosition)
    }

    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> Inspection {
        code.hasPrefix("alpha") ? Inspection(found: true, display: DisplayData(text: "alpha: a letter (detail \(detailLevel))")) : .notFound
    }

    func isComplete(code: String) -> CodeCompleteness {
        if code.hasSuffix("{") { return .incomplete(indent: "    ") }
        if code.hasPrefix("}") { return .invalid }
        return .complete
    }

    func interrupt() {
        lock.withLock { interrupts += 1 }
        interruptSignal.signal()
    }

    func shutdown(restart: Bool) {
        lock.withLock { shutdowns.append(restart) }
    }

    var interruptCount: Int { lock.withLock { interrupts } }
    var shutdownCalls: [Bool] { lock.withLock { shutdowns } }
}
