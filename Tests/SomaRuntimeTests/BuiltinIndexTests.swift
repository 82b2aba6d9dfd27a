import Foundation
import Testing
@testable import Script
@testable import SomaRuntime

/// docs/language.md's index of builtins is the declarations' own text: a builtin added, renamed or
/// given another parameter without the index following fails here. `SOMA_UPDATE_DOCS=1` rewrites it.
@Suite struct BuiltinIndexTests {
    static let begin = "<!-- builtin-index: generated from the declarations; SOMA_UPDATE_DOCS=1 swift test --filter BuiltinIndexTests -->"
    static let end = "<!-- end of builtin-index -->"

    /// One line per declared builtin, in alphabetical order (the call form and the summary), then the
    /// members of each kind of value.
    static func generated() -> String {
        let declared = Runtime().interpreter.globals.defined.compactMap { entry -> Signature? in
            if case .function(let f as NativeFunction) = entry.value { return f.signature }
            return nil
        }
        let functions = declared.sorted { $0.name.lowercased() < $1.name.lowercased() || ($0.name.lowercased() == $1.name.lowercased() && $0.name < $1.name) }
            .map { "- `\($0.callForm)` — \($0.summary)" }
        let kinds: [(String, [(form: String, summary: String)])] = [
            ("a tensor", TensorMembers.table.entries), ("a dtype", DTypeValue.members.entries), ("a list", Methods.listMembers.entries),
            ("a dictionary", Methods.dictionaryMembers.entries), ("a string", Methods.stringMembers.entries),
            ("a range", Methods.rangeMembers.entries), ("a layer (every module)", ModuleMembers.table.entries),
            ("an optimizer", OptimizerValue.members.entries), ("a scheduler", SchedulerValue.members.entries),
            ("a chart", ChartValue.members.entries), ("a graph drawing", GraphValue.members.entries),
            ("a training history (besides its series by name)", HistoryValue.members.entries),
            ("a DataLoader", DataLoaderValue.members.entries), ("a progress bar", ProgressValue.members.entries),
            ("a KVCache", KVCacheValue.members.entries), ("a summary", SummaryValue.members.entries),
            ("linalg (the global namespace: linalg.solve(A, B), …)", LinalgValue.members.entries),
        ]
        let members = kinds.map { kind, entries in
            "\nMembers of \(kind):\n\n" + entries.map { "- `.\($0.form)` — \($0.summary)" }.joined(separator: "\n")
        }
        return (functions.joined(separator: "\n") + "\n" + members.joined(separator: "\n"))
    }

    @Test func theReferenceIndexIsTheDeclarations() throws {
        let url = DocumentationTests.root.appendingPathComponent("docs/language.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let start = text.range(of: Self.begin), let stop = text.range(of: Self.end, range: start.upperBound..<text.endIndex) else {
            Issue.record("docs/language.md has no builtin index between its markers")
            return
        }
        let written = text[start.upperBound..<stop.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        let expected = Self.generated()
        if written != expected, ProcessInfo.processInfo.environment["SOMA_UPDATE_DOCS"] != nil {
            try text.replacingCharacters(in: start.upperBound..<stop.lowerBound, with: "\n" + expected + "\n")
                .write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(written == expected, "the builtin index differs from the declarations; run with SOMA_UPDATE_DOCS=1 to rewrite it")
    }

    @Test func everyBuiltinCanBeAskedForHelp() {
        let runtime = Runtime()
        for entry in runtime.interpreter.globals.defined {
            guard case .function(let f as NativeFunction) = entry.value else { continue }
            let signature = f.signature
            #expect(CoreLibrary.documentation(of: entry.value, runtime.interpreter).hasPrefix(signature.callForm + " — "))
            #expect(runtime.interpreter.parameterNames(of: entry.value) == signature.labels)
        }
    }
}
