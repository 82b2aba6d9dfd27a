import Foundation
import TestSupport
import Testing
@testable import Script

/// Random and mutated inputs through the lexer, the parser and `Completeness.check`: none may crash or
/// hang, and the three must agree (an input parses exactly when it is complete).
///
/// How many inputs: `SOMA_FUZZ_COUNT` when set; otherwise 100,000 in a debug build (a few seconds) and
/// 1,000,000 in a release build (`swift test -c release --filter FuzzTests`). Half are random, half are
/// mutations of valid programs; the seed is fixed (`SOMA_FUZZ_SEED` changes it).
@Suite struct FuzzTests {
    static var total: Int {
        if let text = ProcessInfo.processInfo.environment["SOMA_FUZZ_COUNT"], let n = Int(text) { return n }
        #if DEBUG
        return 100_000
        #else
        return 1_000_000
        #endif
    }

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["SOMA_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x50A1_2025
    }

    @Test func randomInputs() {
        var rng = SplitMix64(seed: Self.seed)
        var checker = Checker()
        for _ in 0..<(Self.total / 2) {
            checker.check(Generator.random(using: &rng))
        }
        checker.expectSound()
    }

    @Test func mutatedPrograms() {
        var rng = SplitMix64(seed: Self.seed ^ 0xDEAD_BEEF)
        var checker = Checker()
        for _ in 0..<(Self.total / 2) {
            checker.check(Generator.mutated(using: &rng))
        }
        checker.expectSound()
    }

    @Test func theCorpusIsValid() throws {
        for program in Generator.corpus {
            #expect(Completeness.check(program) == .complete, "\(program)")
            _ = try Parser.parse(program)
        }
    }
}

/// Runs one input through everything and keeps what went wrong.
struct Checker {
    var checked = 0
    var parsed = 0
    var problems: [String] = []
    var slowest: (seconds: Double, input: String) = (0, "")

    mutating func check(_ input: String) {
        let start = DispatchTime.now().uptimeNanoseconds
        let source = Source(input, kind: .cell(1))
        let parses: Bool
        var errors: [ScriptError] = []
        do {
            _ = try Parser.parse(source)
            parses = true
        } catch {
            errors = error.errors
            parses = false
        }
        let completeness = Completeness.check(input)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if seconds > slowest.seconds { slowest = (seconds, input) }
        checked += 1
        if parses { parsed += 1 }
        func problem(_ what: String) {
            if problems.count < 20 { problems.append("\(what): \(input.debugDescription)") }
        }
        if parses != (completeness == .complete) { problem("parse and completeness disagree (\(completeness))") }
        if !parses && errors.isEmpty { problem("failed without errors") }
        for error in errors where error.kind != "SyntaxError" || error.location.line < 1 || error.location.column < 1 {
            problem("bad error \(error)")
        }
    }

    func expectSound() {
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // Speed is not asserted here (a hang stops the run); the slowest input is named for the log.
        print("fuzz: slowest of \(checked) inputs took \(slowest.seconds) s: \(slowest.input.prefix(80).debugDescription)")
        #expect(parsed > 0 && parsed < checked, "parsed \(parsed) of \(checked)")
    }
}

/// Makes inputs: random token soup, random characters, and mutations of valid programs.
enum Generator {
    static let corpus = [
        "let x = 1 + 2 * 3",
        "var losses = []\nfor epoch in 0..<500 {\n    let loss = mse(model(X), Y)\n    losses.append(loss.item())\n}",
        "let opt = Adam(model.parameters(), lr: 0.05)",
        "layer Residual(dim, act = nil) {\n    let fc = Linear(dim, dim)\n    fn forward(x) { x + fc(x) }\n}",
        "fn accuracy(logits, labels) { (logits.argmax(axis: 1) == labels).mean().item() }",
        "let y = if a < b { -a ** 2 } else if not c { [1, 2,] } else { [\"k\": 1] }",
        "t[:, 1:3] += t[..., -1] * t[::-1][nil]",
        "print(\"loss \\(loss.item()) at \\(f(\"x\", [1, (2)]))\\n\")",
        "while i <= 10 and not done or x != nil {\n    i += 1; if i % 2 == 0 { continue } else { break }\n}",
        "let f = fn(x, y = 2) {\n    return x @ y\n}\nf(3)\n    .double()",
        "self.w = w / 2 - 1e-3; d = [:]; e = 0x1F + 1_000 + 2.5",
        "for i in (xs) { return }",
    ]

    /// Pieces to build and mutate with: tokens, fragments and awkward characters.
    static let pieces = [
        "let", "var", "fn", "layer", "if", "else", "while", "for", "in", "return", "break", "continue", "true",
        "false", "nil", "and", "or", "not", "self", "try", "catch", "finally", "throw", "import", "as", "x", "f", "_a1", "1", "2.5", "1e-3", "0x1F", "1_0", "\"s\"",
        "\"\\(", ")\"", "\"", "\\", "\\(", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "...", "..<", "..",
        "=", "+=", "-=", "*=", "/=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "@", "**", "!",
        "&&", "#", "# c\n", "\n", " ", "\t", "\r\n", "\u{0}", "\u{7}", "é", "😀", "\u{301}", "$", "?", "`", "'",
        "\\u{", "\\n", "\\q",
    ]

    static func random(using rng: inout SplitMix64) -> String {
        let count = Int.random(in: 0...24, using: &rng)
        var out = ""
        for _ in 0..<count {
            if Int.random(in: 0..<4, using: &rng) == 0 {
                out.append(Character(Unicode.Scalar(UInt8.random(in: 0...127, using: &rng))))
            } else {
                out += pieces.randomElement(using: &rng)!
                if Bool.random(using: &rng) { out += " " }
            }
        }
        return out
    }

    static func mutated(using rng: inout SplitMix64) -> String {
        var text = Array(corpus.randomElement(using: &rng)!)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            mutate(&text, using: &rng)
        }
        return String(text)
    }

    static func mutate(_ text: inout [Character], using rng: inout SplitMix64) {
        let i = text.isEmpty ? 0 : Int.random(in: 0..<text.count, using: &rng)
        switch Int.random(in: 0..<8, using: &rng) {
        case 0 where !text.isEmpty:  // delete a character
            text.remove(at: i)
        case 1:  // insert a character
            text.insert(Character(Unicode.Scalar(UInt8.random(in: 0...127, using: &rng))), at: i)
        case 2:  // insert a piece
            text.insert(contentsOf: pieces.randomElement(using: &rng)!, at: i)
        case 3 where !text.isEmpty:  // duplicate a span
            let end = min(text.count, i + Int.random(in: 1...12, using: &rng))
            text.insert(contentsOf: text[i..<end], at: end)
        case 4 where !text.isEmpty:  // swap two characters
            text.swapAt(i, Int.random(in: 0..<text.count, using: &rng))
        case 5 where !text.isEmpty:  // delete a span (a token or so)
            let end = min(text.count, i + Int.random(in: 1...6, using: &rng))
            text.removeSubrange(i..<end)
        case 6 where !text.isEmpty:  // swap two spans
            let j = Int.random(in: 0..<text.count, using: &rng)
            let (a, b) = (min(i, j), max(i, j))
            let n = min(Int.random(in: 1...5, using: &rng), b - a, text.count - b)
            if n > 0 {
                let first = Array(text[a..<(a + n)]), second = Array(text[b..<(b + n)])
                text.replaceSubrange(b..<(b + n), with: first)
                text.replaceSubrange(a..<(a + n), with: second)
            }
        default:  // truncate (as a REPL sees a half-typed entry)
            text.removeSubrange(i...)
        }
    }
}
