import NN
import TensorEngine
import Testing

/// Embedding (look-up, padding index, weight tying) and Dropout (scaling, seeding, modes).
@Suite(.serialized) struct EmbeddingDropoutTests {
    typealias S = ConvSupport

    @Test func embeddingLooksUpRowsAndAccumulatesGradients() throws {
        seed(3)
        let emb = try Embedding(5, 3)
        #expect(emb.weight.shape == [5, 3])
        let ids = try Tensor(shape: [2, 2], values: [4, 0, 4, 2])
        let y = try emb(ids)
        #expect(y.shape == [2, 2, 3])
        let w = emb.weight.values
        #expect(Array(y.values[0..<3]) == Array(w[12..<15]))
        #expect(Array(y.values[9..<12]) == Array(w[6..<9]))
        try y.sum().backward()
        // Row 4 was used twice, rows 0 and 2 once, rows 1 and 3 never.
        #expect(emb.weight.grad!.values == [1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 2, 2, 2])
        try S.checkGradients([emb.weight.detach()]) { try Tensor.embedding(ids, weight: $0[0]) }
        #expect(emb.summaryName == "Embedding(5, 3)")
    }

    @Test func paddingIndexStartsAtZeroAndGetsNoGradient() throws {
        let emb = try Embedding(4, 2, paddingIndex: -1)
        #expect(emb.paddingIndex == 3)
        #expect(Array(emb.weight.values[6..<8]) == [0, 0])
        try emb(try Tensor(shape: [3], values: [3, 1, 3])).sum().backward()
        #expect(emb.weight.grad!.values == [0, 0, 1, 1, 0, 0, 0, 0])
        #expect(emb.summaryName == "Embedding(4, 2, paddingIndex: 3)")
    }

    @Test func embeddingErrors() throws {
        let emb = try Embedding(4, 2)
        #expect(S.error { try emb(Tensor([4])) }?.message == "embedding: index 4 is out of range 0..<4")
        #expect(S.error { try emb(Tensor([1.5])) }?.kind == .value)
        #expect(S.error { try emb.attend(Tensor.full([2, 3], 1)) }?.kind == .shape)
        #expect(throws: TensorError.self) { try Embedding(0, 2) }
        #expect(throws: TensorError.self) { try Embedding(3, 2, paddingIndex: 3) }
    }

    @Test func weightTyingSharesOneMatrix() throws {
        seed(5)
        let emb = try Embedding(6, 4)
        let head = try TiedLinear(emb)
        let model = Sequential(emb, head)
        // The shared matrix is listed once.
        #expect(model.parameters().count == 1)
        #expect(model.namedParameters().map(\.0) == ["0.weight"])
        let ids = try Tensor(shape: [3], values: [1, 5, 2])
        let logits = try model(ids)
        #expect(logits.shape == [3, 6])
        let hidden = try emb(ids)
        #expect(S.close(logits.values, try hidden.matmul(try emb.weight.transpose()).values, 1e-5))
        #expect(S.close(try emb.attend(hidden).values, logits.values, 1e-6))
        // Both uses contribute to one gradient.
        try S.checkGradients([emb.weight.detach()]) { p in
            try Tensor.linear(try Tensor.embedding(ids, weight: p[0]), weight: p[0], bias: nil)
        }
        try Loss.crossEntropy(logits, Tensor([0, 1, 2])).backward()
        #expect(emb.weight.grad != nil)
        let biased = try TiedLinear(emb, bias: true)
        #expect(biased.parameters().count == 2)
        #expect(biased.bias!.values == [0, 0, 0, 0, 0, 0])
        #expect(biased.summaryName == "TiedLinear(4, 6, bias: true)")
    }

    @Test func dropoutScalesSurvivorsAndRepeatsWithTheSeed() throws {
        let x = try Tensor.full([10_000], 1)
        let drop = try Dropout(p: 0.25)
        seed(1)
        let y = try drop(x)
        let kept = y.values.filter { $0 != 0 }
        #expect(kept.allSatisfy { abs($0 - 1 / 0.75) < 1e-6 })
        #expect(abs(Float(kept.count) / 10_000 - 0.75) < 0.02)
        seed(1)
        #expect(try drop(x).values == y.values)
        // The gradient goes through the same mask.
        let leaf = try x.copy()
        leaf.requiresGrad = true
        seed(1)
        try drop(leaf).sum().backward()
        #expect(leaf.grad!.values == y.values)
        drop.eval()
        #expect(try drop(x).values == x.values)
        drop.train()
        #expect(try Dropout(p: 1)(x).values.allSatisfy { $0 == 0 })
        #expect(try Dropout(p: 0)(x).values == x.values)
        #expect(throws: TensorError.self) { try Dropout(p: 1.5) }
        #expect(S.error { try x.dropout(p: -0.1) }?.message == "dropout: probability must be between 0 and 1, got -0.1")
        #expect(drop.summaryName == "Dropout(p: 0.25)")
    }

    @Test func modesPropagateThroughSequential() throws {
        let bn = try BatchNorm1d(2), drop = try Dropout(p: 0.5)
        let model = Sequential(try Linear(2, 2), bn, drop)
        model.eval()
        #expect(!bn.isTraining && !drop.isTraining)
        let x = try S.random([3, 2], seed: 2)
        #expect(try model(x).values == (try model(x)).values)
        model.train()
        #expect(bn.isTraining && drop.isTraining)
    }
}
