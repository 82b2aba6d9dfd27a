import NN
import TensorEngine
import Testing

/// `summary(costs: true)`: bytes read and written per layer, the hot spots and the KV cache, against hand counts.
@Suite(.serialized) struct SummaryCostsTests {
    @Test func aLinearLayerReadsItsInputAndWeightsAndWritesItsOutput() throws {
        let model = Sequential(try Linear(6, 5), Activation.relu)
        var s = try summary(model, input: [4, 6])
        // linear reads x (4·6), the weight (5·6) and the bias (5) and writes 4·5 floats; relu reads and
        // writes 4·5.
        #expect(s.rows.map(\.bytesRead) == [4 * (24 + 30 + 5), 4 * 20])
        #expect(s.rows.map(\.bytesWritten) == [4 * 20, 4 * 20])
        #expect(s.bytesRead == 4 * (59 + 20) && s.bytesWritten == 4 * 40)
        #expect(!s.description.contains("Read") && !s.description.contains("Hot spots"))
        s.showsCosts = true
        #expect(s.description.contains("Memory traffic: 316 B read, 160 B written"))
        #expect(s.description.contains("Hot spots: 0 Linear(6, 5) 120 MACs (100%), 1 ReLU() 160 B moved"))
    }

    @Test func aHotSpotIsAContainersOwnWorkWithoutItsChildren() throws {
        let (b, n, d, h, ff) = (2, 5, 16, 4, 32)
        let layer = try TransformerEncoderLayer(d, nhead: h, options: TransformerLayerOptions(dimFeedforward: ff))
        let s = try summary(layer, input: [b, n, d])
        // self_attn runs the packed q, k, v projection and the scores itself (3·N·d² + 2·N²·d per sample);
        // out_proj is its child (N·d²); the feed-forward layers run N·d·ff each.
        let spots = s.hotSpots.map { ($0.row.name, $0.macs) }
        #expect(spots.map(\.0) == ["self_attn", "linear1", "linear2"])
        #expect(spots.map(\.1) == [b * (3 * n * d * d + 2 * n * n * d), b * n * d * ff, b * n * d * ff])
    }

    @Test func theKVCacheIsAKeyAndAValuePerKeyValueHeadPerLayer() throws {
        let (b, n, d, h, kv) = (3, 7, 32, 8, 2)
        let model = Sequential(try TransformerBlock(d, heads: h, kvHeads: kv), try TransformerBlock(d, heads: h, kvHeads: kv))
        var s = try summary(model, input: [b, n, d])
        // Grouped-query attention keeps kvHeads heads of width d/h for keys and for values, in each of 2 layers.
        let perLayer = 2 * kv * (d / h) * 4
        #expect(s.cacheBytesPerToken == 2 * perLayer)
        s.showsCosts = true
        #expect(s.description.contains("KV cache: \(2 * perLayer) B per token of a sequence"))
        #expect(s.description.contains("KV cache \(perLayer) B per token"))
    }

    @Test func theKVCacheIsPerSequenceWhateverTheLayout() throws {
        // A key and a value of width 64 a token: 512 bytes, unbatched, batch-first or sequence-first.
        #expect(try summary(try TransformerBlock(64, heads: 4), input: [16, 64]).cacheBytesPerToken == 512)
        #expect(try summary(try TransformerBlock(64, heads: 4), input: [3, 16, 64]).cacheBytesPerToken == 512)
        let seqFirst = try TransformerEncoderLayer(16, nhead: 2, options: TransformerLayerOptions(dimFeedforward: 32, batchFirst: false))
        #expect(try summary(seqFirst, input: [5, 2, 16]).cacheBytesPerToken == 2 * 16 * 4)
    }

    @Test func aLookupReadsOnlyTheRowsItPicks() throws {
        // 4 rows of 256 floats out of a 50,000-row table.
        let s = try summary(Sequential(try Embedding(50_000, 256), try Linear(256, 4)), input: [1, 4])
        #expect(s.rows[0].bytesRead == 4 * 256 * 4 && s.rows[0].bytesWritten == 4 * 256 * 4)
    }

    @Test func opsOnTensorsThatTrackNoGradientMoveNoCountedBytes() throws {
        let model = Sequential(try Linear(3, 2))
        for p in model.parameters() { p.requiresGrad = false }
        let s = try summary(model, input: [2, 3])
        #expect(s.bytesRead == 0 && s.rows[0].macs == 2 * 3 * 2)
    }

    @Test func crossAttentionGrowsNoCacheAndAHalfModelKeepsHalfTheBytes() throws {
        // A decoder layer's self-attention caches a key and a value of width 16 a token; its attention over
        // the encoder's memory is computed once, not token by token.
        let decoder = try TransformerDecoderLayer(16, nhead: 2, options: TransformerLayerOptions(dimFeedforward: 32, dropout: 0))
        let x = try Tensor.randn([1, 5, 16])
        let (_, counter) = try Tensor.countingOperations { _ = try decoder.forward(x, memory: try x * 2) }
        #expect(counter.total.cacheBytesPerToken == 2 * 16 * 4)
        let half = Sequential(try Embedding(10, 8), try TransformerBlock(8, heads: 2, causal: true), try Linear(8, 10))
        try half.to(.float16)
        #expect(try summary(half, input: [1, 4]).cacheBytesPerToken == 2 * 8 * 2)
    }

    @Test func parametersCountTheirOwnBytes() throws {
        let model = try Linear(2, 3)
        try model.to(.float64)
        #expect(try summary(model, input: [1, 2]).parameterBytes == 9 * 8)
    }
}
