import NN
import TensorEngine
import Testing

/// RNN, LSTM and GRU: values against PyTorch, gradients against finite differences, shapes and errors.
@Suite(.serialized) struct RecurrentTests {
    typealias F = SequenceFixtures
    func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-5) -> Bool { SequenceSupport.close(a, b, tol) }

    func names(_ prefix: String, layers: Int, _ fixture: (String) -> [Float]) -> [String: [Float]] {
        var out: [String: [Float]] = [:]
        for l in 0..<layers {
            for kind in ["weight_ih", "weight_hh", "bias_ih", "bias_hh"] {
                out["\(kind)_l\(l)"] = fixture("\(prefix)_\(kind)_l\(l)")
            }
        }
        return out
    }

    static let lstmWeights: [String: [Float]] = [
        "weight_ih_l0": F.lstm_weight_ih_l0, "weight_hh_l0": F.lstm_weight_hh_l0,
        "bias_ih_l0": F.lstm_bias_ih_l0, "bias_hh_l0": F.lstm_bias_hh_l0,
        "weight_ih_l1": F.lstm_weight_ih_l1, "weight_hh_l1": F.lstm_weight_hh_l1,
        "bias_ih_l1": F.lstm_bias_ih_l1, "bias_hh_l1": F.lstm_bias_hh_l1,
    ]

    @Test func lstmMatchesPyTorch() throws {
        let lstm = try LSTM(3, 4, numLayers: 2)
        try SequenceSupport.load(lstm, Self.lstmWeights)
        let x = try SequenceSupport.tensor(F.lstm_x, [2, 3, 3])
        let state = RecurrentState(h: try SequenceSupport.tensor(F.lstm_h0, [2, 2, 4]),
                                   c: try SequenceSupport.tensor(F.lstm_c0, [2, 2, 4]))
        let (y, s) = try lstm.forward(x, state: state)
        #expect(y.shape == [2, 3, 4] && s.h.shape == [2, 2, 4] && s.c?.shape == [2, 2, 4])
        #expect(close(y.values, F.lstm_y), "max difference \(SequenceSupport.maxDifference(y.values, F.lstm_y))")
        #expect(close(s.h.values, F.lstm_hn))
        #expect(close(s.c!.values, F.lstm_cn))
    }

    @Test func gruMatchesPyTorch() throws {
        let gru = try GRU(3, 4, numLayers: 2)
        try SequenceSupport.load(gru, [
            "weight_ih_l0": F.gru_weight_ih_l0, "weight_hh_l0": F.gru_weight_hh_l0,
            "bias_ih_l0": F.gru_bias_ih_l0, "bias_hh_l0": F.gru_bias_hh_l0,
            "weight_ih_l1": F.gru_weight_ih_l1, "weight_hh_l1": F.gru_weight_hh_l1,
            "bias_ih_l1": F.gru_bias_ih_l1, "bias_hh_l1": F.gru_bias_hh_l1,
        ])
        let x = try SequenceSupport.tensor(F.gru_x, [2, 3, 3])
        let (y, s) = try gru.forward(x, state: RecurrentState(h: try SequenceSupport.tensor(F.gru_h0, [2, 2, 4])))
        #expect(close(y.values, F.gru_y), "max difference \(SequenceSupport.maxDifference(y.values, F.gru_y))")
        #expect(close(s.h.values, F.gru_hn))
        #expect(s.c == nil)
    }

    @Test func rnnMatchesPyTorch() throws {
        let rnn = try RNN(3, 4, numLayers: 2)
        try SequenceSupport.load(rnn, [
            "weight_ih_l0": F.rnn_weight_ih_l0, "weight_hh_l0": F.rnn_weight_hh_l0,
            "bias_ih_l0": F.rnn_bias_ih_l0, "bias_hh_l0": F.rnn_bias_hh_l0,
            "weight_ih_l1": F.rnn_weight_ih_l1, "weight_hh_l1": F.rnn_weight_hh_l1,
            "bias_ih_l1": F.rnn_bias_ih_l1, "bias_hh_l1": F.rnn_bias_hh_l1,
        ])
        let (y, s) = try rnn.forward(try SequenceSupport.tensor(F.rnn_x, [2, 3, 3]), state: nil)
        #expect(close(y.values, F.rnn_y))
        #expect(close(s.h.values, F.rnn_hn))

        let relu = try RNN(3, 4, nonlinearity: .relu)
        try SequenceSupport.load(relu, [
            "weight_ih_l0": F.rnnrelu_weight_ih_l0, "weight_hh_l0": F.rnnrelu_weight_hh_l0,
            "bias_ih_l0": F.rnnrelu_bias_ih_l0, "bias_hh_l0": F.rnnrelu_bias_hh_l0,
        ])
        #expect(close(try relu(try SequenceSupport.tensor(F.rnnrelu_x, [2, 3, 3])).values, F.rnnrelu_y))
    }

    @Test func parametersFollowPyTorchNamesShapesAndInit() throws {
        seed(0)
        let lstm = try LSTM(5, 6, numLayers: 2)
        #expect(lstm.namedParameters().map(\.0) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                                                    "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"])
        #expect(lstm.namedParameters().map(\.1.shape) == [[24, 5], [24, 6], [24], [24], [24, 6], [24, 6], [24], [24]])
        let bound = 1 / Float(6).squareRoot()
        #expect(lstm.parameters().allSatisfy { $0.requiresGrad && $0.values.allSatisfy { Swift.abs($0) <= bound } })
        #expect(try GRU(5, 6).parameterCount == 3 * 6 * (5 + 6 + 2))
        #expect(try RNN(5, 6, bias: false).parameterCount == 6 * (5 + 6))
        #expect(lstm.summaryName == "LSTM(5, 6, numLayers: 2)")
        #expect(try RNN(2, 3, nonlinearity: .relu).summaryName == "RNN(2, 3, nonlinearity: \"relu\")")
    }

    @Test func unbatchedInputsAndZeroInitialState() throws {
        seed(3)
        let lstm = try LSTM(3, 4)
        let x = try Tensor.randn([5, 3])
        let (y, s) = try lstm.forward(x, state: nil)
        #expect(y.shape == [5, 4] && s.h.shape == [1, 4] && s.c!.shape == [1, 4])
        let (yb, sb) = try lstm.forward(try x.unsqueeze(axis: 0), state: nil)
        #expect(y.values == yb.values && s.h.values == sb.h.values)
        // A zero initial state given explicitly is the default.
        let zero = RecurrentState(h: try Tensor.zeros([1, 1, 4]), c: try Tensor.zeros([1, 1, 4]))
        #expect(try lstm.forward(try x.unsqueeze(axis: 0), state: zero).output.values == yb.values)
        // The last output is the final hidden state.
        #expect(try yb[.all, .at(-1)].values == sb.h.values)
    }

    @Test func carryingTheStateEqualsOneLongRun() throws {
        seed(4)
        for model in [try LSTM(2, 3, numLayers: 2) as any RecurrentModule, try GRU(2, 3, numLayers: 2), try RNN(2, 3)] {
            let x = try Tensor.randn([2, 6, 2])
            let (whole, end) = try model.forward(x, state: nil)
            let (first, mid) = try model.forward(try x[.all, .range(0, 4, 1)], state: nil)
            let (second, end2) = try model.forward(try x[.all, .range(4, 6, 1)], state: mid)
            #expect(close(try Tensor.concat([first, second], axis: 1).values, whole.values))
            #expect(close(end2.h.values, end.h.values))
            if let c = end.c { #expect(close(end2.c!.values, c.values)) }
        }
    }

    @Test func errorsNameTheShapes() throws {
        let lstm = try LSTM(3, 4)
        #expect(throws: TensorError.self) { try lstm(try Tensor.zeros([2, 5, 2])) }
        #expect(throws: TensorError.self) { try lstm(try Tensor.zeros([2, 0, 3])) }
        #expect(throws: TensorError.self) { try lstm(try Tensor.zeros([3])) }
        #expect(throws: TensorError.self) {
            try lstm.forward(try Tensor.zeros([2, 5, 3]), state: RecurrentState(h: try Tensor.zeros([1, 3, 4]), c: try Tensor.zeros([1, 3, 4])))
        }
        #expect(throws: TensorError.self) {
            try lstm.forward(try Tensor.zeros([2, 5, 3]), state: RecurrentState(h: try Tensor.zeros([1, 2, 4])))
        }
        #expect(throws: TensorError.self) { try LSTM(0, 4) }
        #expect(throws: TensorError.self) { try GRU(3, 4, numLayers: 0) }
        do {
            _ = try lstm(try Tensor.zeros([2, 5, 2]))
        } catch let e as TensorError {
            #expect(e.kind == .shape && e.message.contains("[2, 5, 2]"))
        }
    }

    // MARK: gradients of the fused ops against central differences

    @Test func lstmSequenceGradients() throws {
        let inputs = [try SequenceSupport.random([2, 3, 2], seed: 10), try SequenceSupport.random([2, 2], seed: 11, scale: 0.5),
                      try SequenceSupport.random([2, 2], seed: 12, scale: 0.5), try SequenceSupport.random([8, 2], seed: 13, scale: 0.5),
                      try SequenceSupport.random([8, 2], seed: 14, scale: 0.5), try SequenceSupport.random([8], seed: 15, scale: 0.5),
                      try SequenceSupport.random([8], seed: 16, scale: 0.5)]
        #expect(try gradcheck({ a in
            try Tensor.lstmSequence(a[0], h0: a[1], c0: a[2], weightIH: a[3], weightHH: a[4], biasIH: a[5], biasHH: a[6])
        }, inputs))
    }

    @Test func gruSequenceGradients() throws {
        let inputs = [try SequenceSupport.random([2, 3, 2], seed: 20), try SequenceSupport.random([2, 2], seed: 21, scale: 0.5),
                      try SequenceSupport.random([6, 2], seed: 22, scale: 0.5), try SequenceSupport.random([6, 2], seed: 23, scale: 0.5),
                      try SequenceSupport.random([6], seed: 24, scale: 0.5), try SequenceSupport.random([6], seed: 25, scale: 0.5)]
        #expect(try gradcheck({ a in
            try Tensor.gruSequence(a[0], h0: a[1], weightIH: a[2], weightHH: a[3], biasIH: a[4], biasHH: a[5])
        }, inputs))
    }

    @Test func rnnSequenceGradients() throws {
        let inputs = [try SequenceSupport.random([2, 4, 3], seed: 30), try SequenceSupport.random([2, 3], seed: 31, scale: 0.5),
                      try SequenceSupport.random([3, 3], seed: 32, scale: 0.5), try SequenceSupport.random([3, 3], seed: 33, scale: 0.5),
                      try SequenceSupport.random([3], seed: 34, scale: 0.5), try SequenceSupport.random([3], seed: 35, scale: 0.5)]
        for nonlinearity in [RNNNonlinearity.tanh, .relu] {
            #expect(try gradcheck({ a in
                try Tensor.rnnSequence(a[0], h0: a[1], weightIH: a[2], weightHH: a[3], biasIH: a[4], biasHH: a[5],
                                       nonlinearity: nonlinearity)
            }, inputs, eps: nonlinearity == .relu ? 1e-3 : 1e-2))
        }
    }

    @Test func sequenceOpsWithoutBiases() throws {
        let x = try SequenceSupport.random([1, 2, 2], seed: 40), h0 = try SequenceSupport.random([1, 2], seed: 41)
        let w4 = try SequenceSupport.random([8, 2], seed: 42, scale: 0.5), u4 = try SequenceSupport.random([8, 2], seed: 43, scale: 0.5)
        #expect(try gradcheck({ a in
            try Tensor.lstmSequence(a[0], h0: a[1], c0: a[1], weightIH: a[2], weightHH: a[3], biasIH: nil, biasHH: nil)
        }, [x, h0, w4, u4]))
        let w3 = try SequenceSupport.random([6, 2], seed: 44, scale: 0.5), u3 = try SequenceSupport.random([6, 2], seed: 45, scale: 0.5)
        #expect(try gradcheck({ a in
            try Tensor.gruSequence(a[0], h0: a[1], weightIH: a[2], weightHH: a[3], biasIH: nil, biasHH: nil)
        }, [x, h0, w3, u3]))
    }

    @Test func stackedModuleGradientsReachInputsAndState() throws {
        seed(50)
        let lstm = try LSTM(2, 3, numLayers: 2)
        let inputs = [try Tensor.randn([2, 3, 2]), try Tensor.randn([2, 2, 3]) * 0.5, try Tensor.randn([2, 2, 3]) * 0.5]
        #expect(try gradcheck({ a in
            let (y, s) = try lstm.forward(a[0], state: RecurrentState(h: a[1], c: a[2]))
            return try Tensor.concat([y.flatten(), s.h.flatten(), s.c!.flatten()])
        }, inputs))
        let gru = try GRU(2, 3, numLayers: 2)
        #expect(try gradcheck({ a in
            let (y, s) = try gru.forward(a[0], state: RecurrentState(h: a[1]))
            return try Tensor.concat([y.flatten(), s.h.flatten()])
        }, Array(inputs.prefix(2))))
    }

    @Test func weightGradientsOfTheModuleMatchTheFusedOp() throws {
        // The module's parameters get the gradients the fused op gives (a check of the wiring).
        seed(60)
        let lstm = try LSTM(2, 3)
        let x = try Tensor.randn([2, 4, 2])
        try (try lstm(x) * lstm(x)).sum().backward()
        let p = lstm.parameters()
        #expect(p.allSatisfy { $0.grad != nil && $0.grad!.shape == $0.shape })
        // biasIH and biasHH enter as a sum, so their gradients are equal.
        #expect(p[2].grad!.values == p[3].grad!.values)
    }
}
