import Plot
import Script
import TensorEngine

/// `inferenceLab(model, ...)`: the work of generating text with and without the serving tricks,
/// measured from the model itself.
extension Library {
    static func inferenceLabs() -> Library {
        var lib = Library()
        lib.add("inferenceLab", ["model", .defaulted("prompt", 100), .defaulted("generate", 50), .defaulted("chunk", 20),
                                 .defaulted("prefix", 0), .optional("draft"), .defaulted("guesses", 4), .defaulted("acceptance", 0.7),
                                 .optional("width", shown: "token ids")],
                "counts, pass by pass, the multiply-accumulates of generating `generate` tokens after a `prompt`-token prompt: without a cache, with a KV cache, with the first `prefix` tokens cached already, with the prompt prefilled in chunks of `chunk`, and with speculative decoding by a draft model guessing `guesses` tokens each accepted with probability `acceptance`. The model's cost per token and per query-key pair and its KV cache per token are measured by the engine on passes over 1, 2, 3 and 8 tokens (token ids [1, n], or zeros [1, n, width]). Shows a table and the timelines side by side.") { a, vm in
            var s = InferenceLab.Settings()
            s.prompt = try a.integer("prompt")
            s.generate = try a.integer("generate")
            s.chunk = try a.integer("chunk")
            s.prefix = try a.integer("prefix")
            s.guesses = try a.integer("guesses")
            s.acceptance = try a.number("acceptance")
            for (name, value, least) in [("prompt", s.prompt, 1), ("generate", s.generate, 1), ("chunk", s.chunk, 0),
                                         ("prefix", s.prefix, 0), ("guesses", s.guesses, 1)] where value < least {
                throw ScriptError("ValueError", "inferenceLab: \(name) must be at least \(least), got \(value)")
            }
            // Speculation takes at most a round a token, each the draft's guesses and one pass of the model.
            if try a.given("draft") != nil {
                let (passes, overflow) = s.generate.multipliedReportingOverflow(by: min(s.guesses, InferenceLab.maxPasses) + 1)
                guard !overflow, passes <= InferenceLab.maxPasses else {
                    throw ScriptError("ValueError", "inferenceLab: speculation may take generate × (guesses + 1) = \(overflow ? "too many" : "\(passes)") passes, more than \(InferenceLab.maxPasses); count a shorter run or fewer guesses")
                }
            }
            let passes = s.generate + (s.chunk > 0 ? (s.prompt + s.chunk - 1) / s.chunk : 1)
            guard passes <= InferenceLab.maxPasses else {
                throw ScriptError("ValueError", "inferenceLab: \(passes) passes (generate plus the prompt's chunks) is more than \(InferenceLab.maxPasses); count a shorter run")
            }
            guard s.prefix < s.prompt else {
                throw ScriptError("ValueError", "inferenceLab: prefix (\(s.prefix)) must be shorter than the prompt (\(s.prompt)): the last prompt token is always run")
            }
            guard (0...1).contains(s.acceptance) else {
                throw ScriptError("ValueError", "inferenceLab: acceptance must be a probability in [0, 1], got \(Value.formatNumber(s.acceptance))")
            }
            let width = try a.given("width").map { try $0.integer("width of inferenceLab") }
            if let width, width < 1 { throw ScriptError("ValueError", "inferenceLab: width must be at least 1, got \(width)") }
            func measured(_ model: Value, _ what: String) throws -> PassCost {
                if case .function = model {} else if (try? Convert.moduleArgument(model, what, vm)) == nil {
                    throw ScriptError("TypeError", "inferenceLab: \(what) must be a model or a function of token ids, not a \(model.typeName)")
                }
                do {
                    return try PassCost.fit { n in
                        let x = try width.map { try Tensor.zeros([1, n, $0]) } ?? Tensor.zeros([1, n], dtype: .int64)
                        let (_, counter) = try Tensor.countingOperations {
                            func failed(_ e: ScriptError) -> ScriptError {
                                let input = width.map { "zeros [1, \(n), \($0)]" } ?? "token ids [1, \(n)] (give width: for a model that takes vectors)"
                                return ScriptError(e.kind, "inferenceLab: \(what) failed on \(input): \(e.message)")
                            }
                            do {
                                try noGrad { _ = try vm.call(model, Arguments([Convert.wrap(x)])) }
                            } catch let e as TensorError {
                                throw failed(e.scriptError)
                            } catch let e as ScriptError where e.kind != "Interrupted" {
                                throw failed(e)
                            }
                        }
                        let total = counter.total
                        return (total.macs, total.scoreElements, total.cacheBytesPerToken)
                    }
                } catch let e as InferenceLabError {
                    throw ScriptError("ValueError", "inferenceLab: \(what): \(e.message)")
                }
            }
            let target = try measured(try a.value("model"), "the model")
            let draft = try a.given("draft").map { try measured($0, "the draft") }
            return .object(InferenceLabValue(InferenceLab(s, target: target, draft: draft)))
        }
        return lib
    }
}

/// What `inferenceLab` returns: a table of the scenarios and their timelines as charts.
final class InferenceLabValue: TabledObject, SVGDisplayable {
    let lab: InferenceLab
    init(_ lab: InferenceLab) { self.lab = lab }

    var typeName: String { "InferenceLab" }
    var text: String { lab.table + "\n" + ChartValue(lab.chart(columns: 1)).text }
    func displaySVG() -> String { lab.chart().svg() }

    static let members = MemberTable<InferenceLabValue>([
        .property("scenarios", "one dictionary per way of generating: name, targetPasses, draftPasses, macs, scores, largestScores (one head's score matrix at its largest), cacheBytes, and perPass (each pass's MACs).") { v in
            .list(ListStorage(try v.lab.scenarios.map { sc in
                let d = DictionaryStorage()
                try d.set(.string("name"), .string(sc.name))
                try d.set(.string("targetPasses"), .number(Double(sc.targetPasses)))
                try d.set(.string("draftPasses"), .number(Double(sc.passes.count - sc.targetPasses)))
                try d.set(.string("macs"), .number(sc.macs.rounded()))
                try d.set(.string("scores"), .number(sc.scores.rounded()))
                try d.set(.string("largestScores"), .number(sc.largestScores.rounded()))
                try d.set(.string("cacheBytes"), .number(sc.cacheBytes.rounded()))
                try d.set(.string("perPass"), .list(ListStorage(sc.passes.map { .number($0.macs.rounded()) })))
                return .dictionary(d)
            }))
        },
        .property("model", "what the engine measured of the model: macsPerToken, macsPerPair (attention's per query-key pair), macsPerPass, scoresPerPair (heads × layers) and kvBytesPerToken.") { v in
            let d = DictionaryStorage(), t = v.lab.target
            try d.set(.string("macsPerToken"), .number(t.perToken))
            try d.set(.string("macsPerPair"), .number(t.perPair))
            try d.set(.string("macsPerPass"), .number(t.fixed))
            try d.set(.string("scoresPerPair"), .number(t.scoresPerPair))
            try d.set(.string("kvBytesPerToken"), .number(t.cacheBytesPerToken))
            return .dictionary(d)
        },
        .property("chart", "the timelines as a chart.") { v in .object(ChartValue(v.lab.chart())) },
        .method("save", ["path"], "writes the charts as SVG (.svg) or the table and charts as text (.txt), atomically.") { v, a, _ in
            try SVGFile.save(path: try Convert.path(try a.value("path"), "save"), svg: { v.lab.chart().svg() }) { v.text }
        },
    ])
}
