import NN
import TensorEngine
import Testing

/// Second derivatives through convolutions, pools, window extraction and the ops that move elements
/// (picks, gathers, scatters, embeddings, dropout): each checked by `gradgradcheck` in float64 for
/// every differentiable input, squared after the op so the second derivative goes through its rule.
@Suite(.serialized) struct SecondOrderConvTests {
    private func randn(_ shape: [Int]) throws -> Tensor { try Tensor.randn(shape, dtype: .float64) }

    /// Checks `fn` with `gradgradcheck`, and that the first-order gradients of a graph-creating pass
    /// (through composite forms and recorded rules) equal those of the fused rules: `gradgradcheck`
    /// alone would accept a composite form that differentiates consistently but is not the op.
    private func expectTwiceDifferentiable(_ fn: ([Tensor]) throws -> Tensor, _ inputs: [Tensor], _ name: String = "",
                                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try gradgradcheck(fn, inputs), "\(name)", sourceLocation: sourceLocation)
        func gradients(createGraph: Bool) throws -> [[Double]] {
            let leaves = inputs.map { x -> Tensor in
                let leaf = x.detach()
                leaf.requiresGrad = true
                return leaf
            }
            let y = try fn(leaves)
            let weights = try Tensor(shape: y.shape, elements: (0..<y.count).map { Double(($0 * 7) % 11) / 5 - 0.9 }, dtype: .float64)
            return try Tensor.gradients(of: [(y * weights).sum()], withRespectTo: leaves, createGraph: createGraph,
                                        allowUnused: true).map { $0?.elements(as: Double.self) ?? [] }
        }
        let recorded = try gradients(createGraph: true), fused = try gradients(createGraph: false)
        for (r, f) in zip(recorded, fused) {
            #expect(r.count == f.count && zip(r, f).allSatisfy { abs($0 - $1) <= 1e-10 * max(1, abs($1)) },
                    "\(name): \(r) vs \(f)", sourceLocation: sourceLocation)
        }
    }

    @Test func conv2dDifferentiatesTwiceInInputWeightAndBias() throws {
        seed(11)
        let cases: [(String, [Int], [Int], [Int], ConvPadding, [Int], Int)] = [
            ("plain", [2, 2, 5, 5], [3, 2, 3, 3], [1], 0, [1], 1),
            ("stride and padding", [1, 2, 6, 5], [2, 2, 3, 2], [2, 1], [1, 0], [1], 1),
            ("dilation", [1, 2, 6, 6], [2, 2, 2, 2], [1], 1, [2], 1),
            ("groups", [2, 4, 4, 4], [4, 2, 3, 3], [2], 1, [1], 2),
            ("same padding", [1, 2, 4, 5], [2, 2, 2, 3], [1], .same, [1], 1),
            ("unbatched", [2, 4, 4], [4, 1, 2, 2], [1], 0, [1], 2),
        ]
        for (name, xShape, wShape, stride, padding, dilation, groups) in cases {
            let inputs = [try randn(xShape), try randn(wShape), try randn([wShape[0]])]
            try expectTwiceDifferentiable({
                try Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], stride: stride, padding: padding,
                                  dilation: dilation, groups: groups).pow(2)
            }, inputs, "\(name)")
        }
    }

    @Test func conv1dDifferentiatesTwice() throws {
        seed(12)
        let x = try randn([2, 4, 7]), w = try randn([2, 2, 3]), b = try randn([2])
        try expectTwiceDifferentiable({
            try Tensor.conv1d($0[0], weight: $0[1], bias: $0[2], stride: 2, padding: 1, dilation: 2, groups: 2).pow(2)
        }, [x, w, b])
        try expectTwiceDifferentiable({ try Tensor.conv1d($0[0], weight: $0[1]).pow(2) }, [try randn([3, 5]), try randn([2, 3, 2])])
    }

    @Test func transposedConvolutionsDifferentiateTwice() throws {
        seed(13)
        let cases: [(String, [Int], [Int], [Int], [Int], [Int], Int, [Int])] = [
            ("plain", [2, 2, 3, 3], [2, 3, 2, 2], [1], [0], [0], 1, [1]),
            ("stride, padding, output padding", [1, 2, 3, 4], [2, 2, 3, 3], [2], [1], [1], 1, [1]),
            ("groups", [2, 4, 3, 3], [4, 1, 3, 2], [2, 1], [1, 0], [0], 2, [1]),
            ("dilation with output padding", [1, 2, 3, 3], [2, 2, 2, 2], [1], [1], [1], 1, [2]),
            ("unbatched", [2, 3, 3], [2, 2, 2, 2], [2], [0], [1], 1, [1]),
        ]
        for (name, xShape, wShape, stride, padding, outputPadding, groups, dilation) in cases {
            let inputs = [try randn(xShape), try randn(wShape), try randn([wShape[1] * groups])]
            try expectTwiceDifferentiable({
                try Tensor.convTranspose2d($0[0], weight: $0[1], bias: $0[2], stride: stride, padding: padding,
                                           outputPadding: outputPadding, groups: groups, dilation: dilation).pow(2)
            }, inputs, "\(name)")
        }
        let x = try randn([2, 2, 4]), w = try randn([2, 2, 3]), b = try randn([4])
        try expectTwiceDifferentiable({
            try Tensor.convTranspose1d($0[0], weight: $0[1], bias: $0[2], stride: 2, padding: 1, outputPadding: 1, groups: 2).pow(2)
        }, [x, w, b])
    }

    @Test func unfoldAndFoldDifferentiateTwice() throws {
        seed(14)
        let x = try randn([2, 2, 5, 6])
        try expectTwiceDifferentiable({
            try Tensor.unfold($0[0], kernelSize: [2, 3], dilation: [1, 2], padding: [1], stride: [2, 1]).pow(2)
        }, [x])
        let columns = try randn([2, 2 * 4, 9])
        try expectTwiceDifferentiable({
            try Tensor.fold($0[0], outputSize: [4, 4], kernelSize: [2], padding: [1], stride: [2]).pow(2)
        }, [columns])
    }

    @Test func poolsDifferentiateTwice() throws {
        seed(15)
        let x = try randn([2, 2, 6, 5]), line = try randn([2, 3, 7])
        let pools: [(String, (Tensor) throws -> Tensor)] = [
            ("maxPool2d", { try Tensor.maxPool2d($0, kernel: [3], stride: [2], padding: [1]) }),
            ("maxPool2d dilation ceil", { try Tensor.maxPool2d($0, kernel: [2], stride: [2], dilation: [2], ceilMode: true) }),
            ("avgPool2d", { try Tensor.avgPool2d($0, kernel: [3, 2], stride: [2], padding: [1]) }),
            ("avgPool2d without pad", { try Tensor.avgPool2d($0, kernel: [3], stride: [2], padding: [1], ceilMode: true, countIncludePad: false) }),
            ("adaptiveAvgPool2d", { try Tensor.adaptiveAvgPool2d($0, outputSize: [4, 3]) }),
            ("adaptiveMaxPool2d", { try Tensor.adaptiveMaxPool2d($0, outputSize: [4, 3]) }),
        ]
        for (name, pool) in pools {
            try expectTwiceDifferentiable({ try pool($0[0]).pow(2) }, [x], "\(name)")
        }
        try expectTwiceDifferentiable({ try Tensor.maxPool1d($0[0], kernel: 3, stride: 2, padding: 1).pow(2) }, [line])
        try expectTwiceDifferentiable({ try Tensor.avgPool1d($0[0], kernel: 3, stride: 2, padding: 1).pow(2) }, [line])
    }

    @Test func rearrangingOpsDifferentiateTwice() throws {
        seed(16)
        let x = try randn([2, 3, 4]), square = try randn([3, 3]), vector = try randn([3])
        let ops: [(String, Tensor, (Tensor) throws -> Tensor)] = [
            ("flip", x, { try $0.flip([0, 2]) }),
            ("roll", x, { try $0.roll([1, -2], axes: [1, 2]) }),
            ("repeatInterleave", x, { try $0.repeatInterleave([1, 3, 2], axis: 1) }),
            ("tril", square, { try $0.tril(diagonal: -1) }),
            ("diag of a vector", vector, { try $0.diag(offset: 1) }),
            ("diag of a matrix", square, { try $0.diag() }),
            ("constant pad", x, { try $0.pad([1, 2, 0, 1], value: 0.5) }),
            ("reflect pad", x, { try $0.pad([2, 1], mode: .reflect) }),
            ("replicate pad", x, { try $0.pad([1, 1], mode: .replicate) }),
            ("pixelShuffle", try randn([1, 8, 2, 3]), { try Tensor.pixelShuffle($0, upscaleFactor: 2) }),
        ]
        for (name, input, op) in ops {
            try expectTwiceDifferentiable({ try op($0[0]).pow(2) }, [input], "\(name)")
        }
    }

    @Test func gathersScattersAndEmbeddingsDifferentiateTwice() throws {
        seed(17)
        let x = try randn([3, 4])
        let rows = try Tensor(shape: [4], values: [2, 0, 2, 1] as [Float])
        try expectTwiceDifferentiable({ try $0[0].indexSelect(axis: 0, indices: rows).pow(2) }, [x])
        let index = try Tensor(shape: [2, 4], values: [0, 2, 1, 2, 2, 0, 0, 1] as [Float])
        try expectTwiceDifferentiable({ try $0[0].gather(axis: 0, index: index).pow(2) }, [x])
        try expectTwiceDifferentiable({ try $0[0].scatterAdd(axis: 0, index: index, source: $0[1]).pow(2) }, [x, try randn([2, 4])])
        let weight = try randn([5, 3])
        let ids = try Tensor(shape: [2, 3], values: [1, 4, 1, 0, 3, 4] as [Float])
        try expectTwiceDifferentiable({ try Tensor.embedding(ids, weight: $0[0]).pow(2) }, [weight])
        try expectTwiceDifferentiable({ try Tensor.embedding(ids, weight: $0[0], paddingIndex: 4).pow(2) }, [weight])
    }

    @Test func dropoutDifferentiatesTwiceThroughItsMask() throws {
        let x = try randn([3, 5])
        // Seeded inside, so every evaluation draws the same mask (float32's kernel: the chain below).
        try expectTwiceDifferentiable({
            seed(18)
            return try $0[0].dropout(p: 0.4).pow(2)
        }, [x])
    }

    /// A chain of every fused kernel here in float32 gives the second derivatives float64 gives.
    @Test func float32KernelsAgreeWithFloat64() throws {
        seed(19)
        let x0 = try Tensor.randn([2, 2, 6, 6]), w0 = try Tensor.randn([3, 2, 3, 3]), t0 = try Tensor.randn([3, 2, 2, 2])
        func secondDerivatives(_ dtype: DType) throws -> [[Double]] {
            let x = try x0.to(dtype), w = try w0.to(dtype), t = try t0.to(dtype)
            for leaf in [x, w, t] { leaf.requiresGrad = true }
            var y = try Tensor.conv2d(x, weight: w, padding: 1).leakyRelu(negativeSlope: 0.2)
            y = try Tensor.maxPool2d(y, kernel: [2])
            y = try Tensor.convTranspose2d(y, weight: t, stride: [2])
            y = try Tensor.avgPool2d(y, kernel: [3], stride: [1], padding: [1])
            seed(20)
            y = try Tensor.unfold(y.dropout(p: 0.25), kernelSize: [2], stride: [2])
            let g = try #require(try Tensor.gradients(of: [y.pow(2).sum()], withRespectTo: [x], createGraph: true)[0])
            return try Tensor.gradients(of: [g.pow(2).sum()], withRespectTo: [x, w, t]).map {
                try #require($0).elements(as: Double.self)
            }
        }
        let single = try secondDerivatives(.float32), double = try secondDerivatives(.float64)
        for (s, d) in zip(single, double) {
            let scale = d.map(abs).max() ?? 1
            #expect(zip(s, d).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, scale) }, "\(s) vs \(d)")
        }
    }

    /// WGAN-GP: the gradient penalty of a small convolutional critic trains the critic's weights. Its
    /// weight gradient (through a graph-creating backward pass) matches finite differences of the
    /// penalty computed with first-order gradients only.
    @Test func gradientPenaltyOfAConvCriticTrainsItsWeights() throws {
        seed(21)
        let x = try randn([3, 1, 6, 6])
        let w1 = try randn([3, 1, 3, 3]), b1 = try randn([3]), w2 = try Tensor.randn([12, 1], std: 0.5, dtype: .float64)
        func penalty(_ w1: Tensor, _ b1: Tensor, _ w2: Tensor, createGraph: Bool) throws -> Tensor {
            let input = x.detach()
            input.requiresGrad = true
            var h = try Tensor.conv2d(input, weight: w1, bias: b1, padding: 1).leakyRelu(negativeSlope: 0.2)
            h = try Tensor.avgPool2d(Tensor.maxPool2d(h, kernel: [2]), kernel: [2], stride: [1])
            let critic = try h.reshape([3, 12]).matmul(w2)
            let g = try #require(try Tensor.gradients(of: [critic.sum()], withRespectTo: [input], createGraph: createGraph)[0])
            let norms = try g.pow(2).sum(axes: [1, 2, 3]).sqrt()
            return try (norms - Tensor.number(1)).pow(2).mean()
        }
        for weight in [w1, b1, w2] { weight.requiresGrad = true }
        try penalty(w1, b1, w2, createGraph: true).backward()
        let eps = 1e-6
        for weight in [w1, b1, w2] {
            // The bias reaches the penalty only through leakyRelu's piecewise-constant slope: no gradient.
            let analytic = weight.grad?.elements(as: Double.self) ?? Array(repeating: 0, count: weight.count)
            let values = weight.elements(as: Double.self)
            for i in values.indices {
                func perturbed(_ delta: Double) throws -> Double {
                    var shifted = values
                    shifted[i] += delta
                    let t = try Tensor(shape: weight.shape, elements: shifted, dtype: .float64)
                    let args = [w1, b1, w2].map { (w: Tensor) -> Tensor in w === weight ? t : w.detach() }
                    return try penalty(args[0], args[1], args[2], createGraph: false).itemValue()
                }
                let numeric = (try perturbed(eps) - perturbed(-eps)) / (2 * eps)
                #expect(abs(analytic[i] - numeric) <= 1e-5 + 1e-4 * abs(numeric), "\(weight.shape)[\(i)]: \(analytic[i]) vs \(numeric)")
            }
        }
        // Gradient descent on the penalty alone drives it down.
        let start = try penalty(w1, b1, w2, createGraph: false).itemValue()
        for _ in 0..<20 {
            for weight in [w1, w2] { weight.zeroGrad() }
            try penalty(w1, b1, w2, createGraph: true).backward()
            try noGrad {
                for weight in [w1, w2] {
                    let step = try weight.detach() - (try #require(weight.grad)) * Tensor.number(0.02)
                    try weight.assign(step)
                }
            }
        }
        let end = try penalty(w1, b1, w2, createGraph: false).itemValue()
        #expect(end < 0.5 * start, "\(start) → \(end)")
    }
}
