import Testing
@testable import TensorEngine

/// The fused recurrent kernels' per-step products in column blocks and their recurrences in batch
/// slices on several workers, against one product and against the float64 steps.
@Suite struct RecurrentStepProducts {
    typealias C = Float64Check

    @Test func blocksFitTheUnpackedPathOrStayWhole() {
        // A character LSTM's step (batch 16, hidden 128): forward and backward split in two.
        #expect(RecurrentKernels.blockWidth(16, 512, 128) == 256)
        #expect(RecurrentKernels.blockWidth(16, 128, 512) == 64)
        // Small enough already, or too large to split into at most four.
        #expect(RecurrentKernels.blockWidth(16, 256, 64) == 256)
        #expect(RecurrentKernels.blockWidth(1024, 512, 128) == 512)
        // Rounded up to 16 columns only while that still fits.
        #expect(RecurrentKernels.blockWidth(16, 200, 320) == 112)
        #expect(RecurrentKernels.blockWidth(16, 390, 320) == 195)
        for (m, n, k) in [(16, 512, 128), (16, 128, 512), (16, 390, 320), (16, 200, 320), (32, 1000, 100)] {
            let w = RecurrentKernels.blockWidth(m, n, k)
            #expect(m * w * k <= RecurrentKernels.unpackedWork || w == n, "\(m)×\(n)×\(k): width \(w)")
        }
    }

    @Test func aProductInColumnBlocksEqualsOneProduct() throws {
        // Strided operands as in the kernels: A and C are one step of a longer sequence.
        let m = 16, n = 200, k = 320, lda = 3 * k, ldc = 2 * n
        let a = random([m * lda], seed: 70), b = random([k * n], seed: 71), c0 = random([m * ldc], seed: 72)
        #expect(RecurrentKernels.blockWidth(m, n, k) < n)
        var split = c0.values, whole = c0.values
        a.reading { pa in
            b.reading { pb in
                split.withUnsafeMutableBufferPointer { RecurrentKernels.stepProduct(m, n, k, pa, lda, pb, n, 1, $0.baseAddress!, ldc) }
                whole.withUnsafeMutableBufferPointer { RecurrentKernels.gemm(false, false, m, n, k, 1, pa, lda, pb, n, 1, $0.baseAddress!, ldc) }
            }
        }
        let largest = zip(split, whole).map { Swift.abs($0 - $1) }.max() ?? 0
        #expect(largest < 1e-4, "largest difference \(largest)")
    }

    @Test func weightsTransposeInTiles() throws {
        let w = random([40, 23], seed: 73)
        let t = try RecurrentKernels.transposedWeights(w)
        #expect(t.shape == [23, 40])
        let expected = try w.transpose().values
        #expect(t.values == expected)
    }

    /// A slice whose step product is small loses more to the hand-off than it gains: the LSTM of the
    /// benchmark (batch 16, hidden 64) runs unsliced on two workers, the language model's (hidden 128) sliced.
    @Test func onlyLargeStepProductsAreSliced() throws {
        func sizes(_ hidden: Int) throws -> RecurrentKernels.Sizes {
            try RecurrentKernels.sizes("lstm", gates: 4, x: Tensor.zeros([16, 32, 8]), weightIH: Tensor.zeros([4 * hidden, 8]),
                                       weightHH: Tensor.zeros([4 * hidden, hidden]), biasIH: Tensor.zeros([4 * hidden]),
                                       biasHH: Tensor.zeros([4 * hidden]), states: [])
        }
        let small = try sizes(64), large = try sizes(128)
        EngineContext(workers: 2).run {
            #expect(RecurrentKernels.batchSlices(small) == 1)
            #expect(RecurrentKernels.batchSlices(large) == 2)
        }
    }

    @Test(arguments: ["lstm", "gru", "rnn"])
    func layersInBatchSlicesAgreeWithTheDoubleSteps(_ layer: String) throws {
        // Batch 16 and hidden 128 (160 for the GRU, 256 for the RNN): the step products split in two
        // (not the RNN's), and each of up to three workers' step products is large enough for the
        // recurrence to run in batch slices.
        let gates = ["lstm": 4, "gru": 3, "rnn": 1][layer]!
        let B = 16, S = layer == "rnn" ? 8 : 3, I = 5, H = ["lstm": 128, "gru": 160, "rnn": 256][layer]!
        var inputs = [try C.tensor([B, S, I], seed: 80), try C.tensor([B, H], seed: 81)]
        if layer == "lstm" { inputs.append(try C.tensor([B, H], seed: 82)) }
        inputs += [try C.tensor([gates * H, I], seed: 83, scale: 0.3), try C.tensor([gates * H, H], seed: 84, scale: 0.1),
                   try C.tensor([gates * H], seed: 85, scale: 0.3), try C.tensor([gates * H], seed: 86, scale: 0.3)]
        let w = layer == "lstm" ? 3 : 2
        let s = try RecurrentKernels.sizes(layer, gates: gates, x: inputs[0], weightIH: inputs[w], weightHH: inputs[w + 1],
                                           biasIH: inputs[w + 2], biasHH: inputs[w + 3], states: [])
        func forward(_ t: [Tensor]) throws -> Tensor {
            switch layer {
            case "lstm": try Tensor.lstmSequence(t[0], h0: t[1], c0: t[2], weightIH: t[3], weightHH: t[4], biasIH: t[5], biasHH: t[6])
            case "gru": try Tensor.gruSequence(t[0], h0: t[1], weightIH: t[2], weightHH: t[3], biasIH: t[4], biasHH: t[5])
            default: try Tensor.rnnSequence(t[0], h0: t[1], weightIH: t[2], weightHH: t[3], biasIH: t[4], biasHH: t[5])
            }
        }
        func run(_ t: [Tensor]) throws -> (Tensor, [Tensor]) {
            let leaves = try t.map { try Tensor(shape: $0.shape, elements: $0.elements(as: Double.self), dtype: $0.dtype, requiresGrad: true) }
            let y = try forward(leaves)
            let weights = try Tensor(shape: y.shape, elements: (0..<y.count).map(C.weight), dtype: y.dtype)
            try (y * weights).sum().backward()
            return (y, leaves.map { $0.grad! })
        }
        #expect(RecurrentKernels.blockWidth(B, gates * H, H) < gates * H || layer == "rnn")
        let (y64, g64) = try run(inputs)
        for workers in [1, 2, 3] {
            try EngineContext(workers: workers).run {
                #expect(RecurrentKernels.batchSlices(s) == workers)
                let (y32, g32) = try run(try inputs.map { try $0.to(.float32) })
                #expect(try C.distance(y64, y32) < 1e-5, "\(layer), \(workers) workers: outputs")
                for (i, (a, b)) in zip(g64, g32).enumerated() {
                    #expect(try C.distance(a, b) < 1e-4, "\(layer), \(workers) workers: gradient \(i)")
                }
            }
        }
    }

    private func random(_ shape: [Int], seed: Int) -> Tensor {
        var state = UInt64(seed) &* 6_364_136_223_846_793_005 &+ 1
        let n = shape.reduce(1, *)
        let values = (0..<n).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) * 2 - 1
        }
        return try! Tensor(shape: shape, values: values)
    }
}
