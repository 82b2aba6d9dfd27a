import NN
import TensorEngine
import Testing

/// Scaled dot-product attention and multi-head attention (MHA, GQA, MQA; causal, windowed, masked):
/// values against a naive composite and PyTorch, gradients against finite differences.
@Suite(.serialized) struct AttentionTests {
    typealias F = SequenceFixtures
    func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-5) -> Bool { SequenceSupport.close(a, b, tol) }

    /// Attention built from primitives, one (batch, head) at a time with an explicit 0/1 mask.
    func naive(_ q: Tensor, _ k: Tensor, _ v: Tensor, causal: Bool, window: Int?) throws -> Tensor {
        let (b, hq, lq, d) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
        let hkv = k.shape[1], lk = k.shape[2]
        var maskValues = [Float](repeating: 0, count: lq * lk)
        for i in 0..<lq {
            let position = lk - lq + i
            for j in 0..<lk {
                var ok = true
                if causal || window != nil { ok = ok && j <= position }
                if let window { ok = ok && j > position - window }
                maskValues[i * lk + j] = ok ? 0 : -1e9
            }
        }
        let mask = try Tensor(shape: [lq, lk], values: maskValues)
        var outs: [Tensor] = []
        for bi in 0..<b {
            for h in 0..<hq {
                let qh = try q[.at(bi), .at(h)], kh = try k[.at(bi), .at(h / (hq / hkv))], vh = try v[.at(bi), .at(h / (hq / hkv))]
                let scores = try qh.matmul(try kh.transpose()) * (1 / Float(d).squareRoot()) + mask
                outs.append(try scores.softmax(axis: -1).matmul(vh))
            }
        }
        return try Tensor.stack(outs).reshape([b, hq, lq, v.shape[3]])
    }

    @Test func fusedAttentionMatchesTheComposite() throws {
        for (hq, hkv) in [(2, 2), (4, 2), (3, 1)] {
            for (causal, window) in [(false, nil), (true, nil), (true, 2), (false, 3)] as [(Bool, Int?)] {
                let q = try SequenceSupport.random([2, hq, 5, 4], seed: 1), k = try SequenceSupport.random([2, hkv, 5, 4], seed: 2)
                let v = try SequenceSupport.random([2, hkv, 5, 3], seed: 3)
                let fused = try Tensor.scaledDotProductAttention(q, k, v, causal: causal, window: window)
                let reference = try naive(q, k, v, causal: causal, window: window)
                #expect(fused.shape == [2, hq, 5, 3])
                #expect(close(fused.values, reference.values), "heads \(hq)/\(hkv) causal \(causal) window \(String(describing: window))")
            }
        }
    }

    @Test func queriesAreTheLastPositionsWhenFewerThanKeys() throws {
        // Two queries over five keys sit at positions 3 and 4: causal rows equal the last rows of a full run.
        let q = try SequenceSupport.random([1, 2, 5, 4], seed: 4), k = try SequenceSupport.random([1, 2, 5, 4], seed: 5)
        let v = try SequenceSupport.random([1, 2, 5, 4], seed: 6)
        let full = try Tensor.scaledDotProductAttention(q, k, v, causal: true, window: 3)
        let tail = try Tensor.scaledDotProductAttention(try q[.all, .all, .range(3, 5, 1)], k, v, causal: true, window: 3)
        #expect(close(tail.values, try full[.all, .all, .range(3, 5, 1)].values))
    }

    @Test func paddingMaskMatchesPyTorch() throws {
        let q = try SequenceSupport.tensor(F.sdpa_q, [2, 2, 3, 4]), k = try SequenceSupport.tensor(F.sdpa_k, [2, 2, 4, 4])
        let v = try SequenceSupport.tensor(F.sdpa_v, [2, 2, 4, 5])
        let mask = try SequenceSupport.tensor([1, 1, 1, 0, 1, 1, 0, 0], [2, 1, 1, 4]).to(.bool)
        let y = try Tensor.scaledDotProductAttention(q, k, v, attnMask: mask)
        #expect(close(y.values, F.sdpa_pad_y), "max difference \(SequenceSupport.maxDifference(y.values, F.sdpa_pad_y))")
    }

    @Test func aQueryThatSeesNoKeyGetsZeros() throws {
        let q = try SequenceSupport.random([1, 2, 3], seed: 7), k = try SequenceSupport.random([1, 2, 3], seed: 8)
        let v = try SequenceSupport.random([1, 2, 3], seed: 9)
        let mask = try SequenceSupport.tensor([0, 0, 1, 1], [2, 2]).to(.bool)
        let y = try Tensor.scaledDotProductAttention(q, k, v, attnMask: mask)
        #expect(try y[.at(0), .at(0)].values == [0, 0, 0])
        #expect(try y[.at(0), .at(1)].values.allSatisfy { $0 != 0 })
    }

    @Test func multiHeadAttentionMatchesPyTorch() throws {
        let weights: [String: [Float]] = [
            "qProj.weight": F.mha_q_w, "qProj.bias": F.mha_q_b, "kProj.weight": F.mha_k_w, "kProj.bias": F.mha_k_b,
            "vProj.weight": F.mha_v_w, "vProj.bias": F.mha_v_b, "outProj.weight": F.mha_o_w, "outProj.bias": F.mha_o_b,
        ]
        let x = try SequenceSupport.tensor(F.mha_x, [2, 5, 8])
        for (causal, window, expected) in [(true, nil, F.mha_causal_y), (false, nil, F.mha_full_y), (false, 2, F.mha_window2_y)] as [(Bool, Int?, [Float])] {
            let mha = try MultiHeadAttention(8, heads: 4, kvHeads: 2, causal: causal, window: window)
            try SequenceSupport.load(mha, weights)
            let y = try mha(x)
            #expect(y.shape == [2, 5, 8])
            #expect(close(y.values, expected), "causal \(causal) window \(String(describing: window)): max difference \(SequenceSupport.maxDifference(y.values, expected))")
        }
    }

    @Test func headCountsGiveMHAGQAAndMQA() throws {
        seed(0)
        let mha = try MultiHeadAttention(16, heads: 4), gqa = try MultiHeadAttention(16, heads: 4, kvHeads: 2)
        let mqa = try MultiHeadAttention(16, heads: 4, kvHeads: 1)
        #expect(mha.kProj.weight.shape == [16, 16] && gqa.kProj.weight.shape == [8, 16] && mqa.kProj.weight.shape == [4, 16])
        #expect(mha.parameterCount == 4 * (16 * 16 + 16))
        #expect(mqa.parameterCount == 2 * (16 * 16 + 16) + 2 * (16 * 4 + 4))
        #expect(mha.summaryName == "MultiHeadAttention(16, heads: 4)")
        #expect(try MultiHeadAttention(16, heads: 4, kvHeads: 1, causal: true, window: 8).summaryName
                == "MultiHeadAttention(16, heads: 4, kvHeads: 1, causal: true, window: 8)")
        // Unbatched input and cross-attention over a longer memory.
        #expect(try gqa(try Tensor.randn([3, 16])).shape == [3, 16])
        #expect(try gqa.forward(query: try Tensor.randn([2, 3, 16]), key: try Tensor.randn([2, 7, 16]),
                                value: try Tensor.randn([2, 7, 16])).shape == [2, 3, 16])
    }

    @Test func errorsNameTheProblem() throws {
        #expect(throws: TensorError.self) { try MultiHeadAttention(10, heads: 4) }
        #expect(throws: TensorError.self) { try MultiHeadAttention(16, heads: 4, kvHeads: 3) }
        #expect(throws: TensorError.self) { try MultiHeadAttention(16, heads: 4, window: 0) }
        let mha = try MultiHeadAttention(8, heads: 2)
        #expect(throws: TensorError.self) { try mha(try Tensor.zeros([2, 3, 6])) }
        let q = try Tensor.zeros([1, 4, 3, 2])
        #expect(throws: TensorError.self) { try Tensor.scaledDotProductAttention(q, try Tensor.zeros([1, 3, 3, 2]), try Tensor.zeros([1, 3, 3, 2])) }
        #expect(throws: TensorError.self) { try Tensor.scaledDotProductAttention(q, try Tensor.zeros([1, 4, 3, 5]), try Tensor.zeros([1, 4, 3, 2])) }
        #expect(throws: TensorError.self) { try Tensor.scaledDotProductAttention(q, q, try Tensor.zeros([1, 4, 2, 2])) }
        #expect(throws: TensorError.self) { try Tensor.scaledDotProductAttention(q, q, q, attnMask: try Tensor.zeros([2, 3])) }
        #expect(throws: TensorError.self) { try Tensor.scaledDotProductAttention(q, q, q, attnMask: try Tensor.zeros([3, 3], dtype: .int64)) }
        #expect(throws: TensorError.self) { try Tensor.scaledDotProductAttention(q, q, q, dropoutP: 1.5) }
        #expect(throws: TensorError.self) { try Tensor.scaledDotProductAttention(q, q, q, window: 0) }
    }

    // MARK: gradients

    @Test func attentionGradientsWithGroupsCausalityAndWindow() throws {
        let inputs = [try SequenceSupport.random([1, 4, 3, 2], seed: 20), try SequenceSupport.random([1, 2, 4, 2], seed: 21),
                      try SequenceSupport.random([1, 2, 4, 3], seed: 22)]
        for (causal, window) in [(false, nil), (true, nil), (true, 2)] as [(Bool, Int?)] {
            #expect(try gradcheck({ a in try Tensor.scaledDotProductAttention(a[0], a[1], a[2], causal: causal, window: window) }, inputs))
        }
        let mask = try SequenceSupport.tensor([1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0], [3, 4]).to(.bool)
        #expect(try gradcheck({ a in try Tensor.scaledDotProductAttention(a[0], a[1], a[2], attnMask: mask, scale: 0.7) }, inputs))
        let bias = try SequenceSupport.random([3, 4], seed: 23)
        #expect(try gradcheck({ a in try Tensor.scaledDotProductAttention(a[0], a[1], a[2], causal: true, attnMask: bias) }, inputs))
        // A floating mask that takes a gradient (a learned bias), with −∞ terms and a query that sees no key.
        let hiding = try Tensor(shape: [3, 4], values: [0, -.infinity, 0, 0, -.infinity, -.infinity, -.infinity, -.infinity, 0, 0, 0, 0])
        #expect(try gradcheck({ a in try Tensor.scaledDotProductAttention(a[0], a[1], a[2], attnMask: a[3] + hiding) }, inputs + [bias]))
    }

    @Test func aLearnedMaskAgreesWithTheFusedKernel() throws {
        let q = try SequenceSupport.random([2, 2, 3, 4], seed: 24), k = try SequenceSupport.random([2, 2, 5, 4], seed: 25)
        let v = try SequenceSupport.random([2, 2, 5, 4], seed: 26)
        let bias = try SequenceSupport.random([2, 1, 3, 5], seed: 27)
        let fused = try Tensor.scaledDotProductAttention(q, k, v, window: 3, attnMask: bias)
        let learned = bias.detach()
        learned.requiresGrad = true
        let composed = try Tensor.scaledDotProductAttention(q, k, v, window: 3, attnMask: learned)
        #expect(close(fused.values, composed.values))
        try composed.sum().backward()
        #expect(learned.grad?.shape == [2, 1, 3, 5])
    }

    @Test func packedLayoutGradients() throws {
        // [batch, L, heads·dim] inputs as the projections give them, MQA (one key/value head).
        let inputs = [try SequenceSupport.random([2, 3, 4], seed: 30), try SequenceSupport.random([2, 3, 2], seed: 31),
                      try SequenceSupport.random([2, 3, 2], seed: 32)]
        #expect(try gradcheck({ a in
            try Tensor.multiHeadAttention(query: a[0], key: a[1], value: a[2], heads: 2, kvHeads: 1, causal: true)
        }, inputs))
    }

    @Test func moduleGradientsReachInputAndWeights() throws {
        seed(40)
        let mha = try MultiHeadAttention(4, heads: 2, kvHeads: 1, causal: true)
        #expect(try gradcheck({ a in try mha(a[0]) }, [try Tensor.randn([2, 3, 4])]))
        try mha(try Tensor.randn([2, 3, 4])).sum().backward()
        #expect(mha.parameters().allSatisfy { $0.grad != nil })
    }
}
