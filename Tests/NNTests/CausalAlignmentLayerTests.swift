import NN
import TensorEngine
import Testing

/// The causal alignment of a MultiHeadAttention layer when the queries are fewer than the keys.
@Suite struct CausalAlignmentLayerTests {
    @Test func topLeftPutsTheQueriesFirst() throws {
        var rng = RNG(seed: 7)
        let q = try Tensor(shape: [1, 2, 4], values: (0..<8).map { _ in rng.uniform() })
        let kv = try Tensor(shape: [1, 3, 4], values: (0..<12).map { _ in rng.uniform() })
        let layer = try MultiHeadAttention(4, heads: 1, causal: true, causalAlignment: .topLeft)
        let out = try layer.forward(query: q, key: kv, value: kv)
        // Query 0 sees key 0 alone, so its output is that key's value projected out.
        let first = try layer.outProj(try layer.vProj(kv[.at(0), .range(0, 1, 1)]))
        let got = try out[.at(0), .range(0, 1, 1)].values, want = first.values
        #expect(zip(got, want).allSatisfy { Swift.abs($0 - $1) < 1e-5 }, "\(got) \(want)")
        let bottomRight = try MultiHeadAttention(4, heads: 1, causal: true)
        #expect(layer.summaryName == "MultiHeadAttention(4, heads: 1, causal: true, causalAlignment: \"topLeft\")")
        #expect(bottomRight.summaryName == "MultiHeadAttention(4, heads: 1, causal: true)")
    }
}
