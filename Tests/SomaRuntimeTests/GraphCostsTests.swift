import Testing
@testable import Script
@testable import SomaRuntime

/// `drawGraph(loss, costs: true)`: each op's work and memory from its shapes, against hand counts.
@Suite struct GraphCostsTests {
    func drawn(_ code: String) throws -> String { try printed(code + "\nprint(drawGraph(L, costs: true))") }

    @Test func aLinearLayerCostsBatchTimesInTimesOut() throws {
        // 4 samples × 3 inputs × 5 outputs = 60 MACs; it reads x (48 bytes), the weight (60) and the
        // bias (20), writes 4 × 5 floats, and keeps x and the weight for backward.
        let out = try drawn("seed(0)\nlet x = randn([4, 3])\nlet fc = Linear(3, 5)\nlet L = relu(fc(x)).sum()")
        #expect(out.contains("[4] linear · [4, 5] · 60 MAC · r 128 bytes w 80 bytes · keeps 108 bytes"))
        #expect(out.contains("[5] relu · [4, 5] · 20 ops · r 80 bytes w 80 bytes · keeps 80 bytes"))
        #expect(out.contains("total: 60 MAC (120 FLOP) in products, 40 elementwise ops, 288 bytes read, 164 bytes written, 188 bytes kept for backward"))
        #expect(out.contains("hot spots: linear 60, relu 20, L = sum 20"))
    }

    @Test func aConvolutionCostsEachOutputItsKernelTimesInputChannels() throws {
        // Output [2, 4, 6, 6] from 3 channels and 3×3 kernels: 288 elements × 27 = 7,776 MACs.
        let out = try drawn("seed(0)\nlet conv = Conv2d(3, 4, 3)\nlet L = conv(randn([2, 3, 8, 8])).sum()")
        #expect(out.contains("conv2d · [2, 4, 6, 6] · 7.78k MAC"))
    }

    @Test func attentionCostsItsScoresAndItsWeightedSum() throws {
        // 2 heads, 4 queries against 6 keys: 48 scores, each a length-8 dot product and a weight on a
        // length-8 value row: 48 × 16 = 768 MACs.
        let out = try drawn("""
            seed(0)
            let q = randn([1, 2, 4, 8], requiresGrad: true)
            let k = randn([1, 2, 6, 8])
            let L = scaledDotProductAttention(q, k, randn([1, 2, 6, 8])).sum()
            """)
        #expect(out.contains("attention · [1, 2, 4, 8] · 768 MAC"))
        // A KV cache holds a key and a value of 2 heads × 8 floats per token.
        #expect(out.contains("scores 48 · KV 128 bytes/token"))
    }

    @Test func aRecurrentLayerCostsItsStepsAndShowsOne() throws {
        // 2 sequences × 5 steps, each step [in 3 + hidden 4] against 4 gates × 4 hidden: 2·5·16·7 = 1,120.
        let out = try drawn("seed(0)\nlet rnn = LSTM(3, 4)\nlet L = rnn(randn([2, 5, 3]))[0].sum()")
        #expect(out.contains("lstm · [2, 6, 4] · 1.12k MAC (5 steps × 224)"))
    }

    @Test func aMatrixProductCostsMTimesKTimesN() throws {
        let out = try drawn("let a = ones([2, 3, 4], requiresGrad: true)\nlet L = (a @ ones([4, 5])).sum()")
        // The engine multiplies the batch as [6, 4] @ [4, 5]: 6 × 4 × 5 = 120 MACs; the reshapes are views.
        #expect(out.contains("matmul · [6, 5] · 120 MAC"))
        #expect(out.contains("reshape · [6, 4] · r 0 bytes w 0 bytes ←"))
        #expect(out.contains("L = sum · scalar · data 120 · 30 ops"))
        #expect(out.contains("hot spots: matmul 120, L = sum 30\n"))
    }

    @Test func withoutCostsTheDrawingIsAsBefore() throws {
        let output = try printed("let x = ones([2], requiresGrad: true)\nlet L = (x * 2).sum()\nprint(drawGraph(L))")
        #expect(!output.contains("MAC") && !output.contains("hot spots") && !output.contains("bytes"))
    }

    @Test func attentionWithHeadsPackedInTheFeaturesCountsEveryHead() throws {
        // 4 query heads of width 2 sharing 2 key/value heads, 2 sequences of 5: 2·4·5·5 = 200 scores, each
        // a width-2 dot product and a width-2 weighted value row: 800 MACs.
        let out = try drawn("seed(0)\nlet g = MultiHeadAttention(8, heads: 4, kvHeads: 2)\nlet L = g(randn([2, 5, 8])).sum()")
        #expect(out.contains("attention(4 heads) · [2, 5, 8] · 800 MAC"))
        #expect(out.contains("scores 200 · KV 64 bytes/token"))
    }

    @Test func aTransposedConvolutionCostsEachInputItsKernelTimesOutputChannels() throws {
        // 100 input elements, each spread over 6/2 output channels × 3×3 positions: 2,700 MACs.
        let out = try drawn("seed(0)\nlet ct = ConvTranspose2d(4, 6, 3, stride: 2, groups: 2)\nlet L = ct(randn([1, 4, 5, 5])).sum()")
        #expect(out.contains("convTranspose2d · [1, 6, 11, 11] · 2.7k MAC"))
    }

    @Test func opsAtTheCutOfADrawingAreNamedNotMiscounted() throws {
        let out = try printed("""
            seed(0)
            let m = Sequential(Linear(4, 8), ReLU(), Linear(8, 3))
            print(drawGraph(m(randn([2, 4])).sum(), costs: true, limit: 2))
            """)
        #expect(out.contains("[1] linear · [2, 3] · data") && !out.contains("linear · [2, 3] · data [0.2126, 0.369, 0.243, 0.3292, 0.5035, -0.1432] · "))
        #expect(out.contains("total: 0 MAC (0 FLOP) in products, 6 elementwise ops, 24 bytes read"))
        #expect(out.contains("not counted: 1 op at the cut, whose inputs are left out (a larger limit: shows them)"))
    }
}
