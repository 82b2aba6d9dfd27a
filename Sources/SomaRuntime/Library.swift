import Script

/// A table of native functions for one area of the standard library.
struct Library {
    var functions: [NativeFunction] = []

    mutating func add(_ name: String, _ doc: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) {
        functions.append(NativeFunction(name, doc: doc, body))
    }

    func install(into interpreter: Interpreter) {
        for f in functions { interpreter.globals.define(f.name, .function(f)) }
    }
}
