import NN
import Script

/// How a session's `import` reads module files and where it looks for them.
extension Runtime {
    /// The largest module file `import` reads: source beyond this is surely not a hand-written module.
    public static let maxModuleBytes = 1 << 24

    /// The folders `import` searches after the importing file's own; `SOMA_PATH` by default.
    public var modulePath: [String] {
        get { interpreter.modules.searchPath }
        set { interpreter.modules.searchPath = newValue }
    }

    /// Lets `import` read files (UTF-8 text up to `maxModuleBytes`, never a folder or a device) and
    /// gives modules the standard library as installed.
    func installModules(builtins: [String: Value]) {
        let modules = interpreter.modules
        modules.builtins = builtins
        modules.read = { path in
            let bytes = try Library.named("import") {
                try FileIO.read(path, maxFileBytes: Runtime.maxModuleBytes, maxStreamBytes: Runtime.maxModuleBytes)
            }
            return try Library.utf8Text(bytes, path, "import")
        }
    }
}
