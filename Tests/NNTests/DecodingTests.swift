import NN
import TensorEngine
import Testing

/// Key/value caches: step-by-step decoding equals full causal recomputation, and cache sizes.
@Suite(.serialized) struct DecodingTests {
    func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-5) -> Bool { SequenceSupport.close(a, b, tol) }

    /// Decodes `x` `[batch, seq, dim]` in chunks of the given sizes through `step` and joins the outputs.
    func decode(_ x: Tensor, chunks: [Int], _ step: (Tensor) throws -> Tensor) throws -> Tensor {
        var start = 0, outs: [Tensor] = []
        for n in chunks {
            outs.append(try step(try x[.all, .range(start, start + n, 1)]))
            start += n
        }
        return try Tensor.concat(outs, axis: 1)
    }

    @Test func attentionDecodingEqualsCausalRecomputation() throws {
        seed(0)
        let x = try Tensor.randn([2, 7, 16])
        for (kvHeads, window) in [(4, nil), (2, nil), (1, nil), (2, 3), (1, 1)] as [(Int, Int?)] {
            let mha = try MultiHeadAttention(16, heads: 4, kvHeads: kvHeads, causal: true, window: window)
            let full = try mha(x)
            for chunks in [[1, 1, 1, 1, 1, 1, 1], [3, 1, 2, 1], [7]] {
                let cache = KVCache()
                let stepped = try decode(x, chunks: chunks) { try mha.step($0, cache: cache) }
                #expect(close(stepped.values, full.values),
                        "kvHeads \(kvHeads) window \(String(describing: window)) chunks \(chunks): max difference \(SequenceSupport.maxDifference(stepped.values, full.values))")
                #expect(cache.position == 7)
                #expect(cache.length == min(7, (window ?? 8) - 1))
            }
        }
    }

    @Test func blockStackDecodingEqualsRecomputation() throws {
        seed(1)
        let blocks = [try TransformerBlock(8, heads: 2, kvHeads: 1, hidden: 16, causal: true),
                      try TransformerBlock(8, heads: 2, hidden: 16, causal: true, kind: .swiglu)]
        let x = try Tensor.randn([1, 5, 8])
        let full = try blocks.reduce(x) { try $1($0) }
        let caches = blocks.map { _ in KVCache() }
        let stepped = try noGrad {
            try decode(x, chunks: [2, 1, 1, 1]) { chunk in
                try zip(blocks, caches).reduce(chunk) { try $1.0.step($0, cache: $1.1) }
            }
        }
        #expect(close(stepped.values, full.values))
    }

    @Test func cacheSizesForMHAGQAAndMQA() throws {
        // Llama-2-7B-like sizes: 32 layers, 32 heads of 128, 4096 positions.
        #expect(KVCache.elements(layers: 32, batch: 1, length: 4096, kvHeads: 32, headDim: 128) == 2 * 32 * 4096 * 32 * 128)
        #expect(KVCache.bytes(layers: 32, batch: 1, length: 4096, kvHeads: 32, headDim: 128) == 2 * 32 * 4096 * 32 * 128 * 4)
        #expect(KVCache.bytes(layers: 32, batch: 1, length: 4096, kvHeads: 32, headDim: 128, bytesPerElement: 2) == 1 << 31)
        let mha = KVCache.elements(layers: 2, batch: 3, length: 10, kvHeads: 8, headDim: 4)
        #expect(KVCache.elements(layers: 2, batch: 3, length: 10, kvHeads: 2, headDim: 4) * 4 == mha)
        #expect(KVCache.elements(layers: 2, batch: 3, length: 10, kvHeads: 1, headDim: 4) * 8 == mha)

        seed(2)
        let layer = try MultiHeadAttention(16, heads: 4, kvHeads: 2, causal: true)
        let cache = KVCache()
        #expect(cache.elements == 0 && cache.bytes == 0 && cache.length == 0)
        _ = try layer.step(try Tensor.randn([3, 5, 16]), cache: cache)
        #expect(cache.length == 5 && cache.elements == layer.cacheElements(batch: 3, length: 5))
        #expect(cache.elements == 2 * 3 * 5 * 2 * 4 && cache.bytes == cache.elements * 4)
        #expect(cache.keys!.shape == [3, 5, 8] && cache.values!.shape == [3, 5, 8])
        cache.reset()
        #expect(cache.length == 0 && cache.position == 0 && cache.keys == nil)
    }

    @Test func cacheRejectsAnotherBatch() throws {
        let layer = try MultiHeadAttention(8, heads: 2, causal: true)
        let cache = KVCache()
        _ = try layer.step(try Tensor.zeros([2, 1, 8]), cache: cache)
        #expect(throws: TensorError.self) { try layer.step(try Tensor.zeros([3, 1, 8]), cache: cache) }
        #expect(throws: TensorError.self) { try layer.step(try Tensor.zeros([2, 1, 4]), cache: cache) }
    }
}
