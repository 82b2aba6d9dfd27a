import Script

/// A table of native functions for one area of the standard library.
struct Library {
    var functions: [NativeFunction] = []

    /// Declares a builtin once: its name, its parameters (labels and defaults), a one-line summary and
    /// the body, which reads its arguments by label.
    mutating func add(_ name: String, _ parameters: [Signature.Parameter], _ summary: String,
                      _ body: @escaping (BoundArguments, Interpreter) throws -> Value) {
        functions.append(NativeFunction(Signature(name, parameters, summary), body))
    }

    func install(into interpreter: Interpreter) {
        for f in functions { interpreter.globals.define(f.name, .function(f)) }
    }
}
