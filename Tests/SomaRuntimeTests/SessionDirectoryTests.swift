import Foundation
import Testing
import SomaRuntime

/// Each session resolves relative file paths against its own folder, so two sessions in one process
/// (two notebooks in a server, a test beside a fuzzer) never read or write each other's files.
@Suite struct SessionDirectoryTests {
    /// A new empty folder under the system's temporary one.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "soma-session-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func relativePathsStartFromTheSessionsFolder() throws {
        let (a, b) = (try Self.folder(), try Self.folder())
        defer { for f in [a, b] { try? FileManager.default.removeItem(atPath: f) } }
        let first = Runtime(), second = Runtime()
        first.directory = a
        second.directory = b
        first.output = { _ in }
        second.output = { _ in }
        _ = try first.run("""
            save(tensor([1, 2, 3]), "w.npy")
            plot([1, 2, 3]).save("plot.svg")
            """, as: .cell(1))
        _ = try second.run(#"save(tensor([7]), "w.npy")"#, as: .cell(1))
        #expect(FileManager.default.fileExists(atPath: a + "/w.npy") && FileManager.default.fileExists(atPath: a + "/plot.svg"))
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/plot.svg"))
        let loaded = try first.run(#"load("w.npy").sum().item()"#, as: .cell(2))
        #expect(loaded?.text == "6")
        #expect(try second.run(#"load("w.npy").sum().item()"#, as: .cell(2))?.text == "7")
        // Absolute paths are taken as written.
        #expect(try second.run("load(\"\(a)/w.npy\").sum().item()", as: .cell(3))?.text == "6")
    }
}
