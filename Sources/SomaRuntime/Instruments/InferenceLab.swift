import Foundation
import Plot
import TensorEngine

/// What one forward pass of a model costs as a function of its length, measured by the engine: the
/// multiply-accumulates of a pass over `q` new tokens with `t` earlier ones cached are
/// `fixed + perToken·q + perPair·q·(t + q)`, the last term attention's products over every
/// query-key pair (PyTorch's FLOP counter counts masked pairs too).
struct PassCost: Equatable {
    let fixed: Double, perToken: Double, perPair: Double
    /// Score elements per query-key pair: heads summed over the layers.
    let scoresPerPair: Double
    /// Bytes of keys and values every attention layer keeps per token.
    let cacheBytesPerToken: Double

    func macs(new q: Double, cached t: Double) -> Double { fixed + perToken * q + perPair * q * (t + q) }

    /// The costs from passes over 1, 2 and 3 tokens (`measure(n)` gives MACs, score elements and KV
    /// cache bytes per token of a pass over `n`), checked against a pass over 8: a model whose cost is
    /// not of this form (a mixture of experts routes by data) is an error naming the difference.
    static func fit(_ measure: (Int) throws -> (macs: Int, scores: Int, cache: Int)) throws -> PassCost {
        let m1 = try measure(1), m2 = try measure(2), m3 = try measure(3)
        let perPair = Double(m3.macs - 2 * m2.macs + m1.macs) / 2
        let perToken = Double(m2.macs - m1.macs) - 3 * perPair
        let cost = PassCost(fixed: Double(m1.macs) - perToken - perPair, perToken: perToken, perPair: perPair,
                            scoresPerPair: Double(m1.scores), cacheBytesPerToken: Double(m1.cache))
        let check = try measure(8)
        let predicted = cost.macs(new: 8, cached: 0)
        guard abs(predicted - Double(check.macs)) <= 1e-9 * max(1, predicted) else {
            throw InferenceLabError("its MACs over 8 tokens are \(check.macs), not the \(Int(predicted)) that tokens × \(Int(perToken)) + pairs × \(Int(perPair)) predicts from 1 to 3 tokens: its cost does not grow as a transformer's")
        }
        guard cost.cacheBytesPerToken > 0 else {
            throw InferenceLabError("it runs no attention the engine can see (no KV cache to count)")
        }
        return cost
    }
}

struct InferenceLabError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// The work of generating `generate` tokens after a prompt of `prompt`, pass by pass, in each way a
/// serving system can run it (`inferenceLab`).
struct InferenceLab {
    struct Settings {
        var prompt = 100, generate = 50, chunk = 20, prefix = 0
        var guesses = 4
        var acceptance = 0.7
    }

    /// One forward pass: which model ran it, over how many new tokens with how many cached, what it cost,
    /// and how many tokens had been generated once it finished.
    struct Pass {
        let draft: Bool
        let new: Double, cached: Double
        let macs: Double, scores: Double
        let generated: Double
    }

    struct Scenario {
        let name: String
        let passes: [Pass]
        /// Bytes the KV cache holds at the end (0 without one).
        let cacheBytes: Double
        var macs: Double { passes.reduce(0) { $0 + $1.macs } }
        var scores: Double { passes.reduce(0) { $0 + $1.scores } }
        /// Passes of the target model one after another: what the time to the last token follows.
        var targetPasses: Int { passes.filter { !$0.draft }.count }
        /// The largest score matrix of one pass (per head and layer): what attention must hold at once.
        var largestScores: Double { passes.map { $0.new * ($0.new + $0.cached) }.max() ?? 0 }
    }

    let settings: Settings
    let target: PassCost
    let draft: PassCost?
    let scenarios: [Scenario]

    init(_ s: Settings, target: PassCost, draft: PassCost?) {
        settings = s
        self.target = target
        self.draft = draft
        let p = Double(s.prompt), g = s.generate
        func pass(_ new: Double, _ cached: Double, _ generated: Double, draft isDraft: Bool = false) -> Pass {
            let model = isDraft ? draft! : target
            return Pass(draft: isDraft, new: new, cached: cached, macs: model.macs(new: new, cached: cached),
                        scores: model.scoresPerPair * new * (new + cached), generated: generated)
        }
        /// Decoding one token a pass on top of a cache that holds the prompt and the first token.
        func decode(from start: Double) -> [Pass] {
            (1..<max(g, 1)).map { i in pass(1, start + Double(i) - 1, Double(i + 1)) }
        }
        // The last token generated has not been run yet: the cache holds the prompt and the others.
        let finalCache = (p + Double(g) - 1) * target.cacheBytesPerToken
        var all = [
            Scenario(name: "no cache", passes: (0..<g).map { i in pass(p + Double(i), 0, Double(i + 1)) }, cacheBytes: 0),
            Scenario(name: "KV cache", passes: [pass(p, 0, 1)] + (g > 1 ? decode(from: p) : []), cacheBytes: finalCache),
        ]
        if s.prefix > 0 {
            let shared = Double(s.prefix)
            all.append(Scenario(name: "prefix cache (\(s.prefix) tokens)", passes: [pass(p - shared, shared, 1)] + (g > 1 ? decode(from: p) : []),
                                      cacheBytes: finalCache))
        }
        if s.chunk > 0 && s.chunk < s.prompt {
            var passes: [Pass] = [], done = 0.0
            while done < p {
                let size = min(Double(s.chunk), p - done)
                passes.append(pass(size, done, done + size >= p ? 1 : 0))
                done += size
            }
            all.append(Scenario(name: "chunked prefill (\(s.chunk))", passes: passes + (g > 1 ? decode(from: p) : []), cacheBytes: finalCache))
        }
        if draft != nil {
            // Each round the draft guesses k tokens one pass at a time, and the target checks them all in
            // one pass over k + 1 tokens; with each guess accepted with probability α, a round yields
            // (1 − α^(k+1)) / (1 − α) tokens on average (k + 1 when α is 1).
            let a = s.acceptance
            /// Tokens a round of `k` guesses yields on average.
            func yield(_ k: Int) -> Double { a >= 1 ? Double(k + 1) : (1 - pow(a, Double(k + 1))) / (1 - a) }
            // The draft prefills only when there is something left to guess.
            var passes = [pass(p, 0, 1)] + (g > 1 ? [pass(p, 0, 1, draft: true)] : [])
            var generated = 1.0
            while generated < Double(g) {
                // A round never guesses past the end: with r tokens to go, at most r − 1 guesses.
                let guesses = min(s.guesses, Int((Double(g) - generated).rounded(.up)) - 1)
                let length = p + generated
                for j in 0..<guesses { passes.append(pass(1, length - 1 + Double(j), generated, draft: true)) }
                generated = min(Double(g), generated + yield(guesses))
                passes.append(pass(Double(guesses + 1), length - 1, generated))
            }
            all.append(Scenario(name: "speculative (\(s.guesses) guesses, α \(NumberFormat.compact(a, significant: 3)))", passes: passes,
                                      cacheBytes: finalCache + (g > 1 ? (p + Double(g) - 1) * (draft?.cacheBytesPerToken ?? 0) : 0)))
        }
        scenarios = all
    }

    /// The charts: each pass's MACs in order, and the MACs spent against the tokens generated so far;
    /// side by side, or one above the other (a terminal's width).
    func chart(columns: Int = 2) -> Chart {
        let perPass = scenarios.enumerated().map { i, sc in Series(sc.name, x: nil, y: sc.passes.map(\.macs), color: i) }
        let cumulative = scenarios.enumerated().map { i, sc -> Series in
            var total = 0.0, x: [Double] = [0], y: [Double] = [0]
            for pass in sc.passes {
                total += pass.macs
                x.append(pass.generated)
                y.append(total)
            }
            return Series(sc.name, x: x, y: y, color: i)
        }
        return Chart.grid([
            Chart.line(series: perPass, title: "MACs of each forward pass", xLabel: "pass", yLabel: "MACs", logY: true),
            Chart.line(series: cumulative, title: "MACs spent", xLabel: "tokens generated", yLabel: "MACs"),
        ], columns: columns, title: "Generating \(settings.generate) tokens after a prompt of \(settings.prompt)")
    }

    /// The most passes one scenario may count: a longer generation is a loop, not a table.
    static let maxPasses = 100_000

    /// `1.2k`, `3.4M`, … up to `E`, from a count that may be beyond any integer type; whole counts
    /// below a thousand as they are.
    static func count(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        for (limit, suffix) in [(1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")] where abs(x) >= limit {
            return NumberFormat.compact(x / limit, significant: 3) + suffix
        }
        return NumberFormat.compact(x.rounded(), significant: 6)
    }

    /// The model's measured costs, then a table of the scenarios.
    var table: String {
        let count = InferenceLab.count
        var lines = ["the model: \(count(target.perToken)) MACs a token + \(count(target.perPair)) a query-key pair"
                     + (target.fixed != 0 ? " + \(count(target.fixed)) a pass" : "")
                     + "; KV cache \(Memory.bytes(target.cacheBytesPerToken)) a token"]
        if let draft { lines.append("the draft: \(count(draft.perToken)) MACs a token + \(count(draft.perPair)) a query-key pair") }
        let header = ["scenario", "target passes", "MACs", "scores", "largest score matrix", "KV cache"]
        let rows = scenarios.map { sc in
            [sc.name, "\(sc.targetPasses)", count(sc.macs), count(sc.scores), count(sc.largestScores),
             sc.cacheBytes > 0 ? Memory.bytes(sc.cacheBytes) : "-"]
        }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return i == 0 ? c + pad : pad + c
            }.joined(separator: "   ")
        }
        lines.append(line(header))
        lines.append(String(repeating: "─", count: widths.reduce(0, +) + 3 * (widths.count - 1)))
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}
