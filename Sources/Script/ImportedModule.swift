/// A module imported with `import "layers.soma" as L`: its public names are its members (`L.MLP`).
///
/// Members are read from the module's globals when used, so `L.count` shows what the module's own
/// functions last stored there. A top-level name starting with `_` is private: no member, not imported.
public final class ImportedModule: ScriptObject {
    /// The file's name without `.soma`: `layers`.
    public let name: String
    /// The file as the importer found it (`lib/layers.soma`), the name its diagnostics use.
    public let path: String
    /// The module's own top-level variables, which start as the builtins.
    let globals: Globals
    /// The builtins the module started with: a name still holding its builtin is not the module's own.
    private let builtins: [String: Value]
    /// The file's state when it ran, to tell whether it changed since.
    let stamp: FileStamp?

    init(path: String, builtins: [String: Value], stamp: FileStamp?) {
        self.path = path
        let file = path.split(separator: "/").last.map(String.init) ?? path
        name = file.hasSuffix(ModuleLoader.fileExtension) ? String(file.dropLast(ModuleLoader.fileExtension.count)) : file
        self.builtins = builtins
        self.stamp = stamp
        globals = Globals()
        // In a fixed order, so that the order of a module's names (`help`) never depends on hashing.
        for (n, v) in builtins.sorted(by: { $0.key < $1.key }) { globals.define(n, v) }
    }

    /// The public names with their values and whether each is a constant, in order of definition.
    var exports: [(name: String, value: Value, constant: Bool)] {
        globals.defined.compactMap { name, value in
            guard isPublic(name, value) else { return nil }
            return (name, value, globals.names[name].map { globals.constant[$0] } ?? false)
        }
    }

    private func isPublic(_ name: String, _ value: Value) -> Bool {
        !name.hasPrefix("_") && !(builtins[name].map { value.isIdentical(to: $0) } ?? false)
    }

    public var typeName: String { "module" }
    public var text: String { "<module \(name) from \(path)>" }
    public var memberNames: [String] { exports.map(\.name) }

    public func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        guard let value = globals.get(name) else { return nil }
        if name.hasPrefix("_") {
            throw ScriptError("TypeError", "'\(name)' is private to module \(self.name): names that start with _ stay inside their module")
        }
        return isPublic(name, value) ? value : nil
    }

    /// What `help(L)` prints: the module, then each public name with its signature or value.
    public func documentation(_ vm: Interpreter) -> String {
        var lines = ["module \(name) (\(path))"]
        for (name, value, _) in exports {
            switch value {
            case .function:
                let summary = CoreLibrary.documentation(of: value, vm).split(separator: "\n", maxSplits: 1).first ?? ""
                lines.append("  \(name): \(summary)")
            default:
                // One line each: the first line of the value, cut at 80 characters.
                let repr = value.repr
                let first = repr.split(separator: "\n", maxSplits: 1).first ?? ""
                let cut = first.count > 80 || first.count < repr.count
                lines.append("  \(name) = \(first.prefix(80))\(cut ? " …" : "")")
            }
        }
        if lines.count == 1 { lines.append("  (no public names: names that start with _ are private)") }
        return lines.joined(separator: "\n")
    }
}
