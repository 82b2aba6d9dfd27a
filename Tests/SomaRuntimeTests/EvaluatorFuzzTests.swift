import Foundation
import Synchronization
import Script
import SomaRuntime
import TensorEngine
import TestSupport
import Testing

/// Mutated programs through the whole pipeline (lexer, parser, compiler, evaluator with the engine):
/// whatever they do, they end with a value or an error, never a crash or a hang.
@Suite(.serialized) struct EvaluatorFuzzTests {
    typealias SplitMix = SplitMix64

    static let fragments = ["(", ")", "[", "]", "{", "}", "\"", "\\(", ",", ":", "..<", "...", "@", "**", "-",
                            "nil", "fn(x) { x }", "tensor([[1, 2], [3, 4]])", "zeros([3])", "1e308", "-1",
                            "0", "let", "var", "for i in 0..<3 {", "while true {", "break", "return",
                            "layer L() {", ".backward()", "[::-1]", "[..., 0]", "randn([2, 3])", "\n"]

    static func corpus() throws -> [String] {
        var programs: [String] = []
        let root = GoldenScriptTests.directory
        for path in GoldenScriptTests.scripts {
            programs.append(try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
        }
        // A mutated path in a call of the global remove could name any folder on the machine, and a
        // mutated process count of a distributed block could launch hundreds of processes.
        return (programs + DocumentationTests.referenceBlocks).filter { !Self.removesFiles($0) && !$0.contains("distributed(") }
    }

    /// Whether `program` calls the global `remove` (not a dictionary's or list's method of that name).
    static func removesFiles(_ program: String) -> Bool {
        program.components(separatedBy: "remove(").dropLast().contains { !$0.hasSuffix(".") }
    }

    static func mutate(_ program: String, _ rng: inout SplitMix) -> String {
        var chars = Array(program)
        for _ in 0..<(1 + rng.below(4)) {
            let at = rng.below(chars.count + 1)
            switch rng.below(5) {
            case 0 where !chars.isEmpty: chars.remove(at: min(at, chars.count - 1))
            case 1: chars.insert(contentsOf: fragments[rng.below(fragments.count)], at: at)
            case 2 where chars.count > 2:
                let a = rng.below(chars.count), b = rng.below(chars.count)
                chars.swapAt(a, b)
            case 3:
                let lines = String(chars).split(separator: "\n", omittingEmptySubsequences: false)
                var shuffled = lines
                if lines.count > 1 { shuffled.swapAt(rng.below(lines.count), rng.below(lines.count)) }
                chars = Array(shuffled.joined(separator: "\n"))
            default:
                let end = min(chars.count, at + rng.below(20))
                if at < end { chars.insert(contentsOf: chars[at..<end], at: end) }
            }
        }
        return String(chars)
    }

    /// Interrupts every 200 ms for as long as `running` says a program runs.
    static func watch(_ interruption: Interruption, while running: @escaping @Sendable () -> Bool) {
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(200)) {
            guard running() else { return }
            interruption.request()
            watch(interruption, while: running)
        }
    }

    @Test func mutatedProgramsNeverCrashOrHang() throws {
        let count = Int(ProcessInfo.processInfo.environment["SOMA_FUZZ_RUNS"] ?? "") ?? 3000
        let corpus = try Self.corpus()
        var rng = SplitMix(seed: 20261123)
        var outcomes = [String: Int]()
        let generation = ManagedCounter()
        var slowest: (seconds: Double, program: String) = (0, "")
        // Mutated programs save files under names of their own making: they go to a folder of their own.
        let folder = try SessionDirectoryTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for _ in 0..<count {
            let program = Self.mutate(corpus[rng.below(corpus.count)], &rng)
            let runtime = Runtime()
            // Small tensors keep the fuzzer's memory low; the limit is this session's alone.
            runtime.maxElements = 1 << 22
            runtime.directory = folder
            runtime.output = { _ in }
            runtime.inputHandler = { _ in "" }
            let mine = generation.increment(), interruption = runtime.interpreter.interruption
            // A watchdog: programs that loop forever are interrupted, as a user would, and again every
            // 200 ms while they run (`fit` ends at an interrupt and the program goes on). A program that
            // ignored interrupts would hang the run; speed is not asserted, the slowest is logged.
            Self.watch(interruption, while: { generation.value == mine })
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                _ = try runtime.run(program, as: .cell(1))
                outcomes["ok", default: 0] += 1
            } catch let e as ScriptError {
                outcomes[e.kind, default: 0] += 1
            } catch is SyntaxErrors {
                outcomes["SyntaxError", default: 0] += 1
            } catch is ScriptExit {
                outcomes["exit", default: 0] += 1
            }
            _ = generation.increment()
            runtime.interpreter.clearInterrupt()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if seconds > slowest.seconds { slowest = (seconds, program) }
        }
        print("evaluator fuzz: slowest of \(count) programs took \(slowest.seconds) s: \(slowest.program.prefix(80).debugDescription)")
        #expect(outcomes.values.reduce(0, +) == count)
        #expect((outcomes["ok"] ?? 0) > 0 && (outcomes["SyntaxError"] ?? 0) > 0)
    }
}

/// A counter shared with the watchdog thread.
final class ManagedCounter: Sendable {
    private let current = Atomic(0)
    var value: Int { current.load(ordering: .sequentiallyConsistent) }
    func increment() -> Int { current.add(1, ordering: .sequentiallyConsistent).newValue }
}
