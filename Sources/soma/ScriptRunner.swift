import Distributed
import Foundation
import Script
import SomaRuntime
import NN
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
        var status = session.run(code, as: .file(path))
        session.runtime.flushOutput()
        if status == 0, world.isMain, let path = env(DistributedBlock.Environment.result) {
            status = writeResult(session, to: path)
        }
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

    /// Sets a session up as one process of a job of several: its diagnostics name its rank, its output
    /// is what a `distributed` block asked for (only rank 0's, or every rank's line by line after its
    /// rank), and the processes on one machine share its cores unless a thread count is set.
    private static func join(_ world: Communicator, _ session: ScriptSession) {
        session.diagnosticPrefix = "rank \(world.rank): "
        switch env(DistributedBlock.Environment.output) {
        case "main" where !world.isMain:
            session.runtime.output = { _ in }
        case "all":
            let lines = LinePrefixer("[rank \(world.rank)] ", session.out.write)
            session.runtime.output = lines.write
            session.runtime.flushOutput = { [out = session.out] in
                lines.flush()
                out.flush()
            }
        default: break
        }
        let local = Launch.current?.localSize ?? 1
        if local > 1, getenv("SOMA_NUM_THREADS") == nil, getenv("OMP_NUM_THREADS") == nil {
            session.runtime.engine.workers = max(1, ProcessInfoCores.count / local)
        }
    }

    /// Writes the value of the script's last expression for the `distributed` block that launched this
    /// job; a value that cannot be written is reported like an error of the script.
    private static func writeResult(_ session: ScriptSession, to path: String) -> Int32 {
        do {
            try FileIO.writeAtomically(try ValueTransfer.encode(session.lastValue ?? .null), to: path)
            return 0
        } catch {
            session.report("soma: cannot send the block's value back: \(error)")
            return 1
        }
    }

    private static func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}
