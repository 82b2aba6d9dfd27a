#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The program's surroundings: environment variables, and ending the program with a status.
extension CoreLibrary {
    static var processFunctions: [NativeFunction] { [
        native("env", ["name", .optional("default")],
               "the value of an environment variable as a string, or default (nil unless given) when it is not set.") { a, _ in
            let name = try a.string("name", as: "the name of env")
            guard !name.isEmpty, !name.utf8.contains(0), !name.contains("=") else {
                throw ScriptError("ValueError", "env: \(Value.quote(name)) cannot name an environment variable (empty, or with = or a NUL character)")
            }
            guard let value = getenv(name) else { return try a.given("default") ?? .null }
            return .string(String(cString: value))
        },
        native("exit", [.defaulted("code", 0)],
               "ends a script (or the REPL) with this exit status, 0 to 255; in a notebook it stops the cell and the kernel keeps running.") { a, _ in
            let code = try a.integer("code", as: "the exit status")
            guard (0...255).contains(code) else {
                throw ScriptError("ValueError", "exit: the status must be from 0 to 255, not \(code)")
            }
            throw ScriptExit(status: Int32(code))
        },
    ] }
}

/// What `exit(code)` raises: not an error of the program but its end, which the interpreter passes
/// up untouched and the host turns into the process's exit status (or, where the host goes on, such
/// as a notebook's kernel, into a message that the cell stopped).
public struct ScriptExit: Error, CustomStringConvertible {
    public let status: Int32

    public init(status: Int32) { self.status = status }

    public var description: String { "exit(\(status))" }
}
