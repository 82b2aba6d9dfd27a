#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import NN
import Script
import TensorEngine

/// `distributed(processes: 4) { … }`: runs a block on N processes of an MPI job that this session
/// launches with `mpirun`, the ipyparallel `%%px` experience from a notebook, the REPL or a script.
///
/// The block runs as a script of its own in fresh processes (it sees none of this session's variables;
/// it imports and loads what it needs), in this session's folder. Rank 0's output streams into the cell
/// as it comes (every rank's with `output: "all"`, each line after `[rank r]`); errors always show, with
/// their ranks. The value of the block's last expression on rank 0 is the call's value. An interrupt
/// stops the whole job.
public enum DistributedBlock {
    /// The `soma` executable the job's processes run: this process's own, set by the command at start.
    /// Safe unguarded: it is set once in `main` before any session starts, and only read after.
    nonisolated(unsafe) public static var somaCommand: String?

    /// The environment variables the launched processes read (see the `soma` command's script runner).
    public enum Environment {
        /// "main" (only rank 0 prints) or "all" (every rank prints, each line after `[rank r] `).
        public static let output = "SOMA_DISTRIBUTED_OUTPUT"
        /// Where rank 0 writes the value of the script's last expression (`ValueTransfer`).
        public static let result = "SOMA_DISTRIBUTED_RESULT"
        /// The launcher, `mpirun` unless set (`mpiexec`, `srun`); it is given `-n N`.
        public static let launcher = "SOMA_MPIRUN"
    }

    static func install(_ lib: inout Library) {
        lib.add("distributed", [.defaulted("processes", 2), .defaulted("output", "main"), .optional("code", shown: "the block"), .defaulted("line", 1)],
                "runs the block after it, distributed(processes: 4) { … }, on that many processes of an MPI job launched with mpirun, each one a fresh Soma with dist.rank() and dist.size() (it sees none of this session's variables), in this session's folder; rank 0's output streams in as it comes (output: \"all\" shows every rank's), and the value of the block's last expression on rank 0 is returned. An error on any process stops the job and is raised here; an interrupt stops every process.") { a, vm in
            guard let code = try a.given("code")?.string("the code of distributed") else {
                throw ScriptError("TypeError", "distributed needs a block to run: distributed(processes: 2) { … }")
            }
            let processes = try a.integer("processes")
            guard (1...1024).contains(processes) else {
                throw ScriptError("ValueError", "distributed: processes must be from 1 to 1024, not \(processes)")
            }
            let output = try a.string("output")
            guard output == "main" || output == "all" else {
                throw ScriptError("ValueError", "distributed: output must be \"main\" or \"all\", not \(Value.quote(output))")
            }
            let line = try a.integer("line")
            guard (1...10_000_000).contains(line) else {
                throw ScriptError("ValueError", "distributed: line must be from 1 to 10000000, not \(line)")
            }
            return try run(code, firstLine: line, processes: processes, output: output, vm)
        }
    }

    private static func run(_ code: String, firstLine: Int, processes: Int, output: String, _ vm: Interpreter) throws -> Value {
        guard let soma = somaCommand ?? sibling("soma") else {
            throw ScriptError("DistributedError", "distributed: no soma command to launch (run this from soma, or keep the soma executable beside this program)")
        }
        let folder = try FileSystem.makeTemporaryFolder(prefix: "soma-distributed-", op: "distributed")
        defer { try? FileSystem.remove(folder, recursive: true, op: "distributed", checkInterrupt: {}) }
        // Blank lines first, so that an error's line number is the line in the cell or script.
        let script = folder + "/block.soma", result = folder + "/result.safetensors"
        try FileIO.writeAtomically(Array((String(repeating: "\n", count: firstLine - 1) + code).utf8), to: script)
        var command = ""
        if let directory = EngineContext.current?.directory { command += "cd \(quote(directory)) && " }
        var env = ["\(Environment.output)=\(output)", "\(Environment.result)=\(quote(result))",
                   // Open MPI's switches, which other launchers ignore: more processes than cores are
                   // allowed (a laptop's notebook), and so is root (a container's only user).
                   "OMPI_MCA_rmaps_base_oversubscribe=1"]
        if getuid() == 0 { env += ["OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"] }
        command += "exec env " + env.joined(separator: " ") + " ${\(Environment.launcher):-mpirun} -n \(processes) \(quote(soma)) \(quote(script))"
        var errors = ""
        let outcome: ShellCommand.Outcome
        do {
            outcome = try ShellCommand(command: command).run(stdout: { text in
                vm.output(text)
                vm.flushOutput()
            }, stderr: { text in
                if errors.utf8.count < 1 << 20 { errors += text }
                vm.flushOutput()
                vm.errorOutput(text)
            }, interrupted: { vm.interruptRequested })
        } catch is ShellCommand.Interrupted {
            try vm.checkInterrupt()
            throw ScriptError("Interrupted", "the distributed block was interrupted; every process was stopped")
        }
        if outcome.status == 127 {
            throw ScriptError("DistributedError", "distributed: the launcher (\(getenv(Environment.launcher).map { String(cString: $0) } ?? "mpirun")) was not found; install Open MPI (Debian: openmpi-bin) or set \(Environment.launcher)")
        }
        guard outcome.status == 0 else {
            // The first process's own report names the error; the launcher's lines follow it.
            let first = errors.split(separator: "\n").first { $0.hasPrefix("rank ") && $0.contains("Error") }
                ?? errors.split(separator: "\n").first { !$0.allSatisfy { $0 == "-" } }
            let reason = first.map { ": " + $0 } ?? ""
            throw ScriptError("DistributedError", "the distributed block failed (status \(outcome.status))\(reason)")
        }
        guard let bytes = try? FileIO.read(result) else { return .null }
        return try ValueTransfer.decode(bytes)
    }

    /// This program's own executable file, from /proc/self/exe.
    public static func ownExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// An executable named `name` in this program's own folder: the `soma` built beside a program that
    /// embeds the runtime (the test runner).
    private static func sibling(_ name: String) -> String? {
        guard let own = ownExecutable(), let slash = own.lastIndex(of: "/") else { return nil }
        let path = String(own[...slash] + name)
        return access(path, X_OK) == 0 ? path : nil
    }

    /// `text` as one word of /bin/sh.
    private static func quote(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
