import ArgumentParser
import Foundation

/// `soma kernel install`: writes the kernelspec (kernel.json with this binary's absolute path, logos),
/// says where, and warns when Jupyter would start another kernelspec of the same name instead.
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

    /// The logos Jupyter shows for a kernel, copied from the project's Kernel/ folder.
    static let logos = ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"]

    func validate() throws {
        if [user, prefix != nil, sysPrefix].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --user, --prefix and --sys-prefix")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let paths = JupyterPaths(environment: environment)
        let base: String
        if let prefix {
            base = JupyterPaths.trimmed(prefix) + "/share/jupyter/kernels"
        } else if sysPrefix {
            guard let env = environment["VIRTUAL_ENV"] ?? environment["CONDA_PREFIX"] else {
                throw ValidationError("--sys-prefix needs an active virtual environment (VIRTUAL_ENV or CONDA_PREFIX is not set)")
            }
            base = JupyterPaths.trimmed(env) + "/share/jupyter/kernels"
        } else {
            base = paths.userDataFolder + "/kernels"
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
        for logo in Self.logos {
            guard let source = Self.kernelResources?.appendingPathComponent(logo),
                  FileManager.default.fileExists(atPath: source.path) else { missing.append(logo); continue }
            let target = directory.appendingPathComponent(logo)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: source, to: target)
        }
        print("Installed the Soma kernelspec in \(directory.path) (it runs \(Self.executablePath))")
        if !missing.isEmpty {
            print("note: logos not found (\(missing.joined(separator: ", "))); set SOMA_KERNEL_DIR to the project's Kernel/ folder to include them")
        }
        report(installed: directory.path, paths: paths)
    }

    /// Says whether Jupyter will start the kernelspec just installed, and which one it starts if not.
    private func report(installed: String, paths: JupyterPaths) {
        let found = paths.kernelspecs(named: name)
        let jupyter = paths.jupyterCommand.map { " (\($0))" } ?? ""
        guard let first = found.first, let position = found.firstIndex(where: { JupyterPaths.same($0, installed) }) else {
            let folder = URL(fileURLWithPath: installed).deletingLastPathComponent().deletingLastPathComponent().path
            warn("Jupyter\(jupyter) does not look in \(folder): add it to JUPYTER_PATH to use this kernelspec")
            return
        }
        if position == 0 {
            print("Jupyter\(jupyter) will start this kernelspec for '\(name)'.")
            return
        }
        let runs = JupyterPaths.command(ofKernelspec: first).map { ", which runs \($0)" } ?? ""
        warn("""
            Jupyter\(jupyter) will start the '\(name)' kernelspec in \(first)\(runs), not this one: \
            it comes first in Jupyter's search order (soma kernel list shows it). Remove it \
            (jupyter kernelspec remove \(name), or delete the folder), or install there instead.
            """)
    }

    private func warn(_ text: String) {
        FileHandle.standardError.write(Data("warning: \(text)\n".utf8))
    }

    /// This binary's absolute path, so Jupyter starts the same build: the running executable itself
    /// (the first argument may be a bare name found on PATH, or a symbolic link).
    static var executablePath: String {
        #if os(Linux)
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return target }
        #endif
        let argument = CommandLine.arguments[0]
        var path = argument
        if !argument.contains("/") {
            for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
                let candidate = String(dir) + "/" + argument
                if FileManager.default.isExecutableFile(atPath: candidate) { path = candidate; break }
            }
        }
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
            .replacingOccurrences(of: "/./", with: "/")
    }

    /// The project's Kernel/ folder: SOMA_KERNEL_DIR, or found from the binary in a build folder
    /// (`.build/<configuration>/soma`, `.build/<triple>/<configuration>/soma`) or an install
    /// (`bin/soma` beside `share/soma/Kernel`).
    static var kernelResources: URL? {
        if let dir = ProcessInfo.processInfo.environment["SOMA_KERNEL_DIR"] { return URL(fileURLWithPath: dir) }
        var url = URL(fileURLWithPath: executablePath).deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in ["Kernel", "share/soma/Kernel"] {
                let u = url.appendingPathComponent(candidate)
                if FileManager.default.fileExists(atPath: u.appendingPathComponent("kernel.json").path) { return u }
            }
            url = url.deletingLastPathComponent()
        }
        return nil
    }
}
