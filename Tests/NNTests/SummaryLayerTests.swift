import NN
import TensorEngine
import Testing

/// `summary` on every kind of layer, against hand counts of their multiply-accumulates.
@Suite(.serialized) struct SummaryLayerTests {
    @Test func conv2dCountsOutputsTimesItsWeightSlice() throws {
        let s = try summary(try Conv2d(3, 8, kernelSize: 3, padding: 1, groups: 1), input: [2, 3, 10, 10])
        #expect(s.totalMACs == 2 * 8 * 10 * 10 * (3 * 3 * 3))
        let grouped = try summary(try Conv2d(4, 8, kernelSize: 3, stride: 2, groups: 2), input: [1, 4, 9, 9])
        #expect(grouped.totalMACs == 8 * 4 * 4 * (2 * 3 * 3))
    }

    @Test func attentionCountsItsProjectionsAndItsScores() throws {
        let (b, n, d, h) = (2, 12, 32, 4)
        let s = try summary(try MultiHeadAttention(d, heads: h), input: [b, n, d])
        // 4·N·d² for the projections, 2·N²·d for q·kᵀ and weights·v, per sample.
        #expect(s.totalMACs == b * (4 * n * d * d + 2 * n * n * d))
        #expect(s.rows.map(\.name) == ["", "qProj", "kProj", "vProj", "outProj"])
        #expect(s.rows.map(\.depth) == [0, 1, 1, 1, 1] && s.rows[0].isContainer)
        #expect(s.rows[0].scoreElements == b * h * n * n)
        #expect(s.description.contains("attention, 1,152 scores (batch·heads·Lq·Lk), 18,432 MACs in q·kᵀ and weights·v"))
        // Kept for backward: q, k, v, the weights, the heads' output and the projected output.
        #expect(s.rows[0].activationBytes == 4 * (5 * b * n * d + b * h * n * n))
        #expect(s.rows[1].activationBytes == s.rows[1].outputBytes)
    }

    @Test func recurrentLayersCountEveryStep() throws {
        let (b, t, i, h) = (3, 7, 5, 6)
        let lstm = try summary(try LSTM(i, h), input: [b, t, i])
        let perStep = b * 4 * (i + h) * h
        #expect(lstm.totalMACs == t * perStep)
        #expect(lstm.rows[0].steps == t && lstm.rows[0].macsPerStep == perStep)
        #expect(lstm.description.hasSuffix("LSTM(5, 6): recurrent, 7 steps × 792 MACs per step"))
        let stacked = try summary(try GRU(i, h, numLayers: 2, bidirectional: true), input: [b, t, i])
        #expect(stacked.totalMACs == t * b * 2 * 3 * h * ((i + h) + (2 * h + h)))
        #expect(stacked.rows[0].steps == t)
    }

    @Test func mixtureOfExpertsCountsOnlyTheExpertsThatRan() throws {
        seed(3)
        let (b, n, dim, hidden, experts, k) = (2, 5, 8, 16, 4, 2)
        let moe = try MixtureOfExperts(dim, hidden, experts: experts, topK: k)
        let s = try summary(moe, input: [b, n, dim])
        let tokens = b * n
        #expect(s.totalMACs == tokens * dim * experts + tokens * k * 2 * dim * hidden)
        let ran = s.rows.filter { $0.depth == 1 && $0.name.hasPrefix("experts.") }
        #expect(ran.count <= experts && ran.reduce(0) { $0 + $1.outputShape[0] } == tokens * k)
    }

    @Test func aTransformerBlockIsTheSumOfItsParts() throws {
        let (b, n, d, h) = (2, 8, 16, 4)
        let s = try summary(try TransformerBlock(d, heads: h), input: [b, n, d])
        let attention = 4 * n * d * d + 2 * n * n * d, feedForward = 2 * n * d * (4 * d)
        #expect(s.totalMACs == b * (attention + feedForward))
        #expect(s.rows.map(\.name) == ["", "norm1", "attention", "attention.qProj", "attention.kProj", "attention.vProj",
                                       "attention.outProj", "norm2", "feedForward", "feedForward.fc1", "feedForward.fc2"])
        #expect(s.rows.first { $0.name == "attention" }?.macs == b * attention)
        #expect(s.activationBytes == s.rows[0].activationBytes)
    }

    @Test func aTransformerStackShowsEachLayerAndItsAttention() throws {
        let (b, n, d, h, ff) = (2, 5, 16, 4, 32)
        let layer = try TransformerEncoderLayer(d, nhead: h, options: TransformerLayerOptions(dimFeedforward: ff))
        let s = try summary(try TransformerEncoder(layer, numLayers: 2), input: [b, n, d])
        // Per layer: the packed q, k, v projection and out_proj (4·N·d²), the scores (2·N²·d), the MLP.
        let perLayer = b * (4 * n * d * d + 2 * n * n * d + 2 * n * d * ff)
        #expect(s.totalMACs == 2 * perLayer)
        #expect(s.rows.filter { $0.depth == 1 }.map(\.name) == ["layers.0", "layers.1"])
        #expect(s.rows.first { $0.name == "layers.1" }?.macs == perLayer)
        #expect(s.rows.first { $0.name == "layers.0.self_attn" }?.scoreElements == b * h * n * n)
    }

    @Test func hooksAreRemovedAndAFrozenModelKeepsOnlyOutputs() throws {
        let model = Sequential(try Linear(4, 4), Activation.tanh, try Linear(4, 2))
        for p in model.parameters() { p.requiresGrad = false }
        let s = try summary(model, input: [3, 4])
        // Nothing records, so each layer keeps its output alone.
        #expect(s.rows.map(\.activationBytes) == s.rows.map(\.outputBytes))
        #expect(model.forwardHooks.isEmpty && model.layers.allSatisfy { $0.forwardHooks.isEmpty })
    }

    @Test func anErrorNamesTheInnermostLayer() throws {
        let block = Sequential(try Linear(3, 4), Sequential(try Linear(5, 1)))
        #expect(throws: TensorError(.shape, "summary: layer 1.0 Linear(5, 1) on input [2, 4]: linear: input [2, 4] does not fit weight [1, 5] (expected last dimension 5)")) {
            try summary(block, input: [2, 3])
        }
        #expect(block.forwardHooks.isEmpty)
    }
}
