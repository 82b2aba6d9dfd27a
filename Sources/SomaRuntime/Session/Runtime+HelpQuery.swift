import Foundation
import Script

/// `?name` and `name?`, alone in a cell or REPL input, show the documentation of `name` (IPython's
/// form): in the notebook's pager when the host has one, otherwise printed.
extension Runtime {
    /// The name or member path (`zeros`, `model.parameters`) an input asks help on, or nil when the
    /// input is not a help query.
    static func helpQuery(_ code: String) -> String? {
        let text = code.trimmingCharacters(in: .whitespacesAndNewlines)
        let subject: Substring
        if text.hasPrefix("?") { subject = text.dropFirst() }
        else if text.hasSuffix("?") { subject = text.dropLast() }
        else { return nil }
        let parts = subject.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        let isName = { (part: Substring) in
            part.first.map { $0.isLetter || $0 == "_" } == true && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        }
        guard !parts.isEmpty, parts.allSatisfy(isName) else { return nil }
        return parts.joined(separator: ".")
    }

    /// Evaluates `subject` (an error names the input as any other would) and shows its documentation.
    func showHelp(on subject: String, as kind: Source.Kind) throws {
        let value = try evaluate(Source(subject, kind: kind))
        let text = CoreLibrary.documentation(of: value ?? .null, interpreter)
        if let pager = interpreter.pager { pager(text) } else { output(text + "\n") }
    }
}
