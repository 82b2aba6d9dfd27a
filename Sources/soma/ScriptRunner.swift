import Foundation
import Script
import SomaRuntime

/// Runs a script file: output to stdout, diagnostics to stderr, and an exit code per failure kind.
enum ScriptRunner {
    /// Exit codes: 0 success, 1 runtime error, 2 syntax error, 64 a file that cannot be read,
    /// 130 interrupted.
    static func run(path: String, arguments: [String]) -> Int32 {
        guard let data = FileManager.default.contents(atPath: path), let code = String(data: data, encoding: .utf8) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it is not readable UTF-8 text" : "no such file"
            FileHandle.standardError.write(Data("soma: cannot read '\(path)': \(reason)\n".utf8))
            return 64
        }
        let runtime = Runtime()
        let out = OutputBuffer()
        runtime.output = out.write
        runtime.flushOutput = out.flush
        runtime.liveOutput = OutputBuffer.liveOutput
        runtime.interpreter.globals.define("args", .list(ListStorage(arguments.map { .string($0) })))
        Interrupts.install()
        defer { out.flush() }
        do {
            _ = try runtime.run(code, as: .file(path))
            return 0
        } catch let errors as SyntaxErrors {
            out.flush()
            FileHandle.standardError.write(Data((errors.render() + "\n").utf8))
            return 2
        } catch let error as ScriptError {
            out.flush()
            FileHandle.standardError.write(Data((error.render() + "\n").utf8))
            return error.kind == "Interrupted" ? 130 : 1
        } catch {
            out.flush()
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            return 1
        }
    }
}

/// Buffers standard output so that printing in a loop costs a copy, not a system call, and flushes
/// at each newline when the output is a terminal.
final class OutputBuffer {
    private var buffer: [UInt8] = []
    private let interactive = isatty(1) != 0

    /// Live displays redraw in place on a terminal that understands cursor movement, and print
    /// plain lines to files, pipes and dumb terminals.
    static var liveOutput: LiveOutput {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        return isatty(1) != 0 && term != "dumb" && !term.isEmpty ? .terminal : .lines
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count > 1 << 16 || (interactive && text.contains("\n")) { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBufferPointer { p in
            var offset = 0
            while offset < p.count {
                let n = Foundation.write(1, p.baseAddress! + offset, p.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// SIGINT asks running code to stop at its next step instead of killing the process.
enum Interrupts {
    static func install() {
        signal(SIGINT) { _ in Interpreter.requestInterrupt() }
    }
}
