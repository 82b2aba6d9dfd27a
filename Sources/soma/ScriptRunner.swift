import Distributed
import Foundation
import Script
import SomaRuntime
import TensorEngine

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
        let world: Communicator
        do {
            world = try Communicator.start()
        } catch {
            session.report("soma: \(error)")
            return 1
        }
        if world.size > 1 { join(world, session) }
        let args = Value.list(ListStorage(arguments.map { .string($0) }))
        session.runtime.interpreter.globals.define("args", args)
        session.runtime.interpreter.modules.builtins["args"] = args  // modules the script imports see them too
        let status = session.run(code, as: .file(path))
        guard world.usesMPI else { return status }
        if status == 0 {
            do {
                try world.finish()
                return 0
            } catch {
                session.report("\(error)")
            }
        }
        // A failed process ends the job, so that no other waits for it in a collective call.
        world.abort(status: status == 0 ? 1 : status)
        return status
    }

    /// Sets a session up as one process of a job of several: its diagnostics name its rank, and the
    /// processes on one machine share its cores unless a thread count is set.
    private static func join(_ world: Communicator, _ session: ScriptSession) {
        session.diagnosticPrefix = "rank \(world.rank): "
        let local = Launch.current?.localSize ?? 1
        if local > 1, getenv("SOMA_NUM_THREADS") == nil, getenv("OMP_NUM_THREADS") == nil {
            session.runtime.engine.workers = max(1, ProcessInfoCores.count / local)
        }
    }
}
