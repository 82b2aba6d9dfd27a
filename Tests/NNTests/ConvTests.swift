import NN
import TensorEngine
import Testing

/// Conv1d/Conv2d and the conv primitives: values against the textbook example, PyTorch fixtures and a
/// naive loop over many shapes; gradients against finite differences; option and shape errors.
@Suite(.serialized) struct ConvTests {
    typealias S = ConvSupport

    @Test func textbookExample() throws {
        let x = try Tensor(shape: [1, 1, 4, 5], values: [1, 2, 3, 4, 5, 2, 3, 4, 5, 6, 3, 4, 5, 6, 7, 4, 5, 6, 7, 8])
        let k = try Tensor(shape: [1, 1, 3, 3], values: [1, 0, 1, 1, 1, 0, 0, 1, 0])
        let y = try Tensor.conv2d(x, weight: k)
        #expect(y.shape == [1, 1, 2, 3])
        #expect(y.values == [13, 18, 23, 18, 23, 28])
        // Unbatched input gives an unbatched result.
        let single = try Tensor.conv2d(try x.reshape([1, 4, 5]), weight: k)
        #expect(single.shape == [1, 2, 3])
        #expect(single.values == [13, 18, 23, 18, 23, 28])
    }

    @Test func outputSizeFollowsTheFormula() throws {
        for m in [5, 8, 11] {
            for (k, p, s, d) in [(1, 0, 1, 1), (3, 0, 1, 1), (3, 1, 2, 1), (3, 2, 3, 2), (4, 1, 2, 1), (2, 3, 1, 3)] {
                let x = try Tensor.full([1, 1, m, m + 1], 1), w = try Tensor.full([1, 1, k, k], 1)
                let y = try Tensor.conv2d(x, weight: w, stride: [s], padding: .explicit([p]), dilation: [d])
                let expected = [(m + 2 * p - d * (k - 1) - 1) / s + 1, (m + 1 + 2 * p - d * (k - 1) - 1) / s + 1]
                #expect(Array(y.shape.suffix(2)) == expected, "m \(m) k \(k) p \(p) s \(s) d \(d)")
            }
        }
    }

    @Test func matchesPyTorchWithGroupsStrideDilationAndPadding() throws {
        let x = try S.tensor([2, 3, 5, 6], 0.37, 1.3)
        let w = try S.tensor([6, 1, 2, 3], 0.53, 1.1), b = try S.tensor([6], 0.71, 0.9)
        let y = try Tensor.conv2d(x, weight: w, bias: b, stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 3)
        #expect(y.shape == [2, 6, 3, 6])
        // PyTorch's per-(sample, channel) sums, plain and weighted by the column index.
        let sums: [Float] = [-8.4043, 4.9817, 1.0367, -2.6293, -5.3933, 6.9087, -7.9753, 4.6387, 1.4357, -2.0863, -6.1973, 7.8427]
        let weighted: [Float] = [-21.7662, 13.7698, 2.6668, -6.3032, -14.1502, 18.2138, -19.7422, 10.8938, 2.9718, -5.7942, -15.9532, 20.5908]
        let columns = try Tensor(shape: [6], values: (0..<6).map { Float($0) })
        #expect(S.close(try y.sum(axes: [2, 3]).values, sums, 1e-3))
        #expect(S.close(try (y * columns).sum(axes: [2, 3]).values, weighted, 1e-3))
        #expect(S.close(Array(y.values.prefix(6)), [-0.7645, -0.6276, -0.3217, -0.207, -0.6763, -0.5246], 1e-4))
    }

    @Test func samePaddingWithAnEvenKernelPadsTheEnd() throws {
        let x = try Tensor(shape: [2, 2, 5, 6], values: Array(try S.tensor([2, 3, 5, 6], 0.37, 1.3).values.enumerated()
            .filter { ($0.offset / 30) % 3 != 2 }.map(\.element)))
        let w = try S.tensor([3, 2, 2, 2], 0.41, 1.7)
        let y = try Tensor.conv2d(x, weight: w, padding: .same)
        #expect(y.shape == [2, 3, 5, 6])
        let columns = try Tensor(shape: [6], values: (0..<6).map { Float($0) })
        #expect(S.close(try y.sum(axes: [2, 3]).values, [-0.355, 0.278, -0.874, 1.405, -0.246, -0.282], 1e-3))
        #expect(S.close(try (y * columns).sum(axes: [2, 3]).values, [-2.634, 2.182, 0.538, 3.031, -0.329, -1.649], 1e-3))
    }

    @Test func conv1dMatchesPyTorch() throws {
        let x = try S.tensor([2, 4, 7], 0.43, 1.5), w = try S.tensor([6, 2, 3], 0.57, 1.2)
        let y = try Tensor.conv1d(x, weight: w, stride: 2, padding: 2, dilation: 2, groups: 2)
        #expect(y.shape == [2, 6, 4])
        let expected: [Float] = [
            -0.2913, 0.3627, -0.1833, 0.5181, -0.0645, -0.1215, -0.0243, -0.0495, 0.1623, 0.2943, 0.0027, 0.0189,
            0.5307, -0.7917, 0.5919, -0.5367, -0.1329, -0.2415, -0.0147, -0.0627, 0.0795, 0.1527, -0.0093, -0.0087,
            -0.2577, 0.3687, -0.1773, 0.5085, -0.0597, -0.1107, -0.0135, -0.0399, 0.1383, 0.2619, -0.0297, -0.0003,
            0.5259, -0.7713, 0.6123, -0.5367, -0.1185, -0.2163, 0.0105, -0.0435, 0.0651, 0.1347, -0.0273, -0.0183,
        ]
        #expect(S.maxDifference(y.values, expected) < 1e-4)
    }

    /// Shapes × strides × paddings × dilations × groups, including depthwise and pointwise kernels.
    @Test func matchesNaiveLoopsOverManyShapes() throws {
        struct Case { var n, c, h, w, o, kh, kw: Int; var s: (Int, Int); var p: [Int]; var d: (Int, Int); var g: Int }
        let cases: [Case] = [
            Case(n: 1, c: 1, h: 5, w: 5, o: 1, kh: 3, kw: 3, s: (1, 1), p: [0], d: (1, 1), g: 1),
            Case(n: 2, c: 3, h: 7, w: 6, o: 4, kh: 3, kw: 2, s: (2, 1), p: [1], d: (1, 1), g: 1),
            Case(n: 3, c: 4, h: 6, w: 8, o: 6, kh: 1, kw: 1, s: (1, 1), p: [0], d: (1, 1), g: 2),
            Case(n: 2, c: 4, h: 9, w: 9, o: 4, kh: 3, kw: 3, s: (1, 1), p: [1], d: (1, 1), g: 4),    // depthwise
            Case(n: 2, c: 3, h: 9, w: 9, o: 6, kh: 3, kw: 3, s: (2, 2), p: [2], d: (2, 2), g: 3),    // depthwise ×2
            Case(n: 1, c: 2, h: 10, w: 7, o: 3, kh: 4, kw: 2, s: (3, 2), p: [2, 0], d: (1, 3), g: 1),
            Case(n: 2, c: 6, h: 5, w: 5, o: 4, kh: 2, kw: 3, s: (1, 3), p: [0, 1, 2, 0], d: (2, 1), g: 2),
            Case(n: 1, c: 1, h: 1, w: 9, o: 2, kh: 1, kw: 3, s: (1, 1), p: [0, 2], d: (1, 1), g: 1),
            Case(n: 2, c: 2, h: 4, w: 4, o: 2, kh: 1, kw: 1, s: (2, 2), p: [1], d: (1, 1), g: 1),     // strided 1×1
            Case(n: 9, c: 4, h: 12, w: 12, o: 8, kh: 3, kw: 3, s: (1, 1), p: [1], d: (1, 1), g: 1),  // parallel runs
        ]
        for (i, t) in cases.enumerated() {
            let x = try S.random([t.n, t.c, t.h, t.w], seed: 10 + i)
            let w = try S.random([t.o, t.c / t.g, t.kh, t.kw], seed: 50 + i)
            let b = try S.random([t.o], seed: 90 + i)
            let pairs: [(Int, Int)] = t.p.count == 1 ? [(t.p[0], t.p[0]), (t.p[0], t.p[0])]
                : t.p.count == 2 ? [(t.p[0], t.p[0]), (t.p[1], t.p[1])] : [(t.p[0], t.p[1]), (t.p[2], t.p[3])]
            for bias in [nil, b] {
                let y = try Tensor.conv2d(x, weight: w, bias: bias, stride: [t.s.0, t.s.1], padding: .explicit(t.p),
                                          dilation: [t.d.0, t.d.1], groups: t.g)
                let ref = S.naiveConv2d(x, w, bias, stride: t.s, padding: pairs, dilation: t.d, groups: t.g)
                #expect(y.shape == ref.shape, "case \(i)")
                #expect(S.maxDifference(y.values, ref.values) < 1e-4, "case \(i)")
            }
        }
    }

    @Test func conv1dIsConv2dWithHeightOne() throws {
        let x = try S.random([3, 4, 11], seed: 3), w = try S.random([6, 2, 3], seed: 4), b = try S.random([6], seed: 5)
        let y = try Tensor.conv1d(x, weight: w, bias: b, stride: 2, padding: 1, dilation: 2, groups: 2)
        let ref = S.naiveConv2d(try x.reshape([3, 4, 1, 11]), try w.reshape([6, 2, 1, 3]), b, stride: (1, 2),
                                padding: [(0, 0), (1, 1)], dilation: (1, 2), groups: 2)
        #expect(y.shape == [3, 6, 5])
        #expect(S.maxDifference(y.values, ref.values) < 1e-4)
        #expect(try Tensor.conv1d(try x[.at(0)], weight: w, groups: 2).shape == [6, 9])
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let x = try S.random([2, 4, 5, 6], seed: 1), w = try S.random([4, 2, 3, 2], seed: 2), b = try S.random([4], seed: 3)
        try S.checkGradients([x, w, b]) {
            try Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2)
        }
        // Depthwise, padded and strided, no bias.
        let dw = try S.random([3, 1, 3, 3], seed: 4)
        try S.checkGradients([try S.random([1, 3, 6, 6], seed: 5), dw]) {
            try Tensor.conv2d($0[0], weight: $0[1], stride: [2], padding: 1, groups: 3)
        }
        // Pointwise: the input is its own column matrix.
        try S.checkGradients([try S.random([2, 3, 3, 4], seed: 6), try S.random([5, 3, 1, 1], seed: 7), try S.random([5], seed: 8)]) {
            try Tensor.conv2d($0[0], weight: $0[1], bias: $0[2])
        }
        // Same padding with an even kernel; 1-D with dilation.
        try S.checkGradients([try S.random([1, 2, 4, 5], seed: 9), try S.random([2, 2, 2, 2], seed: 10)]) {
            try Tensor.conv2d($0[0], weight: $0[1], padding: .same)
        }
        try S.checkGradients([try S.random([2, 2, 9], seed: 11), try S.random([3, 2, 3], seed: 12), try S.random([3], seed: 13)]) {
            try Tensor.conv1d($0[0], weight: $0[1], bias: $0[2], stride: 2, padding: 2, dilation: 2)
        }
    }

    /// The parallel path (the batch split across cores) gives the gradients of one sample at a time.
    @Test func batchedGradientsEqualPerSampleSums() throws {
        let x = try S.random([8, 4, 10, 10], seed: 21), w = try S.random([8, 4, 3, 3], seed: 22), b = try S.random([8], seed: 23)
        let (xa, wa, ba) = (try x.copy(), try w.copy(), try b.copy())
        for t in [xa, wa, ba] { t.requiresGrad = true }
        try Tensor.conv2d(xa, weight: wa, bias: ba, padding: 1).pow(2).sum().backward()
        var dw = [Float](repeating: 0, count: w.count), db = [Float](repeating: 0, count: 8), dx: [Float] = []
        for n in 0..<8 {
            let xs = try x[.at(n)].reshape([1, 4, 10, 10]).copy(), ws = try w.copy(), bs = try b.copy()
            for t in [xs, ws, bs] { t.requiresGrad = true }
            try Tensor.conv2d(xs, weight: ws, bias: bs, padding: 1).pow(2).sum().backward()
            dx += xs.grad!.values
            for i in dw.indices { dw[i] += ws.grad!.values[i] }
            for i in db.indices { db[i] += bs.grad!.values[i] }
        }
        #expect(S.close(xa.grad!.values, dx, 1e-4))
        #expect(S.close(wa.grad!.values, dw, 1e-3))
        #expect(S.close(ba.grad!.values, db, 1e-3))
    }

    @Test func errorsNameTheShapes() throws {
        let x = try Tensor.full([2, 3, 5, 5], 1)
        var e = S.error { try Tensor.conv2d(x, weight: Tensor.full([4, 2, 3, 3], 1)) }
        #expect(e?.kind == .shape)
        #expect(e?.message == "conv2d: input [2, 3, 5, 5] has 3 channels but weight [4, 2, 3, 3] with 1 group expects 2")
        e = S.error { try Tensor.conv2d(x, weight: Tensor.full([4, 3, 7, 3], 1)) }
        #expect(e?.message == "conv2d: the kernel spans 7×3 but the padded input is only 5×5")
        e = S.error { try Tensor.conv2d(x, weight: Tensor.full([4, 3, 3, 3], 1), dilation: [3]) }
        #expect(e?.message == "conv2d: the kernel spans 7×7 but the padded input is only 5×5")
        e = S.error { try Tensor.conv2d(x, weight: Tensor.full([4, 1, 3, 3], 1), groups: 2) }
        #expect(e?.kind == .shape)
        e = S.error { try Tensor.conv2d(x, weight: Tensor.full([4, 1, 3, 3], 1), groups: 3) }
        #expect(e?.message == "conv2d: 4 output channels cannot be split into 3 groups")
        e = S.error { try Tensor.conv2d(x, weight: Tensor.full([4, 3, 3, 3], 1), stride: [0]) }
        #expect(e?.message == "conv2d: stride must be positive, got [0]")
        e = S.error { try Tensor.conv2d(x, weight: Tensor.full([4, 3, 3, 3], 1), padding: [-1]) }
        #expect(e?.kind == .value)
        e = S.error { try Tensor.conv2d(x, weight: Tensor.full([4, 3, 3, 3], 1), stride: [2], padding: .same) }
        #expect(e?.message == "conv2d: padding \"same\" needs stride 1, got stride [2, 2]")
        e = S.error { try Tensor.conv2d(x, weight: Tensor.full([4, 3, 3, 3], 1), bias: Tensor.full([3], 0)) }
        #expect(e?.message == "conv2d: bias [3] does not fit 4 output channels (expected [4])")
        e = S.error { try Tensor.conv2d(Tensor.full([5, 5], 1), weight: Tensor.full([4, 3, 3, 3], 1)) }
        #expect(e?.message == "conv2d: input must have shape [N, C, H, W] or [C, H, W], got [5, 5]")
        e = S.error { try Tensor.conv2d(x, weight: Tensor.full([4, 3, 3], 1)) }
        #expect(e?.kind == .shape)
        e = S.error { try Tensor.conv1d(Tensor.full([1, 2, 4], 1), weight: Tensor.full([1, 2, 3], 1), stride: 1, padding: [1, 2, 3]) }
        #expect(e?.message == "conv1d: padding needs 1, 1 or 2 values, got [1, 2, 3]")
    }

    @Test func layersInitializeAsPyTorch() throws {
        seed(7)
        let conv = try Conv2d(4, 8, kernelSize: 3, padding: 1, groups: 2)
        #expect(conv.weight.shape == [8, 2, 3, 3])
        #expect(conv.bias!.shape == [8])
        let bound = 1 / Float(2 * 9).squareRoot()
        #expect(conv.weight.values.allSatisfy { abs($0) <= bound })
        #expect(conv.bias!.values.allSatisfy { abs($0) <= bound })
        // The draws spread over the whole range, not a narrower one.
        #expect(conv.weight.values.map(abs).max()! > 0.9 * bound)
        #expect(conv.parameters().count == 2)
        #expect(try conv(Tensor.full([2, 4, 6, 6], 1)).shape == [2, 8, 6, 6])
        #expect(conv.summaryName == "Conv2d(4, 8, 3, padding: 1, groups: 2)")
        let plain = try Conv2d(1, 2, kernelSize: [3, 5], stride: [2, 1], bias: false)
        #expect(plain.summaryName == "Conv2d(1, 2, [3, 5], stride: [2, 1], bias: false)")
        #expect(plain.parameters().count == 1)
        let c1 = try Conv1d(3, 5, kernelSize: 4, padding: .same, dilation: 2)
        #expect(c1.weight.shape == [5, 3, 4])
        #expect(c1.weight.values.allSatisfy { abs($0) <= 1 / Float(12).squareRoot() })
        #expect(c1.summaryName == "Conv1d(3, 5, 4, padding: \"same\", dilation: 2)")
        #expect(try c1(Tensor.full([2, 3, 9], 1)).shape == [2, 5, 9])
        #expect(throws: TensorError.self) { try Conv2d(3, 4, kernelSize: 3, groups: 2) }
        #expect(throws: TensorError.self) { try Conv2d(0, 4, kernelSize: 3) }
        #expect(throws: TensorError.self) { try Conv2d(1, 4, kernelSize: 0) }
        #expect(throws: TensorError.self) { try Conv2d(1, 4, kernelSize: 3, stride: 2, padding: .same) }
        #expect(throws: TensorError.self) { try Conv1d(1, 4, kernelSize: 3, padding: -1) }
    }
}
