import ArgumentParser
import Foundation
import Jupyter
import SomaRuntime

/// `soma kernel -f CONNECTION_FILE`: serves as a Jupyter kernel until shut down.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Serve as a Jupyter kernel (Jupyter starts this), or install the kernelspec.",
        subcommands: [KernelInstall.self])

    @Option(name: .shortAndLong, help: "The connection file Jupyter wrote.")
    var file: String?

    func run() throws {
        guard let path = file else {
            throw ValidationError("soma kernel needs the connection file: soma kernel -f FILE (or: soma kernel install)")
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

/// `soma kernel install`: writes the kernelspec (kernel.json with this binary's absolute path, logos).
struct KernelInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install", abstract: "Install the Soma kernelspec so Jupyter lists the kernel.")

    @Flag(help: "Install for the current user (the default).")
    var user = false

    @Option(help: "Install under PREFIX/share/jupyter/kernels.")
    var prefix: String?

    @Flag(help: "Install into the active Python environment (VIRTUAL_ENV or CONDA_PREFIX).")
    var sysPrefix = false

    @Option(help: "The kernel's directory name.")
    var name = "soma"

    func validate() throws {
        if [user, prefix != nil, sysPrefix].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --user, --prefix and --sys-prefix")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let base: String
        if let prefix {
            base = prefix + "/share/jupyter/kernels"
        } else if sysPrefix {
            guard let env = environment["VIRTUAL_ENV"] ?? environment["CONDA_PREFIX"] else {
                throw ValidationError("--sys-prefix needs an active virtual environment (VIRTUAL_ENV or CONDA_PREFIX is not set)")
            }
            base = env + "/share/jupyter/kernels"
        } else {
            #if os(macOS)
            base = (environment["HOME"] ?? "~") + "/Library/Jupyter/kernels"
            #else
            base = (environment["XDG_DATA_HOME"] ?? ((environment["HOME"] ?? "~") + "/.local/share")) + "/jupyter/kernels"
            #endif
        }
        let directory = URL(fileURLWithPath: base).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let spec: [String: Any] = [
            "argv": [Self.executablePath, "kernel", "-f", "{connection_file}"],
            "display_name": "Soma",
            "language": "soma",
            "interrupt_mode": "message",
            "metadata": ["debugger": false],
        ]
        let json = try JSONSerialization.data(withJSONObject: spec, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try json.write(to: directory.appendingPathComponent("kernel.json"), options: .atomic)
        var missing: [String] = []
        for logo in ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"] {
            guard let source = Self.kernelResources?.appendingPathComponent(logo),
                  FileManager.default.fileExists(atPath: source.path) else { missing.append(logo); continue }
            let target = directory.appendingPathComponent(logo)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: source, to: target)
        }
        print("Installed the Soma kernelspec in \(directory.path)")
        if !missing.isEmpty {
            print("note: logos not found (\(missing.joined(separator: ", "))); set SOMA_KERNEL_DIR to the project's Kernel/ folder to include them")
        }
    }

    /// This binary's absolute path, so Jupyter starts the same build.
    static var executablePath: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().standardizedFileURL.path
            .replacingOccurrences(of: "/./", with: "/")
    }

    /// The project's Kernel/ folder: SOMA_KERNEL_DIR, or found from the binary in a build folder
    /// (`.build/<configuration>/soma`) or an install (`bin/soma` beside `share/soma/Kernel`).
    static var kernelResources: URL? {
        if let dir = ProcessInfo.processInfo.environment["SOMA_KERNEL_DIR"] { return URL(fileURLWithPath: dir) }
        var url = URL(fileURLWithPath: executablePath).deletingLastPathComponent()
        for _ in 0..<5 {
            for candidate in ["Kernel", "share/soma/Kernel"] {
                let u = url.appendingPathComponent(candidate)
                if FileManager.default.fileExists(atPath: u.appendingPathComponent("kernel.json").path) { return u }
            }
            url = url.deletingLastPathComponent()
        }
        return nil
    }
}
