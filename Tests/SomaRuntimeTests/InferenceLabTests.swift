import Testing
@testable import Script
@testable import SomaRuntime

/// `inferenceLab`: the model's costs as the engine measures them, and each way of generating counted
/// by hand.
@Suite struct InferenceLabTests {
    /// A two-block causal language model of width 32 with 4 heads over 40 tokens, and a one-block draft.
    let models = """
        seed(0)
        let lm = Sequential(Embedding(40, 32), TransformerBlock(32, 4, causal: true), TransformerBlock(32, 4, causal: true), Linear(32, 40))
        let small = Sequential(Embedding(40, 16), TransformerBlock(16, 2, causal: true), Linear(16, 40))
        """

    @Test func theModelsCostsAreItsLayersCountedByHand() throws {
        let out = try printed(models + "\nlet lab = inferenceLab(lm)\nprint(lab.model)")
        // Per token and block: q, k, v and output projections 4·32² and the MLP 2·32·128 = 12·32²; then
        // the head 32·40. Per query-key pair and block: 4 heads × (8 + 8). The cache: a key and a value of
        // width 32 in each of 2 blocks, 4 bytes a number.
        let perToken = 2 * 12 * 32 * 32 + 32 * 40
        #expect(out == "[\"macsPerToken\": \(perToken), \"macsPerPair\": 128, \"macsPerPass\": 0, \"scoresPerPair\": 8, \"kvBytesPerToken\": 512]\n")
    }

    @Test func eachWayOfGeneratingIsCountedPassByPass() throws {
        let out = try printed(models + """

            let lab = inferenceLab(lm, prompt: 100, generate: 50, chunk: 20, prefix: 60, draft: small, guesses: 4, acceptance: 0.5)
            for s in lab.scenarios { print(s["name"], s["targetPasses"], s["draftPasses"], s["macs"], s["scores"] / 8, s["largestScores"], s["cacheBytes"]) }
            """)
        let a = 2 * 12 * 32 * 32 + 32 * 40, b = 128
        func macs(_ q: Int, _ t: Int) -> Int { a * q + b * q * (t + q) }
        let decode = (1..<50).map { macs(1, 100 + $0 - 1) }.reduce(0, +), decodeScores = (1..<50).map { 100 + $0 }.reduce(0, +)
        let noCache = (100..<150).map { macs($0, 0) }.reduce(0, +), noCacheScores = (100..<150).map { $0 * $0 }.reduce(0, +)
        // Chunks of 20 each see every key so far: 20·(20 + 40 + … + 100) = 6,000 scores a head, where the
        // course notes' 5 × 20² = 2,000 leaves out the earlier chunks; the largest matrix is 20 × 100 = 2,000.
        let chunked = (0..<5).map { macs(20, 20 * $0) }.reduce(0, +)
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines[0] == "no cache 50 0 \(noCache) \(noCacheScores) 22201 0")
        // The last token generated has not been run: the cache ends with the prompt and 49 more tokens.
        #expect(lines[1] == "KV cache 50 0 \(macs(100, 0) + decode) \(10_000 + decodeScores) 10000 \(149 * 512)")
        #expect(lines[2] == "prefix cache (60 tokens) 50 0 \(macs(40, 60) + decode) \(4_000 + decodeScores) 4000 \(149 * 512)")
        #expect(lines[3] == "chunked prefill (20) 54 0 \(chunked + decode) \(6_000 + decodeScores) 2000 \(149 * 512)")
        // α = 0.5 and 4 guesses: (1 − 0.5⁵) / 0.5 = 1.9375 tokens a round. After the first token, 24 rounds of
        // 4 guesses reach 47.5 tokens; with 3 to go a round guesses 2 (1.75 tokens), and the last none: 26
        // target passes after the prefill, and 24·4 + 2 guesses after the draft's prefill.
        #expect(lines[4].hasPrefix("speculative (4 guesses, α 0.5) 27 99 "))
    }

    @Test func aModelWhoseCostIsNotATransformersIsNamed() throws {
        for (model, message) in [
            ("Sequential(Embedding(40, 8), Linear(8, 40))", "inferenceLab: the model: it runs no attention the engine can see (no KV cache to count)"),
            // 8·n² + n³ MACs: a cubic term no transformer has.
            ("fn(x) { let h = x[0]\n (h @ h.transpose(0, 1)) @ (h @ h.transpose(0, 1)) }, width: 4",
             "inferenceLab: the model: its MACs over 8 tokens are 1024, not the 814 that tokens × -11 + pairs × 14 predicts from 1 to 3 tokens: its cost does not grow as a transformer's"),
        ] {
            do {
                _ = try printed("inferenceLab(\(model))")
                Issue.record("no error for \(model)")
            } catch let e as ScriptError {
                #expect(e.message == message)
            }
        }
    }

    @Test func badSettingsAreErrors() throws {
        for (settings, message) in [
            ("prefix: 100", "inferenceLab: prefix (100) must be shorter than the prompt (100): the last prompt token is always run"),
            ("acceptance: 1.5", "inferenceLab: acceptance must be a probability in [0, 1], got 1.5"),
            ("generate: 0", "inferenceLab: generate must be at least 1, got 0"),
            ("width: 0", "inferenceLab: width must be at least 1, got 0"),
            ("draft: 42", "inferenceLab: the draft must be a model or a function of token ids, not a number"),
            ("generate: 1000000", "inferenceLab: 1000005 passes (generate plus the prompt's chunks) is more than 100000; count a shorter run"),
            ("generate: 100, draft: small, guesses: 1000000000",
             "inferenceLab: speculation may take generate × (guesses + 1) = 10000100 passes, more than 100000; count a shorter run or fewer guesses"),
            ("width: 32", "inferenceLab: the model failed on zeros [1, 1, 32]: MultiHeadAttention: query must be [batch, seq, 32] or [seq, 32], got [1, 1, 32, 32]"),
        ] {
            do {
                _ = try printed(models + "\ninferenceLab(lm, \(settings))")
                Issue.record("no error for \(settings)")
            } catch let e as ScriptError {
                #expect(e.message == message)
            }
        }
    }

    @Test func oneTokenIsThePrefillAloneAndTheDraftNeverRuns() throws {
        let out = try printed(models + """

            let lab = inferenceLab(lm, prompt: 5, generate: 1, draft: small)
            for s in lab.scenarios { print(s["name"], s["targetPasses"], s["draftPasses"], s["cacheBytes"]) }
            """)
        // One pass over the prompt gives the token; the cache holds the 5 prompt tokens.
        #expect(out.contains("KV cache 1 0 \(5 * 512)\n") && out.contains("α 0.7) 1 0 \(5 * 512)\n"))
    }

    @Test func countsBeyondAnyIntegerAreShownNotTrapped() throws {
        // Ten million prompt tokens without a cache: about 10²¹ MACs, past Int's range.
        let out = try printed(models + "\nlet lab = inferenceLab(lm, prompt: 10000000, generate: 1000, chunk: 0)\nprint(str(lab).split(\"\\n\")[3])")
        #expect(out.hasPrefix("no cache ") && out.contains("E "))
    }
}
