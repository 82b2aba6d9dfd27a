/// `import "layers.soma"` and `import "layers.soma" as L` at the top of a file or cell.
final class ImportNode: Node {
    let location: SourceLocation
    let path: String
    let alias: String?
    /// Where the string is: a module that cannot be found or read is reported there.
    let pathLocation: SourceLocation
    /// The importing module's globals, which receive the module's names (or the one alias); nil when
    /// the session's own code imports.
    let globals: Globals?

    init(_ path: String, alias: String?, into globals: Globals?, _ pathLocation: SourceLocation, _ location: SourceLocation) {
        self.path = path
        self.alias = alias
        self.globals = globals
        self.pathLocation = pathLocation
        self.location = location
    }

    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let module: ImportedModule
        do {
            module = try vm.modules.load(path, from: vm.source, vm)
        } catch {
            // An error inside the module keeps its own place, and the import joins its trace; one about
            // the module itself (missing, unreadable, a cycle) is at this import.
            let insideModule = ((error as? ScriptError)?.location ?? .unknown) != .unknown
            guard var located = vm.locate(error, at: pathLocation) as? ScriptError else { throw error }
            if insideModule { located.trace.append(ScriptError.CallSite(location, in: vm.source, importing: true)) }
            throw located
        }
        let globals = globals ?? vm.globals
        if let alias {
            globals.define(alias, .object(module), constant: true)
        } else {
            for (name, value, constant) in module.exports { globals.define(name, value, constant: constant) }
        }
        return .null
    }
}
