import NN
import TensorEngine
import Testing

/// Copying, truncating and rolling back key/value caches: prefix caching and speculative decoding give
/// the outputs of running each whole sequence with a causal mask.
@Suite(.serialized) struct KVCacheEditingTests {
    func close(_ a: Tensor, _ b: Tensor, _ tol: Float = 1e-5) -> Bool { SequenceSupport.close(a.values, b.values, tol) }

    /// Positions `from..<to` of `[batch, seq, dim]`.
    func positions(_ x: Tensor, _ from: Int, _ to: Int) throws -> Tensor { try x[.all, .range(from, to, 1)] }

    /// The attention layers the suite decodes with: MHA, GQA, MQA, and sliding windows.
    func layers() throws -> [MultiHeadAttention] {
        [try MultiHeadAttention(16, heads: 4, causal: true), try MultiHeadAttention(16, heads: 4, kvHeads: 2, causal: true),
         try MultiHeadAttention(16, heads: 4, kvHeads: 1, causal: true, window: 3), try MultiHeadAttention(16, heads: 4, kvHeads: 2, causal: true, window: 4)]
    }

    @Test func copiesContinueAPrefixInTwoWays() throws {
        seed(30)
        let prefix = try Tensor.randn([2, 5, 16]), a = try Tensor.randn([2, 3, 16]), b = try Tensor.randn([2, 4, 16])
        for layer in try layers() {
            let cache = KVCache()
            _ = try layer.step(prefix, cache: cache)
            let other = cache.copy()
            #expect(other.position == 5 && other.length == cache.length)
            // One token at a time on the original, one chunk on the copy.
            let stepsA = try Tensor.concat(try (0..<3).map { try layer.step(try positions(a, $0, $0 + 1), cache: cache) }, axis: 1)
            let stepsB = try layer.step(b, cache: other)
            let fullA = try positions(try layer(try Tensor.concat([prefix, a], axis: 1)), 5, 8)
            let fullB = try positions(try layer(try Tensor.concat([prefix, b], axis: 1)), 5, 9)
            #expect(close(stepsA, fullA), "\(layer.summaryName)")
            #expect(close(stepsB, fullB), "\(layer.summaryName)")
            #expect(cache.position == 8 && other.position == 9)
        }
    }

    @Test func blockStacksShareAPrefixThroughCopiedCaches() throws {
        seed(31)
        let blocks = [try TransformerBlock(8, heads: 2, kvHeads: 1, hidden: 16, causal: true),
                      try TransformerBlock(8, heads: 2, hidden: 16, causal: true, window: 3, kind: .swiglu)]
        let prefix = try Tensor.randn([1, 4, 8]), a = try Tensor.randn([1, 2, 8]), b = try Tensor.randn([1, 3, 8])
        func run(_ x: Tensor, _ caches: [KVCache]) throws -> Tensor { try zip(blocks, caches).reduce(x) { try $1.0.step($0, cache: $1.1) } }
        try noGrad {
            let caches = blocks.map { _ in KVCache() }
            _ = try run(prefix, caches)
            let copies = caches.map { $0.copy() }
            let outA = try run(a, caches), outB = try run(b, copies)
            let fullA = try blocks.reduce(try Tensor.concat([prefix, a], axis: 1)) { try $1($0) }
            let fullB = try blocks.reduce(try Tensor.concat([prefix, b], axis: 1)) { try $1($0) }
            #expect(close(outA, try positions(fullA, 4, 6)))
            #expect(close(outB, try positions(fullB, 4, 7)))
        }
    }

    @Test func speculativeDecodingRollsBackRejectedDrafts() throws {
        seed(32)
        // The true sequence: a prefix of 4, then 6 tokens; the draft proposes 3 at a time.
        let truth = try Tensor.randn([1, 10, 16])
        let wrong = try Tensor.randn([1, 3, 16])
        for layer in try layers() {
            let plain = KVCache()
            let expected = try Tensor.concat(try (0..<10).map { try layer.step(try positions(truth, $0, $0 + 1), cache: plain) }, axis: 1)
            let cache = try KVCache(reserve: 3)
            var outs = [try layer.step(try positions(truth, 0, 4), cache: cache)]
            var at = 4
            // Each round: 3 drafts whose first `accepted` are right; keep those, roll back the rest.
            for accepted in [2, 0, 3, 1] where at < 10 {
                let good = Swift.min(accepted, 10 - at)
                var draft = [try positions(truth, at, at + good)]
                if good < 3 { draft.append(try positions(wrong, 0, 3 - good)) }
                let verified = try layer.step(try Tensor.concat(draft, axis: 1), cache: cache)
                try cache.rollback(3 - good)
                if good > 0 { outs.append(try positions(verified, 0, good)) }
                at += good
                #expect(cache.position == at)
                // The target model's own next token, decoded after the rollback.
                if at < 10 {
                    outs.append(try layer.step(try positions(truth, at, at + 1), cache: cache))
                    at += 1
                }
            }
            #expect(at == 10)
            #expect(close(try Tensor.concat(outs, axis: 1), expected), "\(layer.summaryName)")
        }
    }

    @Test func truncateKeepsTheFirstPositions() throws {
        seed(33)
        let layer = try MultiHeadAttention(8, heads: 2, causal: true)
        let x = try Tensor.randn([1, 6, 8]), y = try Tensor.randn([1, 2, 8])
        let cache = KVCache()
        _ = try layer.step(x, cache: cache)
        try cache.truncate(3)
        #expect(cache.position == 3 && cache.length == 3 && cache.keys!.shape == [1, 3, 8])
        let out = try layer.step(y, cache: cache)
        let full = try layer(try Tensor.concat([try positions(x, 0, 3), y], axis: 1))
        #expect(close(out, try positions(full, 3, 5)))
        try cache.truncate(0)
        #expect(cache.position == 0 && cache.length == 0 && cache.keys == nil)
        try cache.truncate(0)
        try cache.rollback(0)
        #expect(cache.position == 0)
    }

    @Test func copiesShareNothingMutable() throws {
        seed(34)
        let layer = try MultiHeadAttention(8, heads: 2, causal: true)
        let cache = KVCache()
        _ = try layer.step(try Tensor.randn([1, 3, 8]), cache: cache)
        let keys = cache.keys!.values
        let copy = cache.copy()
        try copy.keys!.fill(0)
        #expect(cache.keys!.values == keys)
        _ = try layer.step(try Tensor.randn([1, 1, 8]), cache: cache)
        try cache.rollback(2)
        #expect(copy.position == 3 && copy.length == 3)
        copy.reset()
        #expect(cache.position == 2 && cache.keys!.values == Array(keys[0..<16]))
    }

    @Test func errorsNameWhatTheCacheHolds() throws {
        seed(35)
        let windowed = try MultiHeadAttention(8, heads: 2, causal: true, window: 3)
        let cache = KVCache()
        _ = try windowed.step(try Tensor.randn([1, 6, 8]), cache: cache)
        #expect(cache.start == 4 && cache.length == 2)
        #expect(throws: TensorError.self) { try cache.truncate(-1) }
        #expect(throws: TensorError.self) { try cache.truncate(7) }
        #expect(throws: TensorError.self) { try cache.rollback(-1) }
        #expect(throws: TensorError.self) { try cache.rollback(7) }
        do {
            try cache.rollback(1)
            Issue.record("rolling back past the window must fail")
        } catch let error as TensorError {
            #expect("\(error)".contains("holds only positions 4..<6"), "\(error)")
        }
        #expect(cache.position == 6, "a failed rollback changes nothing")
        // Back to the start is always possible, and a window of 1 needs no keys.
        try cache.truncate(0)
        #expect(throws: TensorError.self) { try KVCache(reserve: -1) }
        let reserved = try KVCache(reserve: 2)
        _ = try windowed.step(try Tensor.randn([1, 6, 8]), cache: reserved)
        #expect(reserved.length == 4)
        try reserved.rollback(2)
        #expect(throws: TensorError.self) { try reserved.rollback(1) }
    }
}
