/// `shell(command)`: IPython's `!command` as a function, for scripts, the REPL and notebooks alike.
extension CoreLibrary {
    /// The most bytes `shell(…, capture: true)` collects, as for any string a program builds.
    static let maxCapturedBytes = Interpreter.maxCollection

    static var shellFunctions: [NativeFunction] { [
        native("shell", ["command", .defaulted("capture", false)],
               "runs command with /bin/sh, showing its output as it runs, and returns its exit status (a failing command raises no error); with capture: true it returns the standard output as a string instead. An interrupt stops the command.") { a, vm in
            let command = try a.string("command", as: "the command of shell")
            guard !command.allSatisfy(\.isWhitespace) else { throw ScriptError("ValueError", "shell: the command is empty") }
            guard !command.utf8.contains(0) else { throw ScriptError("ValueError", "shell: the command contains a NUL character") }
            let capture = try a.boolean("capture")
            var captured = ""
            var capturedBytes = 0
            let stdout: (String) throws -> Void = capture ? { text in
                capturedBytes += text.utf8.count
                guard capturedBytes <= maxCapturedBytes else {
                    throw ScriptError("MemoryError", "shell: the captured output is larger than \(maxCapturedBytes) bytes; write it to a file instead (command > file)")
                }
                captured += text
            } : { text in
                vm.output(text)
                vm.flushOutput()
            }
            do {
                let outcome = try ShellCommand(command: command).run(stdout: stdout, stderr: { text in
                    vm.flushOutput()
                    vm.errorOutput(text)
                }, interrupted: { vm.interruptRequested })
                return capture ? .string(captured) : .number(Double(outcome.status))
            } catch is ShellCommand.Interrupted {
                try vm.checkInterrupt()
                throw ScriptError("Interrupted", "execution was interrupted; every variable keeps its value")
            }
        },
    ] }
}
