import ArgumentParser
import Foundation
import Script
import SomaRuntime

/// `soma` runs a script, starts the REPL, or serves as a Jupyter kernel.
@main
struct Soma: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soma",
        abstract: "Soma: deep learning in a small language, in a terminal, a script or a notebook.",
        discussion: """
            soma                 start the interactive REPL
            soma FILE [ARGS...]  run a script (ARGS are in the list `args`)
            soma kernel -f FILE  serve as a Jupyter kernel (Jupyter starts this)
            soma kernel install  install the Jupyter kernelspec
            soma kernel list     the Soma kernelspecs Jupyter finds, and which one it starts
            """,
        version: SomaVersion.current,
        subcommands: [RunCommand.self, KernelCommand.self],
        defaultSubcommand: RunCommand.self)

    /// Installs the REPL's and scripts' signal handling before anything else runs, so that a Ctrl-C
    /// at any moment, even during start-up, ends a script with status 130. The kernel handles its
    /// signals itself.
    static func main() {
        if CommandLine.arguments.dropFirst().first != "kernel" { ProcessSignals.install() }
        DistributedBlock.somaCommand = DistributedBlock.ownExecutable()
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
            exit()
        } catch {
            exit(withError: error)
        }
    }
}

/// Runs a script, or the REPL when no script is given (what `soma` does without a subcommand).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a script, or start the REPL when no script is given.")

    @ArgumentParser.Argument(help: "A script to run; without one, the REPL starts.")
    var file: String?

    @ArgumentParser.Argument(parsing: .captureForPassthrough, help: "Arguments for the script, in the list `args`.")
    var arguments: [String] = []

    func run() throws {
        if let file {
            throw ExitCode(ScriptRunner.run(path: file, arguments: arguments))
        }
        throw ExitCode(REPL().run())
    }
}

enum SomaVersion {
    static let current = "0.1.0"
}
