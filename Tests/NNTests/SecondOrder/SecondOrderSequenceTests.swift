import NN
import TensorEngine
import Testing

/// Second derivatives through attention and the recurrent layers, whose float32 rules are fused
/// kernels: each input is checked by `gradgradcheck` in float64, the float32 kernels' composite forms
/// agree with float64, and a gradient penalty through whole layers reaches their parameters.
@Suite(.serialized) struct SecondOrderSequenceTests {
    /// The options of `scaledDotProductAttention` that change which keys a query sees.
    static var attentionOptions: [(String, ([Tensor], Tensor) throws -> Tensor)] { [
        ("plain", { t, _ in try Tensor.scaledDotProductAttention(t[0], t[1], t[2]) }),
        ("causal", { t, _ in try Tensor.scaledDotProductAttention(t[0], t[1], t[2], causal: true) }),
        ("causal top-left", { t, _ in try Tensor.scaledDotProductAttention(t[0], t[1], t[2], causal: true, causalAlignment: .topLeft) }),
        ("window", { t, _ in try Tensor.scaledDotProductAttention(t[0], t[1], t[2], window: 2, scale: 0.8) }),
        ("mask", { t, mask in try Tensor.scaledDotProductAttention(t[0], t[1], t[2], attnMask: mask) }),
    ] }

    @Test func attentionDifferentiatesTwiceForEveryInputAndMask() throws {
        seed(31)
        // Two queries over three keys (so the alignments differ); the mask hides every key of one query.
        let q = try Tensor.randn([2, 2, 3]), k = try Tensor.randn([2, 3, 3]), v = try Tensor.randn([2, 3, 2])
        let mask = try Tensor(shape: [2, 3], values: [1, 0, 1, 0, 0, 0]).to(.bool)
        for (name, attend) in Self.attentionOptions {
            #expect(try gradgradcheck({ try attend($0, mask) }, [q, k, v]), "\(name)")
        }
    }

    @Test func groupedAndProjectedAttentionDifferentiateTwice() throws {
        seed(32)
        // Two query heads sharing one key/value head.
        let q = try Tensor.randn([1, 2, 3, 2]), k = try Tensor.randn([1, 1, 3, 2]), v = try Tensor.randn([1, 1, 3, 2])
        #expect(try gradgradcheck({ try Tensor.scaledDotProductAttention($0[0], $0[1], $0[2], causal: true) }, [q, k, v]))
        let pq = try Tensor.randn([1, 3, 4]), pk = try Tensor.randn([1, 3, 2]), pv = try Tensor.randn([1, 3, 2])
        #expect(try gradgradcheck({ try Tensor.multiHeadAttention(query: $0[0], key: $0[1], value: $0[2], heads: 2, kvHeads: 1,
                                                                  causal: true) }, [pq, pk, pv]))
    }

    @Test func recurrencesDifferentiateTwiceForEveryInput() throws {
        seed(33)
        let x = try Tensor.randn([2, 3, 2]), h0 = try Tensor.randn([2, 2]), c0 = try Tensor.randn([2, 2])
        func weights(_ gates: Int) throws -> [Tensor] {
            [try Tensor.randn([gates * 2, 2]), try Tensor.randn([gates * 2, 2]), try Tensor.randn([gates * 2]), try Tensor.randn([gates * 2])]
        }
        let rnn = try weights(1), lstm = try weights(4), gru = try weights(3)
        #expect(try gradgradcheck({ try Tensor.rnnSequence($0[0], h0: $0[1], weightIH: $0[2], weightHH: $0[3], biasIH: $0[4],
                                                            biasHH: $0[5]) }, [x, h0] + rnn))
        #expect(try gradgradcheck({ try Tensor.rnnSequence($0[0], h0: $0[1], weightIH: $0[2], weightHH: $0[3], biasIH: nil,
                                                            biasHH: $0[4], nonlinearity: .relu) }, [x, h0] + rnn.prefix(2) + [rnn[3]]))
        #expect(try gradgradcheck({ try Tensor.lstmSequence($0[0], h0: $0[1], c0: $0[2], weightIH: $0[3], weightHH: $0[4],
                                                             biasIH: $0[5], biasHH: $0[6]) }, [x, h0, c0] + lstm))
        #expect(try gradgradcheck({ try Tensor.gruSequence($0[0], h0: $0[1], weightIH: $0[2], weightHH: $0[3], biasIH: $0[4],
                                                            biasHH: $0[5]) }, [x, h0] + gru))
        #expect(try gradgradcheck({ try Tensor.gruSequence($0[0], h0: $0[1], weightIH: $0[2], weightHH: $0[3], biasIH: $0[4],
                                                            biasHH: nil) }, [x, h0] + gru.prefix(3)))
    }

    @Test func float32KernelsUseTheirCompositeForm() throws {
        seed(34)
        let q = try Tensor.randn([2, 2, 3, 4]), k = try Tensor.randn([2, 1, 5, 4]), v = try Tensor.randn([2, 1, 5, 3])
        let mask = try Tensor.randn([3, 5]) > Tensor(-0.5)
        for (name, attend) in Self.attentionOptions {
            #expect(try secondDerivativesAgreeAcrossTypes({ try attend($0, mask) }, [q, k, v]), "attention \(name)")
        }
        let pq = try Tensor.randn([2, 3, 4]), pkv = try Tensor.randn([2, 4, 2])
        #expect(try secondDerivativesAgreeAcrossTypes({ try Tensor.multiHeadAttention(query: $0[0], key: $0[1], value: $0[2],
                                                                                      heads: 2, kvHeads: 1) }, [pq, pkv, pkv]),
                "multiHeadAttention")

        let x = try Tensor.randn([2, 4, 3]), h0 = try Tensor.randn([2, 3]), c0 = try Tensor.randn([2, 3])
        func weights(_ gates: Int) throws -> [Tensor] {
            [try Tensor.randn([gates * 3, 3]), try Tensor.randn([gates * 3, 3]), try Tensor.randn([gates * 3]), try Tensor.randn([gates * 3])]
        }
        let rnn = try weights(1), lstm = try weights(4), gru = try weights(3)
        #expect(try secondDerivativesAgreeAcrossTypes({ try Tensor.rnnSequence($0[0], h0: $0[1], weightIH: $0[2], weightHH: $0[3],
                                                                               biasIH: $0[4], biasHH: $0[5]) }, [x, h0] + rnn), "rnn")
        #expect(try secondDerivativesAgreeAcrossTypes({ try Tensor.lstmSequence($0[0], h0: $0[1], c0: $0[2], weightIH: $0[3],
                                                                                weightHH: $0[4], biasIH: $0[5], biasHH: $0[6]) },
                                                      [x, h0, c0] + lstm), "lstm")
        #expect(try secondDerivativesAgreeAcrossTypes({ try Tensor.gruSequence($0[0], h0: $0[1], weightIH: $0[2], weightHH: $0[3],
                                                                               biasIH: nil, biasHH: $0[4]) }, [x, h0] + gru.prefix(2) + [gru[3]]),
                "gru")
    }

    @Test func gradientPenaltyThroughATransformerBlockReachesItsParameters() throws {
        seed(35)
        let block = try TransformerBlock(4, heads: 2, kvHeads: 1, hidden: 8, causal: true)
        try expectPenaltyGradientMatchesFiniteDifferences(block, input: try Tensor.randn([2, 3, 4]))
    }

    @Test func gradientPenaltyThroughAnLSTMReachesItsParameters() throws {
        seed(36)
        let lstm = try LSTM(3, 4, numLayers: 2)
        try expectPenaltyGradientMatchesFiniteDifferences(lstm, input: try Tensor.randn([2, 3, 3]))
    }

    /// A recurrent stack over a padded batch with fixed lengths, as a plain module.
    final class Padded: Module {
        let stack: any RecurrentModule, lengths: [Int]
        var isTraining = true
        let forwardHooks = ForwardHooks()
        init(_ stack: any RecurrentModule, lengths: [Int]) { self.stack = stack; self.lengths = lengths }
        var children: [(String, any Module)] { [("stack", stack)] }
        func forward(_ x: Tensor) throws -> Tensor {
            let (y, s) = try stack.forward(x, state: nil, lengths: lengths)
            return try Tensor.concat([y.flatten(), s.h.flatten()] + (s.c.map { [$0.flatten()] } ?? []))
        }
    }

    @Test func gradientPenaltyThroughBidirectionalStacksWithLengthsReachesTheirParameters() throws {
        seed(38)
        try expectPenaltyGradientMatchesFiniteDifferences(Padded(try LSTM(2, 3, bidirectional: true), lengths: [3, 1]),
                                                          input: try Tensor.randn([2, 3, 2]))
        try expectPenaltyGradientMatchesFiniteDifferences(Padded(try GRU(2, 2, numLayers: 2, bidirectional: true), lengths: [2, 3]),
                                                          input: try Tensor.randn([2, 3, 2]))
    }

    @Test func recurrentLayersDifferentiateTwiceInFloat32() throws {
        seed(37)
        let layers: [(String, any Module)] = [
            ("RNN", try RNN(3, 4, numLayers: 2)), ("GRU", try GRU(3, 4, numLayers: 2)),
            ("MultiHeadAttention", try MultiHeadAttention(3, heads: 3, causal: true)),
        ]
        for (name, layer) in layers {
            let x = try Tensor.randn([2, 3, 3])
            x.requiresGrad = true
            let g = try #require(try Tensor.gradients(of: [try layer(x).pow(2).sum()], withRespectTo: [x], createGraph: true)[0])
            let second = try Tensor.gradients(of: [try (g * g).sum()], withRespectTo: [x] + layer.parameters(), allowUnused: true)
            #expect(second[0] != nil && second.compactMap { $0 }.count > 1, "\(name)")
        }
    }

    /// The gradient of the penalty `Σ (∂L/∂x)²`, `L = Σ model(x)·r`, with respect to the model's
    /// parameters: in float32 through the fused kernels with `createGraph`, against central differences
    /// of the penalty that first-order gradients give in float64.
    private func expectPenaltyGradientMatchesFiniteDifferences(_ model: any Module, input: Tensor) throws {
        func penalty(createGraph: Bool) throws -> Tensor {
            let x = try input.to(model.dtype).detach()
            x.requiresGrad = true
            let y = try model(x)
            let r = try Tensor(shape: y.shape, elements: (0..<y.count).map { Double($0 % 5) - 1.7 }, dtype: y.dtype)
            let g = try #require(try Tensor.gradients(of: [try (y * r).sum()], withRespectTo: [x], createGraph: createGraph)[0])
            return try (g * g).sum()
        }
        let parameters = model.parameters()
        // A parameter the penalty does not depend on (the last bias: ∂L/∂x does not see it) gets zeros.
        let analytic = try zip(Tensor.gradients(of: [try penalty(createGraph: true)], withRespectTo: parameters,
                                                allowUnused: true), parameters)
            .map { g, p in g?.elements(as: Double.self) ?? Array(repeating: 0, count: p.count) }

        try model.to(.float64)
        let eps = 1e-6
        for (p, a) in zip(parameters, analytic) {
            let original = p.elements(as: Double.self)
            // A few elements of every parameter keep the differences cheap.
            for i in Set([0, original.count / 2, original.count - 1]) {
                func shifted(_ delta: Double) throws -> Double {
                    var values = original
                    values[i] += delta
                    try p.assign(try Tensor(shape: p.shape, elements: values, dtype: .float64))
                    return try penalty(createGraph: false).elements(as: Double.self)[0]
                }
                let numeric = (try shifted(eps) - shifted(-eps)) / (2 * eps)
                try p.assign(try Tensor(shape: p.shape, elements: original, dtype: .float64))
                #expect(abs(a[i] - numeric) <= 2e-3 * max(1, abs(numeric)), "element \(i) of a \(p.shape) parameter: \(a[i]) vs \(numeric)")
            }
        }
    }
}
