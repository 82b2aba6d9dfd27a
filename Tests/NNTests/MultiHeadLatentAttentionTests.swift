import NN
import TensorEngine
import Testing

/// Multi-head latent attention: a per-head reference, decoding through a latent-only cache, the cache's
/// size, its reduction to multi-head attention, gradients in float64 and errors.
@Suite(.serialized) struct MultiHeadLatentAttentionTests {
    func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-5) -> Bool { SequenceSupport.close(a, b, tol) }

    /// The configurations worth covering: with and without compressed queries, RoPE and a window.
    static let configurations: [(qLatentDim: Int?, ropeDim: Int?, window: Int?)] = [
        (nil, nil, nil), (nil, 4, nil), (6, 2, nil), (6, nil, 3), (nil, 4, 2), (5, 4, 1),
    ]

    /// MLA written out per head from its equations: q = [q_C; RoPE(q_R)], k = [c·W_UK; RoPE(x·W_KR)].
    func reference(_ m: MultiHeadLatentAttention, _ x: Tensor) throws -> Tensor {
        let (n, l, h, d, r) = (x.shape[0], x.shape[1], m.heads, m.headDim, m.ropeDim ?? 0)
        let c = try m.kvDown(x)
        let keys = try m.kUp(c).reshape([n, l, h, d]).permute([0, 2, 1, 3])
        let values = try m.vUp(c).reshape([n, l, h, d]).permute([0, 2, 1, 3])
        let q = try m.qProj(try m.qDown.map { try $0(x) } ?? x).reshape([n, l, h, d + r]).permute([0, 2, 1, 3])
        var qs = try q[.ellipsis, .range(0, d, 1)], ks = keys
        if let kRope = m.kRope {
            let shared = try PositionalEncoding.rope(try kRope(x)).unsqueeze(axis: 1).expand(to: [n, h, l, r])
            qs = try Tensor.concat([qs, try PositionalEncoding.rope(try q[.ellipsis, .range(d, d + r, 1)])], axis: -1)
            ks = try Tensor.concat([keys, shared], axis: -1)
        }
        let out = try Tensor.scaledDotProductAttention(qs, ks, values, causal: m.causal, window: m.window)
        return try m.outProj(try out.permute([0, 2, 1, 3]).reshape([n, l, h * d]))
    }

    @Test func matchesThePerHeadEquations() throws {
        seed(40)
        let x = try Tensor.randn([2, 5, 8])
        for (qLatent, rope, window) in Self.configurations {
            for causal in [false, true] {
                let m = try MultiHeadLatentAttention(8, heads: 2, kvLatentDim: 3, qLatentDim: qLatent, ropeDim: rope,
                                                     causal: causal, window: window)
                let y = try m(x), expected = try reference(m, x)
                #expect(y.shape == [2, 5, 8])
                #expect(close(y.values, expected.values), "q \(String(describing: qLatent)) rope \(String(describing: rope)) causal \(causal)")
                // The masked path (weights asked for) computes the same attention.
                let (composed, weights) = try m.forward(query: x, key: x, masks: AttentionMasks(needWeights: true))
                #expect(close(composed.values, y.values) && weights?.shape == [2, 5, 5])
            }
        }
    }

    @Test func decodingThroughTheLatentCacheEqualsTheCausalForward() throws {
        seed(41)
        let x = try Tensor.randn([2, 7, 8])
        for (qLatent, rope, window) in Self.configurations {
            let m = try MultiHeadLatentAttention(8, heads: 4, kvLatentDim: 3, qLatentDim: qLatent, ropeDim: rope,
                                                 causal: true, window: window)
            let full = try m(x)
            for chunks in [[1, 1, 1, 1, 1, 1, 1], [3, 1, 2, 1], [7]] {
                let cache = KVCache()
                var start = 0, outs: [Tensor] = []
                for size in chunks {
                    outs.append(try m.step(try x[.all, .range(start, start + size, 1)], cache: cache))
                    start += size
                }
                let stepped = try Tensor.concat(outs, axis: 1)
                #expect(close(stepped.values, full.values),
                        "rope \(String(describing: rope)) window \(String(describing: window)) chunks \(chunks): \(SequenceSupport.maxDifference(stepped.values, full.values))")
                let length = min(7, (window ?? 8) - 1)
                #expect(cache.position == 7 && cache.length == length)
                // Only the latent and the shared rotary key are stored.
                #expect(cache.keys?.shape ?? [] == (length == 0 ? [] : [2, length, 3]))
                #expect(cache.elements == m.cacheElements(batch: 2, length: length))
                #expect(cache.elements == 2 * length * (3 + (rope ?? 0)))
            }
        }
    }

    @Test func absorbedDecodingKeepsTheBiases() throws {
        // Decoding folds W_UK into the queries: the key bias drops out of the softmax, the value bias is added after.
        seed(48)
        let m = try MultiHeadLatentAttention(8, heads: 2, kvLatentDim: 5, qLatentDim: 3, ropeDim: 2, causal: true, bias: true)
        let x = try Tensor.randn([2, 5, 8]), cache = KVCache()
        let stepped = try Tensor.concat(try (0..<5).map { t in try m.step(try x[.all, .range(t, t + 1, 1)], cache: cache) }, axis: 1)
        #expect(close(stepped.values, try m(x).values))
        #expect(try m.step(try Tensor.randn([2, 8]).unsqueeze(axis: 1), cache: cache).shape == [2, 1, 8])
    }

    @Test func theCacheHoldsTheLatentNotTheHeads() throws {
        seed(42)
        // DeepSeek-V2-like proportions: 16 heads of 8 over a latent of 32 and 4 rotary features.
        let mla = try MultiHeadLatentAttention(128, heads: 16, kvLatentDim: 32, ropeDim: 4, causal: true)
        #expect(mla.cacheElementsPerToken == 36)
        let mha = try MultiHeadAttention(128, heads: 16, causal: true)
        let (mlaCache, mhaCache) = (KVCache(), KVCache())
        let x = try Tensor.randn([1, 10, 128])
        _ = try mla.step(x, cache: mlaCache)
        _ = try mha.step(x, cache: mhaCache)
        #expect(mlaCache.elements == 10 * 36 && mhaCache.elements == 10 * 2 * 128)
        #expect(mlaCache.values?.shape == [1, 10, 4])
        // A cache of another layout is refused.
        #expect(throws: TensorError.self) { try mla.step(x, cache: mhaCache) }
    }

    @Test func aWideLatentWithoutRoPEIsMultiHeadAttention() throws {
        // With the latent as wide as the input and W_DKV the identity, k = x·W_UK and v = x·W_UV: MHA.
        seed(43)
        let mha = try MultiHeadAttention(8, heads: 2, causal: true, bias: false)
        let mla = try MultiHeadLatentAttention(8, heads: 2, kvLatentDim: 8, causal: true)
        let identity = try Tensor(shape: [8, 8], values: (0..<64).map { $0 % 9 == 0 ? 1 : 0 })
        try mla.loadStateDict([("qProj.weight", mha.qProj.weight), ("kvDown.weight", identity), ("kUp.weight", mha.kProj.weight),
                               ("vUp.weight", mha.vProj.weight), ("outProj.weight", mha.outProj.weight)])
        let x = try Tensor.randn([2, 5, 8])
        #expect(close(try mla(x).values, try mha(x).values))
    }

    @Test func gradientsInFloat64() throws {
        seed(44)
        for (qLatent, rope, window) in [(nil, 2, nil), (3, 2, 2), (nil, nil, nil)] as [(Int?, Int?, Int?)] {
            let m = try MultiHeadLatentAttention(4, heads: 2, kvLatentDim: 3, qLatentDim: qLatent, ropeDim: rope, causal: true, window: window)
            try m.double()
            let x = try SequenceSupport.random([2, 3, 4], seed: 45).to(.float64)
            #expect(try gradcheck({ try m($0[0]) }, [x]))
            let memory = try SequenceSupport.random([2, 4, 4], seed: 46).to(.float64)
            #expect(try gradcheck({ try m.forward(query: $0[0], key: $0[1]) }, [x, memory]))
            // Through the absorbed decoding too: two positions, then a third over the cache.
            #expect(try gradcheck({ a in
                let cache = KVCache()
                _ = try m.step(try a[0][.all, .range(0, 2, 1)], cache: cache)
                return try m.step(try a[0][.all, .range(2, 3, 1)], cache: cache)
            }, [x]))
        }
        let m = try MultiHeadLatentAttention(4, heads: 2, kvLatentDim: 2, ropeDim: 2)
        try m.double()
        #expect(try gradgradcheck({ try m($0[0]) }, [try SequenceSupport.random([1, 3, 4], seed: 47).to(.float64)]))
    }

    @Test func namesAndSummary() throws {
        let m = try MultiHeadLatentAttention(16, heads: 4, kvLatentDim: 6, qLatentDim: 8, ropeDim: 2, causal: true, window: 4)
        #expect(m.summaryName == "MultiHeadLatentAttention(16, heads: 4, kvLatentDim: 6, qLatentDim: 8, ropeDim: 2, causal: true, window: 4)")
        #expect(Set(m.stateDict().map(\.0)) == ["qDown.weight", "qProj.weight", "kvDown.weight", "kRope.weight", "kUp.weight",
                                            "vUp.weight", "outProj.weight"])
        #expect(m.qProj.weight.shape == [4 * (4 + 2), 8] && m.kRope?.weight.shape == [2, 16])
        #expect(try m(try Tensor.randn([3, 16])).shape == [3, 16])
    }

    @Test func errorsNameTheProblem() throws {
        #expect(throws: TensorError.self) { try MultiHeadLatentAttention(10, heads: 4, kvLatentDim: 2) }
        #expect(throws: TensorError.self) { try MultiHeadLatentAttention(8, heads: 2, kvLatentDim: 0) }
        #expect(throws: TensorError.self) { try MultiHeadLatentAttention(8, heads: 2, kvLatentDim: 2, ropeDim: 3) }
        #expect(throws: TensorError.self) { try MultiHeadLatentAttention(8, heads: 2, kvLatentDim: 2, qLatentDim: 0) }
        #expect(throws: TensorError.self) { try MultiHeadLatentAttention(8, heads: 2, kvLatentDim: 2, window: 0) }
        let m = try MultiHeadLatentAttention(8, heads: 2, kvLatentDim: 2)
        #expect(throws: TensorError.self) { try m(try Tensor.zeros([2, 3, 6])) }
        #expect(throws: TensorError.self) { try m.step(try Tensor.zeros([2, 3, 6]), cache: KVCache()) }
    }
}
