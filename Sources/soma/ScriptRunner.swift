import Foundation
import Script
import SomaRuntime

/// Runs a script file: output to stdout, diagnostics to stderr, and an exit code per failure kind.
enum ScriptRunner {
    /// Exit codes: 0 success, 1 runtime error, 2 syntax error, 64 a file that cannot be read,
    /// 130 interrupted (SIGINT), 143 terminated (SIGTERM).
    static func run(path: String, arguments: [String]) -> Int32 {
        guard let data = FileManager.default.contents(atPath: path), let code = String(data: data, encoding: .utf8) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it is not readable UTF-8 text" : "no such file"
            FileHandle.standardError.write(Data("soma: cannot read '\(path)': \(reason)\n".utf8))
            return 64
        }
        let session = ScriptSession()
        let args = Value.list(ListStorage(arguments.map { .string($0) }))
        session.runtime.interpreter.globals.define("args", args)
        session.runtime.interpreter.modules.builtins["args"] = args  // modules the script imports see them too
        return session.run(code, as: .file(path))
    }
}
