import Glibc

/// Finds, runs and caches the modules one session imports (`import "layers.soma"`).
///
/// A module is looked for beside the file that imports it (a cell or REPL input imports from the
/// session's folder), then in each folder of `searchPath`. It runs once per session, in globals of its
/// own that start as the builtins, and is cached by its file's real path: importing it again, from
/// anywhere, gives the same module without running its code again. A file changed on disk since it ran
/// runs again at its next import, so a notebook picks up edits made beside it.
public final class ModuleLoader {
    /// The extension a module's file has; an import that leaves it out gets it added.
    public static let fileExtension = ".soma"

    /// Folders searched after the importing file's own; `SOMA_PATH` (colon-separated) by default.
    public var searchPath: [String]
    /// The session's folder: where cells and REPL inputs import from and where relative paths start;
    /// nil for the process's working directory.
    public var directory: String?
    /// Reads a module file's text (the host checks its kind, size and encoding); a relative path starts
    /// from `directory`. Without it, nothing can be imported.
    public var read: ((String) throws -> String)?
    /// The standard library as installed, which every module starts with; the host sets it.
    public var builtins: [String: Value] = [:]

    /// The modules that ran, by real path.
    private var cache: [String: ImportedModule] = [:]
    /// Every module this session ran, the ones since replaced or failed too: functions imported from
    /// them may still be in use, so their globals are emptied only when the session forgets them all.
    private var ran: [ImportedModule] = []
    /// The modules running their top-level code now, outermost first: an import of one is a cycle.
    private var loading: [(real: String, shown: String)] = []

    public init(searchPath: [String] = ModuleLoader.environmentPath()) {
        self.searchPath = searchPath
    }

    /// The folders of `SOMA_PATH`, in order (empty entries dropped).
    public static func environmentPath() -> [String] {
        guard let value = getenv("SOMA_PATH") else { return [] }
        return String(cString: value).split(separator: ":").map(String.init)
    }

    /// Forgets every module that ran (`:reset`), emptying their globals: the next import runs its file
    /// again.
    public func forget() {
        for module in ran { module.globals.clear() }
        ran = []
        cache = [:]
    }

    /// The module `spec` names, imported from code in `importer`: the cached one while its file is
    /// unchanged, else its file run now. An error about the module itself (missing, unreadable, a cycle)
    /// has no location, and the import statement puts it there; one inside the module keeps its place.
    func load(_ spec: String, from importer: Source?, _ vm: Interpreter) throws -> ImportedModule {
        let file = spec.hasSuffix(Self.fileExtension) ? spec : spec + Self.fileExtension
        let (real, shown) = try locate(file, from: importer)
        let stamp = FileStamp(real)
        if let cached = cache[real], cached.stamp == stamp { return cached }
        if let start = loading.firstIndex(where: { $0.real == real }) {
            let cycle = loading[start...].map(\.shown) + [shown]
            throw ScriptError("ImportError", "circular import: \(cycle.joined(separator: " → ")); a module cannot import a module that is still running its top-level code (move what both need into a third module)")
        }
        guard let read else { throw ScriptError("ImportError", "this program's host cannot read module files") }
        let source = Source(try read(shown), kind: .file(shown))
        let module = ImportedModule(path: shown, builtins: builtins, stamp: stamp)
        ran.append(module)
        loading.append((real, shown))
        defer { loading.removeLast() }
        do {
            try vm.runModule(try Parser.parse(source, interruption: .of(vm)), source: source, globals: module.globals)
        } catch let errors as SyntaxErrors {
            if let interruption = errors.interruption { throw interruption }
            // The importer's code before the import has run: the module's first syntax error is an
            // error at the import, with the module's place.
            guard var first = errors.errors.first else { throw errors }
            let more = errors.errors.count - 1
            if more > 0 { first.message += " (and \(more) more syntax error\(more == 1 ? "" : "s") in \(shown))" }
            throw first
        }
        cache[real] = module
        return module
    }

    /// The real path of the module file `file` and its path as the importer reaches it (the name its
    /// diagnostics use), or an ImportError naming every folder searched.
    private func locate(_ file: String, from importer: Source?) throws -> (real: String, shown: String) {
        if file.hasPrefix("/") {
            if let real = realPath(file) { return (real, file) }
            throw ScriptError("ImportError", "cannot find module '\(file)': there is no such file")
        }
        var own = ""
        if case .file(let path)? = importer?.kind, let slash = path.lastIndex(of: "/") {
            own = String(path[...slash])
        }
        for folder in [own] + searchPath {
            let shown = folder.isEmpty || folder.hasSuffix("/") ? folder + file : folder + "/" + file
            if let real = realPath(onDisk(shown)) { return (real, shown) }
        }
        var isFile = false
        if case .file? = importer?.kind { isFile = true }
        var searched = "\(own.isEmpty ? sessionFolder() : own) (the \(isFile ? "importing file's" : "session's") folder)"
        searched += searchPath.isEmpty ? "; SOMA_PATH names no other folders" : ", " + searchPath.joined(separator: ", ") + " (SOMA_PATH)"
        throw ScriptError("ImportError", "cannot find module '\(file)': looked in \(searched)")
    }

    /// `path` as the file system reads it: a relative one starts from the session's folder.
    private func onDisk(_ path: String) -> String {
        guard !path.hasPrefix("/"), let directory, !directory.isEmpty else { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// The session's folder as an absolute path, for messages.
    private func sessionFolder() -> String {
        if let directory, directory.hasPrefix("/") { return directory }
        var cwd = "."
        if let folder = getcwd(nil, 0) {
            cwd = String(cString: folder)
            free(folder)
        }
        guard let directory, !directory.isEmpty else { return cwd }
        return cwd + "/" + directory
    }
}

/// The canonical path of an existing file or folder (links and `..` resolved), or nil.
private func realPath(_ path: String) -> String? {
    guard !path.utf8.contains(0), let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}

/// A file's modification time and size, compared to tell whether it changed since a module ran.
struct FileStamp: Equatable {
    let seconds: Int, nanoseconds: Int, size: Int

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        seconds = Int(info.st_mtim.tv_sec)
        nanoseconds = Int(info.st_mtim.tv_nsec)
        size = Int(info.st_size)
    }
}
