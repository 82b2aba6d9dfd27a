import Foundation
import Testing

/// Runs every `Scripts/**/*.soma` and checks it against its `# expect` comments (see `ScriptChecker`).
@Suite(.serialized) struct GoldenScriptTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")

    static var scripts: [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".soma") { found.append(path) }
        }
        return found.sorted()
    }

    @Test func thereAreEnoughScripts() {
        #expect(Self.scripts.count >= 150)
    }

    @Test(arguments: scripts)
    func script(_ path: String) throws {
        let code = try String(contentsOf: Self.directory.appendingPathComponent(path), encoding: .utf8)
        ScriptChecker.check(code, name: path)
    }
}
