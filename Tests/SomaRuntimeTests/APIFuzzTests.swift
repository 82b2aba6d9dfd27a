import Foundation
import Script
import SomaRuntime
import TensorEngine
import TestSupport
import Testing

/// Every builtin function and every method of the common values, called with adversarial arguments
/// (NaN, infinities, huge and negative sizes, wrong types, ragged and deep lists, NUL bytes, empty
/// tensors): each call ends with a value or an error, never a crash or a hang.
///
/// How long: `SOMA_FUZZ_SECONDS` (default 15 s per test; `make fuzz` runs far longer). The seed is
/// fixed (`SOMA_FUZZ_SEED` changes it); an error without a message is reported with the code that made
/// it, and `SOMA_FUZZ_TRACE=file` keeps the running call in that file, to name the cause of a crash.
@Suite(.serialized) struct APIFuzzTests {
    static var seconds: Double {
        ProcessInfo.processInfo.environment["SOMA_FUZZ_SECONDS"].flatMap(Double.init) ?? 15
    }

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["SOMA_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x50A1_A91
    }

    /// Arguments a careless or hostile caller passes.
    static let arguments = [
        "0", "1", "-1", "2", "3", "0.5", "-2.5", "1e300", "-1e300", "1e-320", "nan", "inf", "-inf",
        "10**12", "2**53", "-(2**53)", "true", "false", "nil", "\"\"", "\"abc\"", "\"a\\u{0}b\"",
        "\"/nonexistent/x\"", "\"/dev/null\"", "\"/dev/zero\"", "[]", "[1, 2, 3]", "[[1, 2], [3, 4]]",
        "[[1], [2, 3]]", "[nan, inf]", "[-1, 2]", "[0, 10**12]", "[2, nan]", "[3, 1e300]", "[\"a\", 1]",
        "[[[[[[1]]]]]]", "[:]", "[\"a\": 1]", "0..<3", "0..<0", "fn(x) { x }", "fn() { nil }",
        "tensor(nan)", "tensor([1, 2, 3])", "randn([2, 3])", "zeros([0])", "zeros([0, 3])",
        "ones([2, 2, 2])", "tensor([[1, nan], [inf, -inf]])", "arange(6).reshape([2, 3])",
        "tensor([[1, 2], [3, 4]], requiresGrad: true)", "Linear(2, 3)", "Sequential(Linear(2, 2), ReLU())",
        "tensor([1, 2, 3], dtype: int64)", "tensor([true, false])", "tensor([[1, 2], [3, 4]], dtype: float64)",
        "zeros([2, 2], dtype: float16)", "tensor([0, 255], dtype: uint8)", "float64", "int8", "\"bool\"",
    ]

    /// Builtins left out: they wait for a person, write or remove files, end the program, or launch
    /// processes by the hundred.
    static let excluded: Set<String> = ["input", "sleep", "save", "saveState", "writeText", "help",
                                        "appendText", "makeDirs", "remove", "exit", "timeit", "distributed"]

    /// Values whose methods are called.
    static let receivers = [
        "randn([2, 3])", "tensor([1, nan, 3])", "zeros([0])", "tensor([[1, 2], [3, 4]], requiresGrad: true)",
        "tensor([[1, 2], [3, 4]], dtype: int64)", "tensor([true, false, true])", "randn([2, 3], dtype: float64)",
        "ones([2, 2], dtype: bfloat16)", "int16",
        "[1, 2, 3]", "[\"a\": 1]", "\"text\"", "Linear(2, 3)", "Conv2d(1, 2, 3)", "LSTM(2, 3)",
        "SGD(Linear(2, 2).parameters(), lr: 0.1)", "Adam(Linear(2, 2).parameters())",
        "linalg",
    ]

    typealias SplitMix = EvaluatorFuzzTests.SplitMix

    /// An argument list for a callable with these parameter names: some positional, some labelled
    /// (with a real label, or now and then a wrong one).
    static func argumentList(_ labels: [String], _ rng: inout SplitMix) -> String {
        var parts: [String] = []
        for _ in 0..<rng.below(4) { parts.append(rng.pick(arguments)) }
        for _ in 0..<rng.below(3) {
            let label = labels.isEmpty || rng.below(8) == 0 ? "bogus" : rng.pick(labels)
            parts.append("\(label): \(rng.pick(arguments))")
        }
        return parts.joined(separator: ", ")
    }

    @Test func builtinsSurviveAdversarialArguments() throws {
        let names = Runtime().interpreter.globals.defined.map(\.name).filter { !Self.excluded.contains($0) }
        var rng = SplitMix(seed: Self.seed)
        let probe = Runtime()
        let outcomes = try Self.run(for: Self.seconds) { runtime in
            let name = rng.pick(names)
            // A keyword cannot be a label in a call (the declaration `noGrad(fn)` names the closure).
            let labels = (probe.interpreter.globals.get(name).map(probe.interpreter.parameterNames(of:)) ?? [])
                .filter { TokenKind.keywords[$0] == nil }
            return "\(name)(\(Self.argumentList(labels, &rng)))"
        }
        #expect(outcomes.values.reduce(0, +) > 0)
    }

    @Test func methodsSurviveAdversarialArguments() throws {
        var rng = SplitMix(seed: Self.seed ^ 0x5EED)
        let probe = Runtime()
        let members = try Self.receivers.map { code -> [String] in
            guard let value = try probe.run(code, as: .cell(1)) else { return [] }
            return probe.interpreter.memberNames(of: value)
        }
        let outcomes = try Self.run(for: Self.seconds) { _ in
            let r = rng.below(Self.receivers.count)
            guard !members[r].isEmpty else { return Self.receivers[r] }
            let member = rng.pick(members[r])
            // Half the time a property read or a bare method, half a call.
            if rng.below(2) == 0 { return "(\(Self.receivers[r])).\(member)" }
            return "(\(Self.receivers[r])).\(member)(\(Self.argumentList([], &rng)))"
        }
        #expect(outcomes.values.reduce(0, +) > 0)
    }

    /// Runs generated code in fresh sessions until `seconds` pass; returns how often each outcome came.
    static func run(for seconds: Double, _ generate: (Runtime) -> String) throws -> [String: Int] {
        var outcomes = [String: Int]()
        // A crash ends the process: SOMA_FUZZ_TRACE names a file that always holds the call running.
        let trace = ProcessInfo.processInfo.environment["SOMA_FUZZ_TRACE"]
        let generation = ManagedCounter()
        // Calls such as save(x, "…") write files: they go to a folder of the fuzzer's own.
        let folder = try SessionDirectoryTests.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            let runtime = Runtime()
            runtime.directory = folder
            // Small tensors keep the fuzzer's memory low; the limit is this session's alone.
            runtime.maxElements = 1 << 22
            runtime.output = { _ in }
            runtime.errorOutput = { _ in }
            runtime.liveOutput = LiveOutput.none
            runtime.inputHandler = { _ in "" }
            let code = generate(runtime)
            if let trace { try? code.write(toFile: trace, atomically: false, encoding: .utf8) }
            let mine = generation.increment(), interruption = runtime.interpreter.interruption
            // A watchdog: a call that would run for long (a huge loop) is interrupted, as a user would.
            EvaluatorFuzzTests.watch(interruption) { generation.value == mine }
            do {
                _ = try runtime.run(code, as: .cell(1))
                outcomes["ok", default: 0] += 1
            } catch let e as ScriptError {
                // `assert(c, "")` raises the empty message it was given.
                let userMessage = code.hasPrefix("assert(")
                #expect(userMessage || !e.message.isEmpty, "an empty \(e.kind) message from: \(code)")
                outcomes[e.kind, default: 0] += 1
            } catch is SyntaxErrors {
                Issue.record("generated code does not parse: \(code)")
            }
            _ = generation.increment()
            runtime.interpreter.clearInterrupt()
        }
        print("API fuzz: \(outcomes.values.reduce(0, +)) calls in \(Int(seconds)) s, by outcome: \(outcomes.sorted { $0.key < $1.key })")
        return outcomes
    }
}
