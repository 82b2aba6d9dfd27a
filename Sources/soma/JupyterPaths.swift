import Foundation

/// The folders Jupyter searches for kernelspecs, in its order, worked out as jupyter_core's
/// `jupyter_path("kernels")` does, without running Python.
///
/// The order: each `JUPYTER_PATH` entry; then the user's data folder (`JUPYTER_DATA_DIR`, else
/// `$XDG_DATA_HOME/jupyter` or `~/.local/share/jupyter`; `~/Library/Jupyter` on macOS) and the Python
/// environment's `PREFIX/share/jupyter` (the environment first when it is a virtualenv or a conda
/// environment other than base, or as `JUPYTER_PREFER_ENV_PATH` says); then `/usr/local/share/jupyter`
/// and `/usr/share/jupyter`. The first folder holding a kernel of a name decides which one Jupyter
/// starts. The Python environment is the one of the `jupyter` command found first on `PATH`, else the
/// active `VIRTUAL_ENV` or `CONDA_PREFIX`, else a `.venv` in the current folder with Jupyter in it.
struct JupyterPaths {
    /// One folder of the search, with where it comes from.
    struct Folder: Equatable {
        let path: String
        /// `JUPYTER_PATH`, `user`, `environment` or `system`.
        let origin: String
    }

    let environment: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The data folders (`…/share/jupyter`), highest priority first, each once.
    var dataFolders: [Folder] {
        var folders: [Folder] = []
        if let value = environment["JUPYTER_PATH"], !value.isEmpty {
            for entry in value.split(separator: ":", omittingEmptySubsequences: false) where !entry.isEmpty {
                folders.append(Folder(path: Self.trimmed(String(entry)), origin: "JUPYTER_PATH"))
            }
        }
        let user = [Folder(path: userDataFolder, origin: "user")]
        let system = ["/usr/local/share/jupyter", "/usr/share/jupyter"].map { Folder(path: $0, origin: "system") }
        var env: [Folder] = []
        if let prefix = pythonPrefix {
            let path = Self.trimmed(prefix) + "/share/jupyter"
            if !system.contains(where: { $0.path == path }) { env.append(Folder(path: path, origin: "environment")) }
        }
        folders += prefersEnvironment ? env + user : user + env
        for folder in system where !folders.contains(where: { $0.path == folder.path }) { folders.append(folder) }
        return folders
    }

    /// The kernel folders (`…/share/jupyter/kernels`), in search order.
    var kernelFolders: [Folder] {
        dataFolders.map { Folder(path: $0.path + "/kernels", origin: $0.origin) }
    }

    /// Where `jupyter kernelspec install --user` puts kernels: the user's data folder.
    var userDataFolder: String {
        if let dir = environment["JUPYTER_DATA_DIR"], !dir.isEmpty { return dir }
        let home = environment["HOME"] ?? NSHomeDirectory()
        #if os(macOS)
        return home + "/Library/Jupyter"
        #else
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/jupyter" }
        return home + "/.local/share/jupyter"
        #endif
    }

    /// The Jupyter command this search is for, when one was found.
    var jupyterCommand: String? {
        for dir in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = String(dir) + "/jupyter"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        let local = FileManager.default.currentDirectoryPath + "/.venv/bin/jupyter"
        return FileManager.default.isExecutableFile(atPath: local) ? local : nil
    }

    /// The Python environment's prefix (what Jupyter's `sys.prefix` is).
    var pythonPrefix: String? {
        if let command = jupyterCommand {
            // PREFIX/bin/jupyter: the script's own folder, not the target of a symbolic link to it.
            return URL(fileURLWithPath: command).deletingLastPathComponent().deletingLastPathComponent().path
        }
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty { return venv }
        if let conda = environment["CONDA_PREFIX"], !conda.isEmpty { return conda }
        return nil
    }

    /// Whether the environment's folder comes before the user's, as jupyter_core decides it.
    var prefersEnvironment: Bool {
        if let value = environment["JUPYTER_PREFER_ENV_PATH"] {
            return !["no", "n", "false", "off", "0", "0.0"].contains(value.lowercased())
        }
        guard let prefix = pythonPrefix else { return false }
        if FileManager.default.fileExists(atPath: prefix + "/pyvenv.cfg") { return FileManager.default.isWritableFile(atPath: prefix) }
        if let conda = environment["CONDA_PREFIX"], prefix.hasPrefix(conda),
           (environment["CONDA_DEFAULT_ENV"] ?? "base") != "base" {
            return FileManager.default.isWritableFile(atPath: prefix)
        }
        return false
    }

    /// The kernelspecs named `name` (Jupyter compares names ignoring case), in search order: the first
    /// is the one Jupyter starts.
    func kernelspecs(named name: String) -> [String] {
        var found: [String] = []
        for folder in kernelFolders {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for entry in entries.sorted() where entry.lowercased() == name.lowercased() {
                let dir = folder.path + "/" + entry
                if FileManager.default.fileExists(atPath: dir + "/kernel.json") { found.append(dir) }
            }
        }
        return found
    }

    /// The command a kernelspec runs (the first element of its `argv`), if it can be read.
    static func command(ofKernelspec dir: String) -> String? {
        guard let data = FileManager.default.contents(atPath: dir + "/kernel.json"),
              let spec = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let argv = spec["argv"] as? [String] else { return nil }
        return argv.first
    }

    /// `path` without trailing slashes, as jupyter_core strips them.
    static func trimmed(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Whether two paths name the same folder (after symbolic links).
    static func same(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).resolvingSymlinksInPath().standardizedFileURL.path
            == URL(fileURLWithPath: b).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
