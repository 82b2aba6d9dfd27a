import Foundation
@testable import SomaRuntime
import Testing

/// File paths complete inside string literals and in `!command` lines, and only there.
@Suite struct PathCompletionTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "soma-paths-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path + "/models", withIntermediateDirectories: true)
        for name in ["train.csv", "test.csv", ".hidden"] { _ = FileManager.default.createFile(atPath: path + "/" + name, contents: Data()) }
        return path
    }

    @Test func completesPathsInAString() throws {
        let path = try folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let runtime = Runtime()
        let code = "readCSV(\"\(path)/t"
        let completion = runtime.complete(code, cursor: code.count)
        #expect(completion.matches == ["\(path)/test.csv", "\(path)/train.csv"])
        #expect(completion.start == "readCSV(\"".count)
        let all = "load(\"\(path)/"
        #expect(runtime.complete(all, cursor: all.count).matches == ["\(path)/models/", "\(path)/test.csv", "\(path)/train.csv"])
        let hidden = "load(\"\(path)/."
        #expect(runtime.complete(hidden, cursor: hidden.count).matches == ["\(path)/.hidden"])
    }

    @Test func completesPathsInACommandLine() throws {
        let path = try folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let runtime = Runtime()
        runtime.directory = path
        let code = "let a = 1\n!wc -l tr"
        let completion = runtime.complete(code, cursor: code.count)
        #expect(completion.matches == ["train.csv"])
        #expect(completion.start == code.count - 2)
        let command = "!ec"  // the command itself is not a path here
        #expect(Runtime.shellWordStart(Array(command), before: command.count) == nil)
    }

    @Test func relativePathsStartFromTheSessionsFolder() throws {
        let path = try folder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let runtime = Runtime()
        runtime.directory = path
        let code = "let m = load(\"mo"
        #expect(runtime.complete(code, cursor: code.count).matches == ["models/"])
    }

    @Test(arguments: [
        ("let s = \"done\" + ze", false),  // after a closed string: names
        ("f(\"a\\\"b", true),  // an escaped quote does not close it
        ("f(\"\\(ze", false),  // inside an interpolation: names
        ("f(\"\\(x)/da", false),  // after an interpolation: no path to complete
        ("# a \"comment\nf(\"x", true),
    ])
    func findsTheStringAroundTheCursor(code: String, inString: Bool) {
        let chars = Array(code)
        #expect((Runtime.stringStart(chars, before: chars.count) != nil) == inString)
    }
}
