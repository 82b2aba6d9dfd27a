import ArgumentParser
import Foundation
import Jupyter
import SomaRuntime

/// `soma kernel -f CONNECTION_FILE`: serves as a Jupyter kernel until shut down.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Serve as a Jupyter kernel (Jupyter starts this), or install or list the kernelspecs.",
        subcommands: [KernelInstall.self, KernelList.self])

    @Option(name: .shortAndLong, help: "The connection file Jupyter wrote.")
    var file: String?

    func run() throws {
        guard let path = file else {
            throw ValidationError("soma kernel needs the connection file: soma kernel -f FILE (or: soma kernel install, soma kernel list)")
        }
        Self.exitWithParent()
        // Cells run on the kernel's shell thread, so it gets the stack that deep user code needs.
        do {
            _ = try Runtime.onLargeStack { () throws -> KernelExit in
                let backend = SomaKernelBackend()
                backend.runtime.runsOnCallingThread = true
                var configuration = KernelConfiguration()
                configuration.historyPath = Self.historyPath
                configuration.streamLimitPerCell = Self.outputLimit
                return try Kernel(connectionFile: path, backend: backend, configuration: configuration).run()
            }
        } catch {
            FileHandle.standardError.write(Data("soma kernel: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Ends the process when the frontend that started it dies without shutting the kernel down (as
    /// ipykernel does), so a crashed notebook server leaves no kernels behind. Jupyter names its process
    /// in JPY_PARENT_PID; the kernel then notices being re-parented.
    static func exitWithParent() {
        guard let value = ProcessInfo.processInfo.environment["JPY_PARENT_PID"], let parent = Int32(value), parent > 1 else { return }
        let startedAsChild = getppid() == parent
        Thread.detachNewThread {
            while true {
                let gone = (kill(parent, 0) != 0 && errno == ESRCH) || (startedAsChild && getppid() != parent)
                if gone { break }
                Thread.sleep(forTimeInterval: 0.5)
            }
            FileHandle.standardError.write(Data("soma kernel: the frontend (process \(parent)) is gone; exiting\n".utf8))
            Foundation.exit(0)
        }
    }

    /// Where the kernel keeps its input history between sessions: SOMA_KERNEL_HISTORY, or
    /// `~/.soma_kernel_history.sqlite`.
    static var historyPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SOMA_KERNEL_HISTORY"], !path.isEmpty { return path }
        return (environment["HOME"] ?? NSTemporaryDirectory()) + "/.soma_kernel_history.sqlite"
    }

    /// The most bytes of output a cell shows: SOMA_OUTPUT_LIMIT (a number of bytes, `0` or `none` for no
    /// limit), 1,000,000 by default. Past it, a cell shows its first and its last lines.
    static var outputLimit: Int? {
        guard let text = ProcessInfo.processInfo.environment["SOMA_OUTPUT_LIMIT"]?.trimmingCharacters(in: .whitespaces),
              !text.isEmpty else { return 1_000_000 }
        if text == "none" { return nil }
        guard let bytes = Int(text.replacingOccurrences(of: "_", with: "")), bytes >= 0 else {
            FileHandle.standardError.write(Data("soma kernel: SOMA_OUTPUT_LIMIT must be a number of bytes or 'none', not '\(text)'; using 1000000\n".utf8))
            return 1_000_000
        }
        return bytes == 0 ? nil : bytes
    }
}
