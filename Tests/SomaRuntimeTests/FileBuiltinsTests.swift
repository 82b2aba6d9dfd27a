import Foundation
import Script
import SomaRuntime
import Testing

/// The file builtins against a real folder: atomic writes that keep the old file on failure, appends
/// that keep what was there, patterns relative to the session's folder, removal that never follows
/// links, and UTF-8 errors that point at the byte.
@Suite struct FileBuiltinsTests {
    /// A runtime whose session folder is a new empty temporary folder, removed by `done`.
    struct Sandbox {
        let folder: String
        let runtime = Runtime()

        init() throws {
            folder = NSTemporaryDirectory() + "soma-files-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            runtime.directory = folder
            runtime.output = { _ in }
        }

        func run(_ code: String) throws -> Value? { try runtime.run(code, as: .cell(1)) }

        func error(_ code: String) -> String {
            do { _ = try run(code); return "no error" } catch { return "\(error)" }
        }

        func contents(_ name: String) -> String? {
            FileManager.default.contents(atPath: folder + "/" + name).map { String(decoding: $0, as: UTF8.self) }
        }

        func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() }

        func done() { try? FileManager.default.removeItem(atPath: folder) }
    }

    @Test func aFailedWriteKeepsTheOldFileAndLeavesNoTemporary() throws {
        let box = try Sandbox()
        defer { box.done() }
        _ = try box.run(#"writeText("old.txt", "old")"#)
        try FileManager.default.createDirectory(atPath: box.folder + "/folder", withIntermediateDirectories: false)
        // Renaming a file over a folder fails even for root, after the temporary file was written.
        #expect(box.error(#"writeText("folder", "new")"#) == "ValueError: writeText: cannot write 'folder': Is a directory")
        #expect(box.error(#"writeText("old.txt/inner", "new")"#) == "ValueError: writeText: cannot write 'old.txt/inner': Not a directory")
        #expect(box.contents("old.txt") == "old")
        #expect(box.names() == ["folder", "old.txt"])
    }

    @Test func writeKeepsPermissionsAndWritesThroughLinks() throws {
        let box = try Sandbox()
        defer { box.done() }
        _ = try box.run(#"writeText("tool.sh", "echo 1")"#)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: box.folder + "/tool.sh")
        try FileManager.default.createSymbolicLink(atPath: box.folder + "/link.sh", withDestinationPath: "tool.sh")
        _ = try box.run(#"writeText("link.sh", "echo 2")"#)
        let attributes = try FileManager.default.attributesOfItem(atPath: box.folder + "/tool.sh")
        #expect((attributes[.posixPermissions] as? Int) == 0o755)
        #expect(box.contents("tool.sh") == "echo 2")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: box.folder + "/link.sh") == "tool.sh")
    }

    @Test func appendKeepsWhatWasThere() throws {
        let box = try Sandbox()
        defer { box.done() }
        _ = try box.run(#"appendText("log.txt", "a\n")"#)
        _ = try box.run(#"appendText("log.txt", "b\n")"#)
        #expect(box.contents("log.txt") == "a\nb\n")
        #expect(try box.run(#"readLines("log.txt")"#)?.text == #"["a", "b"]"#)
        #expect(box.error(#"appendText("missing/log.txt", "x")"#) == "ValueError: appendText: cannot append to 'missing/log.txt': No such file or directory")
    }

    @Test func patternsAreRelativeToTheSessionsFolder() throws {
        let box = try Sandbox()
        defer { box.done() }
        _ = try box.run("""
            makeDirs("data/x/y")
            writeText("data/a.csv", "1")
            writeText("data/x/y/b.csv", "2")
            writeText("data/x/[odd].csv", "3")
            """)
        #expect(try box.run(#"listFiles("data/**/*.csv")"#)?.text == #"["data/a.csv", "data/x/[odd].csv", "data/x/y/b.csv"]"#)
        #expect(try box.run(#"listFiles("**/b.csv")"#)?.text == #"["data/x/y/b.csv"]"#)
        #expect(try box.run(#"listFiles("*")"#)?.text == #"["data"]"#)
        #expect(try box.run(#"exists("data/x") and isDirectory("data/x")"#)?.text == "true")
    }

    @Test func removeNeverFollowsLinks() throws {
        let box = try Sandbox()
        defer { box.done() }
        _ = try box.run("""
            makeDirs("keep/inner")
            writeText("keep/inner/file.txt", "kept")
            makeDirs("gone/sub")
            writeText("gone/sub/file.txt", "x")
            """)
        try FileManager.default.createSymbolicLink(atPath: box.folder + "/gone/sub/link", withDestinationPath: box.folder + "/keep")
        try FileManager.default.createSymbolicLink(atPath: box.folder + "/keep-link", withDestinationPath: box.folder + "/keep")
        _ = try box.run(#"remove("gone", recursive: true)"#)
        _ = try box.run(#"remove("keep-link")"#)
        #expect(box.names() == ["keep"])
        #expect(box.contents("keep/inner/file.txt") == "kept")
        #expect(box.error(#"remove("keep")"#).hasPrefix("ValueError: remove: 'keep' is a folder"))
        #expect(box.error(#"remove("keep/..", recursive: true)"#) == "ValueError: remove: refusing to remove 'keep/..'; name the folder itself")
        #expect(box.error(#"remove("/", recursive: true)"#) == "ValueError: remove: refusing to remove '/'; name the folder itself")
    }

    @Test func utf8ErrorsPointAtTheByte() throws {
        let box = try Sandbox()
        defer { box.done() }
        try Data([0x61, 0x0A, 0x62, 0xC3, 0x28]).write(to: URL(fileURLWithPath: box.folder + "/bad.txt"))
        #expect(box.error(#"readLines("bad.txt")"#) == "ValueError: readLines: 'bad.txt' is not UTF-8 text: byte 0xC3 at offset 3 (line 2)")
        #expect(box.error(#"readText("bad.txt")"#) == "ValueError: readText: 'bad.txt' is not UTF-8 text: byte 0xC3 at offset 3 (line 2)")
    }

    @Test func exitPassesThroughFunctionsWithItsStatus() throws {
        let box = try Sandbox()
        defer { box.done() }
        do {
            _ = try box.run("fn f() { [1].map(fn(x) { exit(3) }) }\nf()")
            Issue.record("exit did not end the run")
        } catch let exit as ScriptExit {
            #expect(exit.status == 3)
        }
    }
}
