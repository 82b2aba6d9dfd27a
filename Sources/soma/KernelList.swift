import ArgumentParser
import Foundation

/// `soma kernel list`: the Soma kernelspecs Jupyter finds, in its search order, and the one it starts.
struct KernelList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the Soma kernelspecs Jupyter finds and say which one it starts.")

    @Option(help: "The kernel's directory name.")
    var name = "soma"

    func run() throws {
        let paths = JupyterPaths()
        let jupyter = paths.jupyterCommand.map { "Jupyter (\($0))" } ?? "Jupyter (none found on PATH)"
        print("\(jupyter) looks for kernels in, in order:")
        for folder in paths.kernelFolders { print("  \(folder.path)  [\(folder.origin)]") }
        let found = paths.kernelspecs(named: name)
        guard let first = found.first else {
            print("No '\(name)' kernelspec in any of them: soma kernel install adds one.")
            return
        }
        print("'\(name)' kernelspecs, the first one is the one Jupyter starts:")
        for (i, dir) in found.enumerated() {
            let runs = JupyterPaths.command(ofKernelspec: dir).map { " runs \($0)" } ?? " (unreadable kernel.json)"
            print("  \(i == 0 ? "*" : " ") \(dir)\(runs)\(i == 0 ? "" : "  (shadowed)")")
        }
        print("Jupyter starts: \(first)")
    }
}
