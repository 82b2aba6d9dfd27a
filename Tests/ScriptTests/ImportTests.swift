import Foundation
import Testing
@testable import Script

/// `import "file.soma"` and `import "file.soma" as M`: the syntax, and the loader run by a bare
/// interpreter whose host reads files with Foundation.
@Suite struct ImportTests {
    @Test(arguments: [
        ("import \"layers.soma\"", "(import \"layers.soma\")"),
        ("import \"lib/layers\" as L", "(import \"lib/layers\" as L)"),
        ("import \"a.soma\"; import \"b.soma\" as B", "(import \"a.soma\") (import \"b.soma\" as B)"),
        // `as` is a word only after an import's path: it stays a usable name.
        ("let as = 1\nas + 1", "(let as 1) (+ as 1)"),
    ])
    func parses(source: String, expected: String) {
        #expect(tree(source) == expected)
    }

    @Test(arguments: [
        ("import layers", "expected the module's file as a string after 'import', as in import \"layers.soma\", found 'layers'"),
        ("import \"\\(name).soma\"", "the path after 'import' must be plain text, without \\( … ) interpolation"),
        ("import \"\"", "the path after 'import' is empty"),
        ("import \"a\" as", "expected a name after 'as', as in import \"layers.soma\" as L, found end of input"),
        ("import \"a\" as 3", "expected a name after 'as', as in import \"layers.soma\" as L, found '3'"),
        ("import \"a\" B", "expected end of line or ';' after the statement, found 'B'"),
        ("let import = 1", "expected a name after 'let', found keyword 'import'"),
    ])
    func rejects(source: String, message: String) {
        #expect(tree(source) == "error: " + message)
    }

    @Test func importIsOnlyAllowedAtTheTopLevel() {
        for code in ["fn f() { import \"a.soma\" }", "while false { import \"a.soma\" as A }", "layer L() { import \"a.soma\" }"] {
            #expect(throws: SyntaxErrors.self) { try Interpreter().run(Source(code, kind: .cell(1))) }
        }
    }

    /// A folder of module files and an interpreter that imports from it.
    final class Project {
        let folder: String
        let vm = Interpreter()
        var printed = ""

        init(_ files: [String: String]) throws {
            folder = NSTemporaryDirectory() + "soma-import-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (name, text) in files { try write(name, text) }
            CoreLibrary.install(into: vm)
            vm.output = { [unowned self] in printed += $0 }
            vm.modules.directory = folder
            vm.modules.searchPath = []
            let folder = folder
            vm.modules.read = { path in
                try String(contentsOfFile: path.hasPrefix("/") ? path : folder + "/" + path, encoding: .utf8)
            }
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }

        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
        }

        @discardableResult
        func run(_ code: String, cell: Int = 1) throws -> Value? { try vm.run(Source(code, kind: .cell(cell))) }
    }

    @Test func aModuleRunsInItsOwnGlobalsAndSeesBuiltinsButNotTheImporter() throws {
        let p = try Project(["m.soma": "let k = 3\nfn f(x) { abs(x) * k }\nfn secret() { mine }"])
        try p.run("let mine = 1\nlet k = 100\nimport \"m\" as M")
        #expect(try p.run("M.f(-2)").map(\.repr) == "6")
        #expect(throws: ScriptError.self) { try p.run("M.secret()", cell: 2) }
    }

    @Test func aModuleRunsOnceAndIsRunAgainWhenItsFileChanges() throws {
        let p = try Project(["m.soma": "print(\"ran\")\nlet version = 1"])
        try p.run("import \"m.soma\" as M\nimport \"m.soma\"\nimport \"./m.soma\" as Same")
        #expect(p.printed == "ran\n")
        #expect(try p.run("M.version + version + Same.version").map(\.repr) == "3")
        // Another size makes the change visible whatever the clock's resolution.
        try p.write("m.soma", "print(\"ran again\")\nlet version = 20")
        try p.run("import \"m.soma\" as M", cell: 2)
        #expect(p.printed == "ran\nran again\n")
        #expect(try p.run("M.version").map(\.repr) == "20")
        p.vm.modules.forget()
        try p.run("import \"m.soma\" as M", cell: 3)
        #expect(p.printed == "ran\nran again\nran again\n")
    }

    @Test func aModuleThatFailedRunsAgainAtTheNextImport() throws {
        let p = try Project(["m.soma": "print(\"ran\")\nlet x = nothing"])
        #expect(throws: ScriptError.self) { try p.run("import \"m.soma\"") }
        #expect(throws: ScriptError.self) { try p.run("import \"m.soma\"", cell: 2) }
        #expect(p.printed == "ran\nran\n")
    }

    @Test func anErrorInAModuleShowsTheModuleLineAndTheImport() throws {
        let p = try Project(["lib.soma": "fn scale(x) {\n    x.missing\n}\nlet ok = 1\nlet broken = ok.nope"])
        do {
            try p.run("let a = 1\nimport \"lib.soma\" as Lib")
            Issue.record("the import did not fail")
        } catch let error as ScriptError {
            let text = error.render()
            #expect(text.contains("--> lib.soma:5:"), "\(text)")
            #expect(text.contains("imported at cell 1, line 2\n   |\n 2 | import \"lib.soma\" as Lib"), "\(text)")
        }
    }

    @Test func aModuleImportingAnotherFindsItBesideItself() throws {
        let p = try Project([:])
        try FileManager.default.createDirectory(atPath: p.folder + "/lib", withIntermediateDirectories: true)
        try p.write("lib/outer.soma", "import \"inner\"\nfn twice() { inner() * 2 }")
        try p.write("lib/inner.soma", "fn inner() { 21 }")
        try p.run("import \"lib/outer\" as O")
        #expect(try p.run("O.twice()").map(\.repr) == "42")
        // outer's public names include what it imported without `as`.
        #expect(try p.run("O.inner()").map(\.repr) == "21")
    }

    /// A module's functions read its globals, which hold them: the session empties them when it goes.
    @Test func aModuleIsFreedWithItsSession() throws {
        let census = MemoryTests.Census()
        do {
            let p = try Project(["m.soma": "let t = track()\nfn keep() { t }", "n.soma": "let u = track()\nlet bad = nothing"])
            p.vm.modules.builtins["track"] = .function(NativeFunction(Signature("track", [], "a tracked object.")) { _, _ in
                .object(MemoryTests.Tracker(census))
            })
            try p.run("import \"m.soma\"\nimport \"m.soma\" as M")
            #expect(throws: ScriptError.self) { try p.run("import \"n.soma\"", cell: 2) }
            #expect(census.alive == 2)
        }
        #expect(census.alive == 0)
    }
}
