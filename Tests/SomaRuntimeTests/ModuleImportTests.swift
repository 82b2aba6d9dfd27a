import Foundation
import Script
import SomaRuntime
import Testing

/// `import` in a session: modules beside a notebook (the session's folder), on the search path set
/// through the runtime (what `SOMA_PATH` sets), and files that are no modules.
@Suite struct ModuleImportTests {
    /// A runtime whose session folder is a new temporary folder (a notebook's), removed by `done`.
    struct Notebook {
        let root: String
        let folder: String
        let runtime = Runtime()
        var printed: String { output.text }
        private let output = Printed()

        final class Printed { var text = "" }

        init() throws {
            root = NSTemporaryDirectory() + "soma-modules-" + UUID().uuidString
            folder = root + "/notebook"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            runtime.directory = folder
            runtime.modulePath = []
            runtime.output = { [output] in output.text += $0 }
        }

        func write(_ path: String, _ text: String) throws {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: false, encoding: .utf8)
        }

        @discardableResult
        func run(_ code: String, cell: Int = 1) throws -> Value? { try runtime.run(code, as: .cell(cell)) }

        func error(_ code: String) -> String {
            do { _ = try run(code); return "no error" } catch { return "\(error)" }
        }

        func done() { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func aCellImportsFromTheSessionsFolder() throws {
        let book = try Notebook()
        defer { book.done() }
        try book.write("notebook/helpers.soma", "fn double(x) { x * 2 }\nlet _hidden = 1")
        try book.run("import \"helpers.soma\"")
        #expect(try book.run("double(tensor([1, 2])).sum().item()", cell: 2).map(\.repr) == "6")
        #expect(book.error("_hidden") == "NameError: name '_hidden' is not defined")
    }

    @Test func theSearchPathIsLookedInAfterTheImportersFolder() throws {
        let book = try Notebook()
        defer { book.done() }
        try book.write("shared/layers.soma", "let where = \"shared\"")
        try book.write("other/layers.soma", "let where = \"other\"")
        let folder = book.folder
        #expect(book.error("import \"layers.soma\"")
                == "ImportError: cannot find module 'layers.soma': looked in \(folder) (the session's folder); SOMA_PATH names no other folders")
        book.runtime.modulePath = [book.root + "/missing", book.root + "/shared", book.root + "/other"]
        #expect(try book.run("import \"layers\" as L\nL.where").map(\.repr) == "\"shared\"")
        // The importer's own folder comes first.
        try book.write("notebook/layers.soma", "let where = \"beside\"")
        book.runtime.reset()
        book.runtime.modulePath = [book.root + "/shared"]
        #expect(try book.run("import \"layers\" as L\nL.where").map(\.repr) == "\"beside\"")
    }

    @Test func resetForgetsImportedModules() throws {
        let book = try Notebook()
        defer { book.done() }
        try book.write("notebook/m.soma", "print(\"loaded\")")
        try book.run("import \"m.soma\"")
        try book.run("import \"m.soma\"", cell: 2)
        #expect(book.printed == "loaded\n")
        book.runtime.reset()
        try book.run("import \"m.soma\"", cell: 3)
        #expect(book.printed == "loaded\nloaded\n")
    }

    @Test func filesThatAreNotModulesAreClearErrors() throws {
        let book = try Notebook()
        defer { book.done() }
        try Data([0x6C, 0x65, 0x74, 0x20, 0x78, 0x0A, 0xFF]).write(to: URL(fileURLWithPath: book.folder + "/binary.soma"))
        #expect(book.error("import \"binary.soma\"") == "ValueError: import: 'binary.soma' is not UTF-8 text: byte 0xFF at offset 6 (line 2)")
        try FileManager.default.createDirectory(atPath: book.folder + "/package.soma", withIntermediateDirectories: true)
        #expect(book.error("import \"package\"") == "ValueError: import: cannot read 'package.soma': it is a folder, not a file")
        // A sparse file: huge to `stat`, nothing on disk.
        let huge = FileManager.default.createFile(atPath: book.folder + "/huge.soma", contents: nil)
        #expect(huge)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: book.folder + "/huge.soma"))
        try handle.truncate(atOffset: UInt64(Runtime.maxModuleBytes + 1))
        try handle.close()
        #expect(book.error("import \"huge\"").hasPrefix("MemoryError: import: cannot read 'huge.soma': the file is"))
        // The session goes on after each failure.
        #expect(try book.run("1 + 1").map(\.repr) == "2")
    }

    @Test func anErrorInAModuleFunctionQuotesTheModuleAndTheCall() throws {
        let book = try Notebook()
        defer { book.done() }
        try book.write("notebook/shapes.soma", "fn area(side) {\n    side.missing\n}")
        try book.run("import \"shapes\" as S")
        do {
            try book.run("let a = 1\nS.area(2)", cell: 2)
            Issue.record("no error")
        } catch let error as ScriptError {
            let text = error.render()
            #expect(text.contains("--> shapes.soma:2:5, in area\n   |\n 2 |     side.missing"), "\(text)")
            #expect(text.contains("called from cell 2, line 2\n   |\n 2 | S.area(2)"), "\(text)")
        }
    }

    @Test func completionAndInspectionOfferAModulesPublicNames() throws {
        let book = try Notebook()
        defer { book.done() }
        try book.write("notebook/tools.soma", "fn helper(x) { x }\nfn helpless() { 0 }\nlet _hidden = 1\nlet ratio = 0.5")
        try book.run("import \"tools\" as T")
        #expect(book.runtime.complete("T.hel", cursor: 5).matches == ["helper", "helpless"])
        #expect(book.runtime.complete("T.", cursor: 2).matches == ["ratio", "helper", "helpless"])
        #expect(book.runtime.complete("T._", cursor: 3).matches == [])
        #expect(book.runtime.inspect("T.helper", cursor: 8) == "fn helper(x)")
        #expect(book.runtime.inspect("T", cursor: 1)?.hasPrefix("module tools (tools.soma)\n  helper: fn helper(x)") == true)
    }
}
