import Script
import SomaRuntime
import Testing

/// Runs a program and checks what it prints and raises against its `# expect` comments.
///
/// - `# expect: TEXT` — the next line printed is TEXT.
/// - `# expect-error: Kind: message` — running stops with this error, located on the comment's line
///   (several of these for several syntax errors). A program without one must finish without error.
///   An error inside an imported module is expected on the program's line that led there.
enum ScriptChecker {
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

    /// Runs `code` as the file `name`; with a `folder`, the session starts there (the file's imports
    /// are found beside it) and `SOMA_PATH` is ignored.
    static func check(_ code: String, name: String, folder: String? = nil) {
        let expected = expectations(code)
        #expect(!expected.lines.isEmpty || !expected.errors.isEmpty, "\(name) has no expectations")
        let runtime = Runtime()
        // Live displays print rates and times, which differ from run to run; LiveDisplayTests check them.
        runtime.liveOutput = LiveOutput.none
        var printed = ""
        runtime.output = { printed += $0 }
        if let folder {
            runtime.directory = folder
            runtime.modulePath = []
        }
        var raised: [(line: Int, text: String)] = []
        do {
            _ = try runtime.run(code, as: .file(name))
        } catch let errors as SyntaxErrors {
            raised = errors.errors.map { ($0.location.line, $0.description) }
        } catch let error as ScriptError {
            raised = [(line(of: error, in: name), error.description)]
        } catch {
            raised = [(0, "\(error)")]
        }
        var lines = printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        #expect(lines == expected.lines, "\(name): printed lines differ")
        #expect(raised.map(\.text) == expected.errors.map(\.text), "\(name): errors differ")
        #expect(raised.map(\.line) == expected.errors.map(\.line), "\(name): error lines differ")
    }

    /// The program's line an error stopped it at: the error's own, or for one inside an imported
    /// module, the innermost line of the program that led there (its import or its call).
    static func line(of error: ScriptError, in name: String) -> Int {
        func inProgram(_ source: Source?) -> Bool {
            guard case .file(let path)? = source?.kind else { return true }
            return path == name
        }
        if inProgram(error.source) { return error.location.line }
        return error.trace.first { inProgram($0.source) }?.location.line ?? error.location.line
    }
}
