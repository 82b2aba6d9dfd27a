import Script

/// A table of native functions for one area of the standard library.
struct Library {
    var functions: [NativeFunction] = []
    /// Globals that are values rather than functions (a namespace such as `linalg`).
    var values: [(name: String, value: Value)] = []

    /// Declares a builtin once: its name, its parameters (labels and defaults), a one-line summary and
    /// the body, which reads its arguments by label.
    mutating func add(_ name: String, _ parameters: [Signature.Parameter], _ summary: String,
                      _ body: @escaping (BoundArguments, Interpreter) throws -> Value) {
        functions.append(NativeFunction(Signature(name, parameters, summary), body))
    }

    /// Declares a global value once, by name.
    mutating func define(_ name: String, _ value: Value) {
        values.append((name, value))
    }

    func install(into interpreter: Interpreter) {
        for f in functions { interpreter.globals.define(f.name, .function(f)) }
        for v in values { interpreter.globals.define(v.name, v.value) }
    }
}
