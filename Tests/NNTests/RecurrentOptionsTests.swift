import NN
import TensorEngine
import Testing

/// RNN, LSTM and GRU options beyond one direction at full length (bidirectional stacks, dropout
/// between layers, sequence lengths) and the one-step cells: behaviour, gradients against central
/// differences (float64), second derivatives, and errors. Values against PyTorch are in the
/// differential suite (`cases_recurrent.py`).
@Suite(.serialized) struct RecurrentOptionsTests {
    func maxDifference(_ a: Tensor, _ b: Tensor) throws -> Double {
        try (a - b).abs().max().to(.float64).elements(as: Double.self)[0]
    }

    func flat(_ y: Tensor, _ s: RecurrentState) throws -> Tensor {
        try Tensor.concat([y.flatten(), s.h.flatten()] + (s.c.map { [$0.flatten()] } ?? []))
    }

    @Test func bidirectionalNamesShapesAndStateOrderFollowPyTorch() throws {
        seed(1)
        let gru = try GRU(3, 4, numLayers: 2, bidirectional: true)
        #expect(gru.namedParameters().map(\.0) == [
            "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
            "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
            "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
            "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"])
        #expect(gru.namedParameters()[8].1.shape == [12, 8])
        #expect(gru.summaryName == "GRU(3, 4, numLayers: 2, bidirectional: true)")
        let x = try Tensor.randn([2, 5, 3])
        let (y, s) = try gru.forward(x, state: nil)
        #expect(y.shape == [2, 5, 8] && s.h.shape == [4, 2, 4])
        // The last layer's forward state is its output at the last step, the reverse one at the first.
        #expect(try maxDifference(s.h[.at(2)], y[.all, .at(4), .range(0, 4, 1)]) == 0)
        #expect(try maxDifference(s.h[.at(3)], y[.all, .at(0), .range(4, 8, 1)]) == 0)
        let (u, t) = try gru.forward(try x[.at(0)], state: nil)
        #expect(u.shape == [5, 8] && t.h.shape == [4, 4])
    }

    @Test func sequenceFirstIsTheBatchFirstRunTurnedAround() throws {
        seed(4)
        let a = try LSTM(3, 4, numLayers: 2, bidirectional: true)
        let b = try LSTM(3, 4, numLayers: 2, bidirectional: true, batchFirst: false)
        for ((_, p), (_, q)) in zip(a.namedParameters(), b.namedParameters()) { try q.assign(p) }
        #expect(b.summaryName == "LSTM(3, 4, numLayers: 2, bidirectional: true, batchFirst: false)")
        let x = try Tensor.randn([2, 5, 3])
        let (y, s) = try a.forward(x, state: nil, lengths: [5, 3])
        let (u, t) = try b.forward(try x.transpose(0, 1), state: nil, lengths: [5, 3])
        #expect(u.shape == [5, 2, 8] && t.h.shape == [4, 2, 4])
        #expect(try maxDifference(u.transpose(0, 1), y) == 0 && maxDifference(t.h, s.h) == 0 && maxDifference(t.c!, s.c!) == 0)
        #expect(throws: TensorError(.shape, "LSTM: input must be [seq, batch, 3] or [seq, 3], got [2, 5, 4]")) {
            try b.forward(try Tensor.randn([2, 5, 4]), state: nil)
        }
    }

    @Test func lengthsStopEachSequenceAtItsEnd() throws {
        seed(2)
        let lstm = try LSTM(3, 4, bidirectional: true)
        let x = try Tensor.randn([3, 5, 3])
        let (y, s) = try lstm.forward(x, state: nil, lengths: [5, 2, 4])
        // Each sequence alone, cut to its length, gives its rows of the batch's outputs and states.
        for (b, length) in [5, 2, 4].enumerated() {
            let (alone, state) = try lstm.forward(try x[.range(b, b + 1, 1), .range(0, length, 1)], state: nil)
            #expect(try maxDifference(y[.range(b, b + 1, 1), .range(0, length, 1)], alone) < 1e-6)
            #expect(try maxDifference(s.h[.all, .range(b, b + 1, 1)], state.h) < 1e-6)
            #expect(try maxDifference(s.c![.all, .range(b, b + 1, 1)], state.c!) < 1e-6)
            if length < 5 { #expect(try y[.at(b), .range(length, 5, 1)].abs().sum().item() == 0) }
        }
        // Full lengths change nothing.
        let (full, _) = try lstm.forward(x, state: nil, lengths: [5, 5, 5])
        #expect(try maxDifference(full, lstm.forward(x, state: nil).output) == 0)
    }

    @Test func dropoutActsBetweenLayersInTrainingOnly() throws {
        seed(3)
        let rnn = try RNN(3, 4, numLayers: 2, dropout: 0.5)
        let x = try Tensor.randn([2, 6, 3])
        rnn.isTraining = false
        let eval = try rnn(x)
        #expect(try maxDifference(eval, rnn(x)) == 0)
        rnn.isTraining = true
        #expect(try maxDifference(eval, rnn(x)) > 1e-3)
        // One layer has no layer after it to drop into.
        let single = try GRU(3, 4, dropout: 0.9)
        single.isTraining = true
        let a = try single(x)
        single.isTraining = false
        #expect(try maxDifference(a, single(x)) == 0)
        #expect(single.summaryName == "GRU(3, 4, dropout: 0.9)")
    }

    @Test func bidirectionalStacksWithLengthsHaveGradients() throws {
        seed(4)
        let inputs = [try Tensor.randn([3, 4, 2]), try Tensor.randn([4, 3, 3]) * 0.5, try Tensor.randn([4, 3, 3]) * 0.5]
        let lengths = [4, 1, 3]
        let lstm = try LSTM(2, 3, numLayers: 2, bidirectional: true)
        #expect(try gradcheck({ a in
            let (y, s) = try lstm.forward(a[0], state: RecurrentState(h: a[1], c: a[2]), lengths: lengths)
            return try flat(y, s)
        }, inputs))
        let gru = try GRU(2, 3, numLayers: 2, bidirectional: true)
        #expect(try gradcheck({ a in
            let (y, s) = try gru.forward(a[0], state: RecurrentState(h: a[1]), lengths: lengths)
            return try flat(y, s)
        }, Array(inputs.prefix(2))))
        let rnn = try RNN(2, 3, bidirectional: true)
        #expect(try gradcheck({ a in
            let (y, s) = try rnn.forward(a[0], state: RecurrentState(h: a[1]), lengths: [2, 4, 1])
            return try flat(y, s)
        }, [inputs[0], try inputs[1][.range(0, 2, 1)]]))
    }

    @Test func bidirectionalLengthsDifferentiateTwice() throws {
        seed(5)
        let gru = try GRU(2, 2, bidirectional: true)
        try gru.double()
        let x = try Tensor.randn([2, 3, 2]).to(.float64), h0 = try (Tensor.randn([2, 2, 2]) * 0.5).to(.float64)
        #expect(try gradgradcheck({ a in
            let (y, s) = try gru.forward(a[0], state: RecurrentState(h: a[1]), lengths: [3, 2])
            return try flat(y, s)
        }, [x, h0]))
    }

    @Test func cellsAreOneStepOfTheirLayer() throws {
        seed(6)
        let x = try Tensor.randn([3, 2]), h = try Tensor.randn([3, 4]) * 0.5, c = try Tensor.randn([3, 4]) * 0.5
        let lstmCell = try LSTMCell(2, 4), lstm = try LSTM(2, 4)
        for ((_, p), (_, q)) in zip(lstm.namedParameters(), lstmCell.namedParameters()) { try p.assign(q) }
        #expect(lstmCell.namedParameters().map(\.0) == ["weight_ih", "weight_hh", "bias_ih", "bias_hh"])
        let step = try lstmCell.forward(x, h: h, c: c)
        let (y, s) = try lstm.forward(try x.unsqueeze(axis: 1), state: RecurrentState(h: try h.unsqueeze(axis: 0), c: try c.unsqueeze(axis: 0)))
        #expect(try maxDifference(step.h, y[.all, .at(0)]) == 0 && maxDifference(step.c, s.c![.at(0)]) == 0)
        // Unbatched input and zero states by default.
        let single = try lstmCell.forward(try x[.at(1)], h: nil, c: nil)
        #expect(single.h.shape == [4])
        #expect(try maxDifference(single.c, lstmCell.forward(try x[.range(1, 2, 1)], h: Tensor.zeros([1, 4]), c: nil).c[.at(0)]) == 0)
        #expect(try RNNCell(2, 4, nonlinearity: .relu)(x).min().item() >= 0)
        #expect(try GRUCell(2, 4, bias: false).namedParameters().map(\.0) == ["weight_ih", "weight_hh"])
    }

    @Test func cellsHaveGradients() throws {
        seed(7)
        let inputs = [try Tensor.randn([3, 2]), try Tensor.randn([3, 4]) * 0.5, try Tensor.randn([3, 4]) * 0.5]
        let lstm = try LSTMCell(2, 4), gru = try GRUCell(2, 4), rnn = try RNNCell(2, 4)
        #expect(try gradcheck({ a in
            let (h, c) = try lstm.forward(a[0], h: a[1], c: a[2])
            return try Tensor.concat([h.flatten(), c.flatten()])
        }, inputs))
        #expect(try gradcheck({ try gru.forward($0[0], h: $0[1]) }, Array(inputs.prefix(2))))
        #expect(try gradcheck({ try rnn.forward($0[0], h: $0[1]) }, Array(inputs.prefix(2))))
        #expect(try gradcheck({ try gru.forward($0[0], h: nil) }, [try inputs[0][.at(0)]]))
    }

    @Test func badLengthsStatesAndOptionsAreErrors() throws {
        seed(8)
        let gru = try GRU(3, 4, bidirectional: true)
        let x = try Tensor.randn([2, 5, 3])
        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch { return "\(error)" }
            return "no error"
        }
        #expect(message { _ = try gru.forward(x, state: nil, lengths: [5]) }.contains("expected 2, got 1"))
        #expect(message { _ = try gru.forward(x, state: nil, lengths: [6, 2]) }.contains("between 1 and the sequence length 5, got 6"))
        #expect(message { _ = try gru.forward(x, state: nil, lengths: [0, 2]) }.contains("got 0"))
        #expect(message { _ = try gru.forward(try x[.at(0)], state: nil, lengths: [5]) }.contains("batched"))
        #expect(message { _ = try gru.forward(x, state: RecurrentState(h: try Tensor.zeros([1, 2, 4]))) }
            .contains("initial h must be [2, 2, 4] ([numLayers·2, batch, hidden]), got [1, 2, 4]"))
        #expect(message { _ = try LSTM(3, 4, dropout: 1.5) }.contains("dropout must be a probability"))
        let cell = try LSTMCell(3, 4)
        #expect(message { _ = try cell.forward(try Tensor.zeros([2, 3]), h: try Tensor.zeros([3, 4]), c: nil) }
            .contains("h must be [2, 4] ([batch, hidden]), got [3, 4]"))
        #expect(message { _ = try cell.forward(try Tensor.zeros([2, 5]), h: nil, c: nil) }.contains("input must be [batch, 3] or [3], got [2, 5]"))
    }
}
