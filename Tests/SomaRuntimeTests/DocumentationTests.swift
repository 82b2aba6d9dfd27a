import Foundation
import Testing

/// Runs every ```soma block of docs/language.md and the examples in docs/examples.
@Suite(.serialized) struct DocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The fenced `soma` blocks of the language reference, numbered.
    static var referenceBlocks: [String] {
        guard let text = try? String(contentsOf: root.appendingPathComponent("docs/language.md"), encoding: .utf8) else { return [] }
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```soma" { current = [] }
            else if current != nil, line == "```" { blocks.append(current!.joined(separator: "\n")); current = nil }
            else if current != nil { current!.append(line) }
        }
        return blocks
    }

    @Test func referenceHasExamples() {
        #expect(Self.referenceBlocks.count >= 8)
    }

    @Test(arguments: Array(referenceBlocks.enumerated()).map { "\($0.offset)" })
    func referenceExample(_ index: String) {
        ScriptChecker.check(Self.referenceBlocks[Int(index)!], name: "docs/language.md example \(index)")
    }
}
