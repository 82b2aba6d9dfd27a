import NN
import TensorEngine
import Testing

/// Batch-1 decoding without gradients appends to buffers that double when full: the buffers a cache
/// allocates grow with the logarithm of its length, tensors handed out never change, and decoding
/// still equals the causal recomputation.
@Suite(.serialized) struct KVCacheBufferTests {
    func close(_ a: Tensor, _ b: Tensor, _ tol: Float = 1e-5) -> Bool { SequenceSupport.close(a.values, b.values, tol) }

    /// Runs `x` `[1, seq, dim]` through `layer.step` one position at a time and joins the outputs.
    func decode(_ layer: MultiHeadAttention, _ x: Tensor, _ cache: KVCache, from: Int = 0) throws -> Tensor {
        try Tensor.concat(try (from..<x.shape[1]).map { try layer.step(try x[.all, .range($0, $0 + 1, 1)], cache: cache) },
                          axis: 1)
    }

    @Test func fillingACacheAllocatesLogarithmicallyMany() throws {
        seed(40)
        let layer = try MultiHeadAttention(16, heads: 4, kvHeads: 2, causal: true)
        let x = try Tensor.randn([1, 200, 16])
        let cache = KVCache()
        let (stepped, full) = try noGrad { (try decode(layer, x, cache), try layer(x)) }
        #expect(close(stepped, full))
        // Capacities 16, 34, 70, 142, 286 positions: five buffers each for the keys and the values.
        #expect(cache.length == 200 && cache.bufferAllocations == 10)
        #expect(cache.keys!.shape == [1, 200, 8] && cache.elements == 2 * 200 * 8)
    }

    @Test func aSlidingWindowKeepsItsBuffersSmall() throws {
        seed(41)
        let layer = try MultiHeadAttention(16, heads: 4, causal: true, window: 4)
        let x = try Tensor.randn([1, 300, 16])
        let cache = KVCache()
        let (stepped, full) = try noGrad { (try decode(layer, x, cache), try layer(x)) }
        #expect(close(stepped, full))
        #expect(cache.length == 3)
        // One buffer of 16 positions per side, moved on (copying 3 positions) every 13 steps.
        #expect(cache.bufferAllocations <= 2 * (300 / 13 + 1))
    }

    @Test func handedOutTensorsNeverChange() throws {
        seed(42)
        let layer = try MultiHeadAttention(8, heads: 2, causal: true)
        let x = try Tensor.randn([1, 6, 8]), y = try Tensor.randn([1, 3, 8])
        let cache = KVCache()
        try noGrad {
            _ = try decode(layer, x, cache)
            let held = cache.keys!, before = held.values
            try cache.rollback(2)
            let allocated = cache.bufferAllocations
            _ = try decode(layer, y, cache)
            // The held view covers the rolled-back positions, so the keys moved to a new buffer.
            #expect(held.values == before && cache.bufferAllocations == allocated + 1)
            try held.fill(0)
            #expect(cache.keys!.values.prefix(4 * 8) == before.prefix(4 * 8))
            // With no view alive, rolling back and appending again writes in place.
            try cache.rollback(1)
            let now = cache.bufferAllocations
            let last = try layer.step(try y[.all, .range(2, 3, 1)], cache: cache)
            #expect(cache.bufferAllocations == now)
            let full = try layer(try Tensor.concat([try x[.all, .range(0, 4, 1)], y], axis: 1))
            let expected = try full[.all, .range(6, 7, 1)]
            #expect(close(last, expected))
        }
    }

    @Test func copiesOfABufferedCacheContinueOnTheirOwn() throws {
        seed(43)
        let layer = try MultiHeadAttention(16, heads: 4, kvHeads: 1, causal: true)
        let prefix = try Tensor.randn([1, 5, 16]), a = try Tensor.randn([1, 3, 16]), b = try Tensor.randn([1, 4, 16])
        try noGrad {
            let cache = KVCache()
            _ = try decode(layer, prefix, cache)
            let copy = cache.copy()
            let allocated = cache.bufferAllocations
            let outA = try decode(layer, a, cache)
            let outB = try decode(layer, b, copy)
            // The first to append keeps the shared buffers; the other copies the prefix out.
            #expect(cache.bufferAllocations == allocated && copy.bufferAllocations == allocated + 2)
            let fullA = try layer(try Tensor.concat([prefix, a], axis: 1)), fullB = try layer(try Tensor.concat([prefix, b], axis: 1))
            let expectedA = try fullA[.all, .range(5, 8, 1)], expectedB = try fullB[.all, .range(5, 9, 1)]
            #expect(close(outA, expectedA) && close(outB, expectedB))
        }
    }

    @Test func batchesAndGradientsConcatenateAsBefore() throws {
        seed(44)
        let layer = try MultiHeadAttention(8, heads: 2, causal: true)
        let cache = KVCache()
        _ = try layer.step(try Tensor.randn([1, 2, 8]), cache: cache)   // the projections track gradients
        _ = try layer.step(try Tensor.randn([1, 1, 8]), cache: cache)
        #expect(cache.bufferAllocations == 0 && cache.length == 3)
        // A buffered cache that meets a gradient moves to concatenation, keeping what it held.
        let buffered = KVCache()
        try noGrad { _ = try layer.step(try Tensor.randn([1, 2, 8]), cache: buffered) }
        let held = buffered.keys!.values
        _ = try layer.step(try Tensor.randn([1, 1, 8]), cache: buffered)
        #expect(buffered.length == 3 && Array(buffered.keys!.values.prefix(16)) == held)
    }
}
