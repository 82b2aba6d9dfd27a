import NN
import TensorEngine
import Testing
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// PyTorch's attention options (masks, returned weights, dropout), the Transformer encoder and decoder
/// layers, rope and ALiBi: gradients of the first and second order against finite differences, and the
/// behaviour the differential cases cannot see (dropout, cloning, causality).
@Suite(.serialized) struct TransformerLayerTests {
    /// A float64 tensor from the seeded generator.
    func random(_ shape: [Int]) throws -> Tensor { try Tensor.randn(shape, dtype: .float64) }

    @Test func maskedAttentionGradientsOfEveryOrder() throws {
        seed(11)
        let mha = try MultiHeadAttention(4, heads: 2, kvHeads: 1, causal: true)
        try mha.double()
        let pad = try Tensor(shape: [2, 3], elements: [false, false, true, false, false, false], dtype: .bool)
        let fn: ([Tensor]) throws -> Tensor = { a in
            let masks = AttentionMasks(attnMask: a[2], keyPaddingMask: pad, needWeights: true)
            let (out, weights) = try mha.forward(query: a[0], key: a[1], value: a[1], masks: masks)
            return try out.sum(axis: -1) + weights!.sum(axis: -1)
        }
        let inputs = [try random([2, 3, 4]), try random([2, 3, 4]), try random([3, 3])]
        #expect(try gradcheck(fn, inputs))
        #expect(try gradgradcheck(fn, inputs))
    }

    @Test func maskedPathAgreesWithTheFusedKernelWithoutMasks() throws {
        seed(12)
        let mha = try MultiHeadAttention(8, heads: 4, kvHeads: 2, causal: true, window: 2)
        let x = try Tensor.randn([2, 5, 8])
        let fused = try mha(x)
        let (composed, weights) = try mha.forward(query: x, key: x, value: x, masks: AttentionMasks(needWeights: true))
        #expect(try (fused - composed).abs().max().item() < 1e-5)
        #expect(weights?.shape == [2, 5, 5])
        // The window hides every key more than one position back.
        #expect(try weights![.at(0), .at(4), .at(2)].item() == 0)
    }

    @Test func attentionDropoutActsInTrainingOnly() throws {
        seed(13)
        let mha = try MultiHeadAttention(8, heads: 2, dropout: 0.5)
        let x = try Tensor.randn([2, 4, 8])
        #expect(try (mha(x) - mha(x)).abs().max().item() > 0)
        mha.eval()
        #expect(try (mha(x) - mha(x)).abs().max().item() == 0)
        #expect(throws: TensorError.self) { try MultiHeadAttention(8, heads: 2, dropout: 1.5) }
    }

    @Test func encoderAndDecoderGradients() throws {
        seed(14)
        let options = TransformerLayerOptions(dimFeedforward: 6, dropout: 0, activation: .gelu, normFirst: true)
        let enc = try TransformerEncoderLayer(4, nhead: 2, options: options)
        let dec = try TransformerDecoderLayer(4, nhead: 2, options: TransformerLayerOptions(dimFeedforward: 6, dropout: 0))
        try enc.double()
        try dec.double()
        #expect(try gradcheck({ a in try enc.forward(a[0], srcMask: nil, isCausal: true) }, [try random([2, 3, 4])]))
        #expect(try gradcheck({ a in try dec.forward(a[0], memory: a[1], masks: DecoderMasks(tgtIsCausal: true)) },
                              [try random([2, 3, 4]), try random([2, 4, 4])]))
        #expect(try gradgradcheck({ a in try enc.forward(a[0], srcMask: a[1]) }, [try random([1, 3, 4]), try random([3, 3])]))
    }

    @Test func stacksCloneTheLayer() throws {
        seed(15)
        let layer = try TransformerEncoderLayer(8, nhead: 2, options: TransformerLayerOptions(dimFeedforward: 16))
        let stack = try TransformerEncoder(layer, numLayers: 2)
        let named = Dictionary(uniqueKeysWithValues: stack.namedParameters())
        #expect(named["layers.1.self_attn.in_proj_weight"]?.values == layer.selfAttn.inProjWeight.values)
        #expect(named["layers.0.linear1.weight"] !== named["layers.1.linear1.weight"])
        #expect(throws: TensorError.self) { try TransformerEncoder(layer, numLayers: 0) }
    }

    @Test func decoderSelfAttentionIsCausal() throws {
        seed(16)
        let dec = try TransformerDecoderLayer(8, nhead: 2, options: TransformerLayerOptions(dimFeedforward: 16))
        dec.eval()
        let tgt = try Tensor.randn([1, 4, 8]), memory = try Tensor.randn([1, 3, 8])
        let changed = try Tensor.concat([tgt[.all, .range(0, 3, 1)], try Tensor.zeros([1, 1, 8])], axis: 1)
        let a = try dec.forward(tgt, memory: memory, masks: DecoderMasks(tgtIsCausal: true))
        let b = try dec.forward(changed, memory: memory, masks: DecoderMasks(tgtIsCausal: true))
        #expect(try (a[.all, .range(0, 3, 1)] - b[.all, .range(0, 3, 1)]).abs().max().item() < 1e-6)
    }

    @Test func ropeKeepsNormsAndDependsOnOffsetsOnly() throws {
        seed(17)
        let q = try random([1, 8]), k = try random([1, 8])
        func dot(_ p: Double, _ r: Double) throws -> Double {
            try (PositionalEncoding.rope(q, positions: [p]) * PositionalEncoding.rope(k, positions: [r])).sum().itemValue()
        }
        #expect(Swift.abs(try dot(5, 2) - dot(13, 10)) < 1e-12)
        #expect(try gradcheck({ a in try PositionalEncoding.rope(a[0], positions: [0, 3, 4]) }, [try random([2, 3, 6])]))
        #expect(throws: TensorError.self) { try PositionalEncoding.rope(try Tensor.zeros([2, 3]), positions: [1]) }
    }

    @Test func alibiSlopesFollowThePaper() throws {
        #expect(try PositionalEncoding.alibiSlopes(8) == (1...8).map { pow(2, -Double($0)) })
        #expect(try PositionalEncoding.alibiSlopes(3) == [pow(2, -4), pow(2, -8), pow(2, -2)])
        let bias = try PositionalEncoding.alibiBias(heads: 2, length: 3)
        #expect(bias.shape == [2, 3, 3])
        #expect(try bias[.at(0), .at(2), .at(0)].item() == -0.125)
    }
}
