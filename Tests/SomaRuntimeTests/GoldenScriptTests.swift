import Foundation
import Testing

/// Runs every `Scripts/**/*.soma` and checks it against its `# expect` comments (see `ScriptChecker`);
/// a file whose name starts with `_` is a module the scripts import, not a script.
@Suite(.serialized) struct GoldenScriptTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")

    static var scripts: [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".soma") && !(path.split(separator: "/").last?.hasPrefix("_") ?? false) { found.append(path) }
        }
        return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// `Scripts/INDEX` lists every script: one deleted or renamed by mistake fails here instead of
    /// silently leaving its behaviour untested. `SOMA_UPDATE_DOCS=1` rewrites the list.
    @Test func theIndexListsEveryScript() throws {
        let url = Self.directory.appendingPathComponent("INDEX")
        let found = Self.scripts
        if ProcessInfo.processInfo.environment["SOMA_UPDATE_DOCS"] != nil {
            try (found.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        }
        let listed = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(Set(listed).subtracting(found).sorted() == [], "listed in Scripts/INDEX but missing")
        #expect(Set(found).subtracting(listed).sorted() == [], "new scripts not in Scripts/INDEX (SOMA_UPDATE_DOCS=1 adds them)")
    }

    @Test(arguments: scripts)
    func script(_ path: String) throws {
        let code = try String(contentsOf: Self.directory.appendingPathComponent(path), encoding: .utf8)
        ScriptChecker.check(code, name: path, folder: Self.directory.path)
    }
}
