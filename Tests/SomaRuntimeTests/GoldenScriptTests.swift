import Foundation
import Script
import SomaRuntime
import Testing

/// Runs every `Scripts/**/*.soma` and compares what it prints and raises with its `# expect` comments.
///
/// - `# expect: TEXT` — the next line printed is TEXT.
/// - `# expect-error: Kind: message` — running stops with this error, located on the comment's line
///   (several of these for several syntax errors). A script without it must finish without error.
@Suite struct GoldenScriptTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts")

    static var scripts: [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".soma") { found.append(path) }
        }
        return found.sorted()
    }

    struct Expectation {
        var lines: [String] = []
        var errors: [(line: Int, text: String)] = []
    }

    static func expectations(_ code: String) -> Expectation {
        var e = Expectation()
        for (i, line) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let r = line.range(of: "# expect: ") { e.lines.append(String(line[r.upperBound...])) }
            else if line.hasSuffix("# expect:") { e.lines.append("") }
            if let r = line.range(of: "# expect-error: ") { e.errors.append((i + 1, String(line[r.upperBound...]))) }
        }
        return e
    }

    @Test(arguments: scripts)
    func script(_ path: String) throws {
        let code = try String(contentsOf: Self.directory.appendingPathComponent(path), encoding: .utf8)
        let expected = Self.expectations(code)
        #expect(!expected.lines.isEmpty || !expected.errors.isEmpty, "\(path) has no expectations")
        let runtime = Runtime()
        var printed = ""
        runtime.output = { printed += $0 }
        var raised: [(line: Int, text: String)] = []
        do {
            _ = try runtime.run(code, as: .file(path))
        } catch let errors as SyntaxErrors {
            raised = errors.errors.map { ($0.location.line, $0.description) }
        } catch let error as ScriptError {
            raised = [(error.location.line, error.description)]
        }
        var lines = printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        #expect(lines == expected.lines, "\(path): printed lines differ")
        #expect(raised.map(\.text) == expected.errors.map(\.text), "\(path): errors differ")
        #expect(raised.map(\.line) == expected.errors.map(\.line), "\(path): error lines differ")
    }
}
