// TEMPORARY: conformance harness, removed before hand-off.
import Foundation
import Jupyter
import Testing

final class TinyLang: KernelBackend, @unchecked Sendable {
    let flag = NSLock()
    var interrupted = false
    var kernelInfo: KernelInfo {
        KernelInfo(implementation: "tiny", implementationVersion: "0.1",
                   language: LanguageInfo(name: "tiny", version: "1.0", fileExtension: ".tiny"), banner: "tiny")
    }
    func execute(_ request: ExecuteRequest, context: ExecutionContext) -> ExecutionOutcome {
        flag.withLock { interrupted = false }
        let code = request.code
        if code.hasPrefix("print ") { context.write(String(code.dropFirst(6)) + "\n", to: .stdout) }
        else if code.hasPrefix("stderr ") { context.write(String(code.dropFirst(7)) + "\n", to: .stderr) }
        else if code.hasPrefix("value ") { context.publishResult(DisplayData(text: String(code.dropFirst(6)))) }
        else if code == "display" { context.display(DisplayData(data: ["text/plain": "shown", "text/html": "<b>shown</b>"])) }
        else if code == "clear" { context.write("x\n", to: .stdout); context.clearOutput(wait: false) }
        else if code == "error" { return .error(ExecutionError(name: "TinyError", value: "boom")) }
        else if code == "input" {
            do { let v = try context.readInput(prompt: "? "); context.write("got \(v)\n", to: .stdout) }
            catch { return .error(ExecutionError(name: "InputError", value: "\(error)")) }
        } else if code.hasPrefix("spam ") {
            for i in 0..<(Int(code.dropFirst(5)) ?? 0) { context.write("line \(i)\n", to: .stdout) }
        } else if code == "loop" {
            while !flag.withLock({ interrupted }) { usleep(1000) }
            return .error(ExecutionError(name: "Interrupted", value: "stopped"))
        }
        return .ok
    }
    func complete(code: String, cursorPosition: Int) -> Completion {
        let words = ["print", "stderr", "value", "display"].filter { $0.hasPrefix(code) }
        return Completion(matches: words, cursorStart: 0, cursorEnd: cursorPosition)
    }
    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> Inspection {
        Inspection(found: true, display: DisplayData(text: "help for \(code)"))
    }
    func isComplete(code: String) -> CodeCompleteness {
        code.hasSuffix("{") ? .incomplete(indent: "  ") : code.hasPrefix("}") ? .invalid : .complete
    }
    func interrupt() { flag.withLock { interrupted = true } }
}

@Test func ConformanceHarness() throws {
    guard let path = ProcessInfo.processInfo.environment["JUPYTER_HARNESS_CONNECTION"] else { return }
    var configuration = KernelConfiguration()
    configuration.handlesInterruptSignal = ProcessInfo.processInfo.environment["JUPYTER_HARNESS_SIGINT"] != nil
    let kernel = try Kernel(connectionFile: path, backend: TinyLang(), configuration: configuration)
    kernel.run()
}
