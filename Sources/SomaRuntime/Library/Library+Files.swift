import Script

/// Files and folders: whether a path exists, finding files by pattern, making folders, removing.
extension Library {
    static func files() -> Library {
        var lib = Library()
        lib.add("exists", ["path"], "whether a file or folder exists at path (a link counts by what it points to).") { a, _ in
            .bool(FileSystem.exists(try Convert.path(try a.value("path"), "exists")))
        }
        lib.add("isDirectory", ["path"], "whether path is a folder (or a link to one).") { a, _ in
            .bool(FileSystem.isDirectory(try Convert.path(try a.value("path"), "isDirectory")))
        }
        lib.add("listFiles", ["pattern"],
                "the sorted paths that match a pattern: * and ? within a name, [abc] one of the characters, ** any depth of folders (\"data/**/*.csv\"); names starting with a dot only when the pattern writes the dot.") { a, vm in
            let pattern = try Convert.path(try a.value("pattern"), "listFiles")
            let paths = try FileSystem.listFiles(pattern, op: "listFiles") { try vm.checkInterrupt() }
            return .list(ListStorage(paths.map { .string($0) }))
        }
        lib.add("makeDirs", ["path"], "makes a folder and every missing folder above it, as mkdir -p; a folder already there is fine.") { a, _ in
            try FileSystem.makeDirs(try Convert.path(try a.value("path"), "makeDirs"), op: "makeDirs")
            return .null
        }
        lib.add("tempDir", [.defaulted("prefix", "soma-")],
                "makes a new empty folder, private to this user, in $TMPDIR (or /tmp) and returns its path, as Python's tempfile.mkdtemp; it stays until removed.") { a, _ in
            .string(try FileSystem.makeTemporaryFolder(prefix: try a.string("prefix", as: "the prefix of tempDir"), op: "tempDir"))
        }
        lib.add("remove", ["path", .defaulted("recursive", false)],
                "removes a file (a link, not what it points to); a folder only with recursive: true, with everything in it.") { a, vm in
            let path = try Convert.path(try a.value("path"), "remove")
            try FileSystem.remove(path, recursive: try a.boolean("recursive"), op: "remove") { try vm.checkInterrupt() }
            return .null
        }
        return lib
    }
}
