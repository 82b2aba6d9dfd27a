import NN
import TensorEngine
import Testing

/// Max and average pooling (1-D and 2-D), global average pooling and Flatten: values against PyTorch
/// fixtures and naive loops, gradients against finite differences, errors.
@Suite(.serialized) struct PoolTests {
    typealias S = ConvSupport

    /// The maximum (or mean) of each window by definition, padding as −∞ (max) or 0 counted (average).
    static func naivePool(_ x: Tensor, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int),
                          max isMax: Bool) -> [Float] {
        let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
        let oh = (h + 2 * padding.0 - kernel.0) / stride.0 + 1, ow = (w + 2 * padding.1 - kernel.1) / stride.1 + 1
        let v = x.values
        var out: [Float] = []
        for p in 0..<planes {
            for y in 0..<oh {
                for z in 0..<ow {
                    var best = -Float.infinity, sum: Float = 0
                    for i in 0..<kernel.0 {
                        for j in 0..<kernel.1 {
                            let iy = y * stride.0 - padding.0 + i, ix = z * stride.1 - padding.1 + j
                            guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                            best = Swift.max(best, v[(p * h + iy) * w + ix])
                            sum += v[(p * h + iy) * w + ix]
                        }
                    }
                    out.append(isMax ? best : sum / Float(kernel.0 * kernel.1))
                }
            }
        }
        return out
    }

    /// Max pooling by scanning each window in order (the first maximum wins), with the gradient of the
    /// sum: 1 at each winner, added up.
    static func naiveMaxWithGradient(_ x: Tensor, kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int),
                                     dilation: (Int, Int)) -> ([Float], [Float]) {
        let (planes, h, w) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
        let oh = (h + 2 * padding.0 - dilation.0 * (kernel.0 - 1) - 1) / stride.0 + 1
        let ow = (w + 2 * padding.1 - dilation.1 * (kernel.1 - 1) - 1) / stride.1 + 1
        let v = x.values
        var out: [Float] = [], grad = [Float](repeating: 0, count: v.count)
        for p in 0..<planes {
            for y in 0..<oh {
                for z in 0..<ow {
                    var best = -Float.infinity, at = -1
                    for i in 0..<kernel.0 {
                        for j in 0..<kernel.1 {
                            let iy = y * stride.0 - padding.0 + i * dilation.0, ix = z * stride.1 - padding.1 + j * dilation.1
                            guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                            let q = (p * h + iy) * w + ix
                            if at < 0 || v[q] > best { best = v[q]; at = q }
                        }
                    }
                    out.append(best)
                    grad[at] += 1
                }
            }
        }
        return (out, grad)
    }

    /// Distinct values a tenth apart, so finite differences never cross a tie of the maximum.
    static func distinct(_ shape: [Int], seed value: Int) throws -> Tensor {
        seed(value)
        return try Tensor.randperm(Shape.count(shape)).reshape(shape) * 0.1
    }

    @Test func maxPool2dMatchesPyTorchWithPaddingDilationAndCeilMode() throws {
        let x = try S.tensor([1, 2, 5, 7], 0.61, 2.3)
        let y = try Tensor.maxPool2d(x, kernel: [3, 2], stride: [2, 3], padding: [1, 1], dilation: [1, 2], ceilMode: true)
        #expect(y.shape == [1, 2, 3, 3])
        #expect(S.maxDifference(y.values, [-0.54, 0.96, -0.4, 1.1, 0.96, 0.91, 0.77, 1.05, 0.91,
                                           0.11, 0.72, 0.25, -0.22, 0.95, -0.08, 1.09, 0.95, -0.74]) < 1e-5)
    }

    @Test func avgPool2dMatchesPyTorchWithAndWithoutCountingPadding() throws {
        let x = try S.tensor([1, 2, 5, 7], 0.61, 2.3)
        let y = try Tensor.avgPool2d(x, kernel: [3], stride: [2], padding: [1], ceilMode: true)
        #expect(y.shape == [1, 2, 3, 4])
        #expect(S.maxDifference(y.values, [
            -0.193333, -0.0633333, -0.0166667, -0.115556, 0.274444, -0.0788889, 0.118889, -0.247778, 0.133333, 0.0433333,
            0.09, -0.0444444, -0.16, 0.114444, -0.0944444, 0.173333, -0.0588889, 0.06, 0.00222222, -0.07, 0.166667,
            -0.0344444, 0.0122222, -0.266667,
        ]) < 1e-5)
        let z = try Tensor.avgPool2d(x, kernel: [3], stride: [2], padding: [1], ceilMode: true, countIncludePad: false)
        #expect(S.maxDifference(z.values, [
            -0.435, -0.095, -0.025, -0.26, 0.411667, -0.0788889, 0.118889, -0.371667, 0.3, 0.065, 0.135, -0.1, -0.36,
            0.171667, -0.141667, 0.39, -0.0883333, 0.06, 0.00222222, -0.105, 0.375, -0.0516667, 0.0183333, -0.6,
        ]) < 1e-5)
    }

    @Test func pool1dMatchesPyTorch() throws {
        let x = try S.tensor([2, 3, 9], 0.29, 1.9)
        let m = try Tensor.maxPool1d(x, kernel: 3, stride: 2, padding: 1)
        #expect(m.shape == [2, 3, 5])
        #expect(S.maxDifference(m.values, [
            -0.66, -0.08, 0.5, 0.79, -0.53, 0.05, 0.63, 0.92, -0.11, 0.18, 0.76, 0.76, 0.02, 0.6, 0.89, -0.43, 0.15, 0.73,
            0.73, -0.3, 0.28, 0.86, 0.86, 0.12, 0.41, 0.7, -0.33, 0.25, 0.83, 0.83,
        ]) < 1e-5)
        let a = try Tensor.avgPool1d(x, kernel: 4, stride: 3, padding: 2, ceilMode: true, countIncludePad: false)
        #expect(a.shape == [2, 3, 4])
        #expect(S.maxDifference(a.values, [
            -0.805, -0.225, 0.17, -0.675, -0.095, 0.485, -0.07, 0.035, 0.615, -0.23, 0.165, 0.745, -0.575, 0.005,
            -0.075, -0.445, 0.135, 0.24, -0.315, 0.265, -0.105, -0.475, 0.395, 0.025,
        ]) < 1e-5)
    }

    @Test func matchesNaiveLoops() throws {
        let configs: [((Int, Int), (Int, Int), (Int, Int))] = [
            ((2, 2), (2, 2), (0, 0)), ((3, 3), (1, 1), (1, 1)), ((3, 2), (2, 1), (1, 0)), ((2, 3), (3, 2), (0, 1)),
        ]
        let x = try S.random([2, 3, 8, 7], seed: 31)
        for (k, s, p) in configs {
            let m = try Tensor.maxPool2d(x, kernel: [k.0, k.1], stride: [s.0, s.1], padding: [p.0, p.1])
            #expect(m.values == Self.naivePool(x, kernel: k, stride: s, padding: p, max: true), "\(k) \(s) \(p)")
            let a = try Tensor.avgPool2d(x, kernel: [k.0, k.1], stride: [s.0, s.1], padding: [p.0, p.1])
            #expect(S.close(a.values, Self.naivePool(x, kernel: k, stride: s, padding: p, max: false), 1e-5))
        }
        // Wide rows take the vector path (8 and 4 outputs at a time, with an overlapping last chunk):
        // values and the positions the gradient goes to must match a scan of each window in order.
        let wide = try S.random([2, 3, 9, 21], seed: 33)
        for (k, s, p, d) in [((3, 3), (1, 1), (1, 1), (1, 1)), ((2, 2), (2, 2), (0, 0), (1, 1)),
                             ((3, 2), (1, 3), (1, 0), (2, 1)), ((2, 2), (1, 1), (0, 0), (3, 3))] {
            let leaf = try wide.copy()
            leaf.requiresGrad = true
            let y = try Tensor.maxPool2d(leaf, kernel: [k.0, k.1], stride: [s.0, s.1], padding: [p.0, p.1], dilation: [d.0, d.1])
            try y.sum().backward()
            let (values, grad) = Self.naiveMaxWithGradient(wide, kernel: k, stride: s, padding: p, dilation: d)
            #expect(y.values == values, "\(k) \(s) \(p) \(d)")
            #expect(leaf.grad!.values == grad, "\(k) \(s) \(p) \(d)")
        }
        var withNaN = wide.values
        withNaN[5 * 21 + 10] = .nan
        let nanPooled = try Tensor.maxPool2d(try Tensor(shape: wide.shape, values: withNaN), kernel: [3], stride: [1])
        #expect(nanPooled.values.filter(\.isNaN).count == 9)
        // A large batch splits planes across cores.
        let big = try S.random([16, 16, 14, 14], seed: 32)
        #expect(try Tensor.maxPool2d(big, kernel: [2]).values
                == Self.naivePool(big, kernel: (2, 2), stride: (2, 2), padding: (0, 0), max: true))
        // Unbatched input.
        #expect(try Tensor.maxPool2d(try x[.at(0)], kernel: [2]).shape == [3, 4, 3])
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        try S.checkGradients([try Self.distinct([2, 2, 5, 6], seed: 1)]) {
            try Tensor.maxPool2d($0[0], kernel: [3], stride: [2], padding: [1])
        }
        // Overlapping windows: one input can be the maximum of several.
        try S.checkGradients([try Self.distinct([1, 2, 5, 5], seed: 2)]) {
            try Tensor.maxPool2d($0[0], kernel: [3, 2], stride: [1], dilation: [1, 2], ceilMode: true)
        }
        try S.checkGradients([try S.random([2, 2, 5, 6], seed: 3)]) {
            try Tensor.avgPool2d($0[0], kernel: [3], stride: [2], padding: [1], ceilMode: true)
        }
        try S.checkGradients([try S.random([1, 2, 5, 6], seed: 4)]) {
            try Tensor.avgPool2d($0[0], kernel: [2, 3], stride: [1, 2], padding: [1], countIncludePad: false)
        }
        try S.checkGradients([try Self.distinct([2, 2, 9], seed: 5)]) { try Tensor.maxPool1d($0[0], kernel: 3, stride: 2, padding: 1) }
        try S.checkGradients([try S.random([2, 2, 9], seed: 6)]) {
            try Tensor.avgPool1d($0[0], kernel: 4, stride: 3, padding: 2, ceilMode: true, countIncludePad: false)
        }
        try S.checkGradients([try S.random([2, 3, 4, 5], seed: 7)]) { try GlobalAvgPool2d()($0[0]) }
    }

    @Test func maxPoolPropagatesNaN() throws {
        let x = try Tensor(shape: [1, 1, 2, 2], values: [1, .nan, 3, 2])
        #expect(try Tensor.maxPool2d(x, kernel: [2]).values[0].isNaN)
    }

    @Test func layers() throws {
        let x = try S.random([2, 3, 8, 8], seed: 41)
        let pool = try MaxPool2d(2)
        #expect(try pool(x).shape == [2, 3, 4, 4])
        #expect(pool.summaryName == "MaxPool2d(2)")
        #expect(try MaxPool2d(3, stride: 2, padding: 1).summaryName == "MaxPool2d(3, stride: 2, padding: 1)")
        #expect(try AvgPool2d(kernelSize: [2, 4]).summaryName == "AvgPool2d([2, 4])")
        #expect(try AvgPool2d(2)(x).values == (try Tensor.avgPool2d(x, kernel: [2])).values)
        #expect(try MaxPool1d(2)(try x.reshape([2, 3, 64])).shape == [2, 3, 32])
        #expect(try AvgPool1d(4, stride: 2)(try x.reshape([2, 3, 64])).shape == [2, 3, 31])
        let global = try GlobalAvgPool2d()(x)
        #expect(global.shape == [2, 3])
        #expect(S.close(global.values, try x.mean(axes: [2, 3]).values, 1e-6))
        #expect(try GlobalAvgPool2d()(try x[.at(0)]).shape == [3])
        #expect(throws: TensorError.self) { try GlobalAvgPool2d()(Tensor.full([2, 3], 1)) }
        #expect(pool.parameters().isEmpty)
    }

    @Test func flatten() throws {
        let x = try Tensor.full([2, 3, 4, 5], 1)
        #expect(try Flatten()(x).shape == [2, 60])
        #expect(try Flatten(startAxis: 0)(x).shape == [120])
        #expect(try Flatten(startAxis: 1, endAxis: 2)(x).shape == [2, 12, 5])
        #expect(try Flatten(startAxis: -2)(x).shape == [2, 3, 20])
        #expect(try Flatten(startAxis: 0)(Tensor.full([4], 1)).shape == [4])
        #expect(S.error { try Flatten()(Tensor.full([4], 1)) }?.message == "Flatten: axis 1 is out of range for a tensor of rank 1")
        #expect(Flatten().summaryName == "Flatten()")
        #expect(S.error { try Flatten(startAxis: 2, endAxis: 1)(x) }?.kind == .value)
        #expect(S.error { try Flatten(startAxis: 4)(x) }?.kind == .index)
        // The gradient flows back in the input's shape.
        let leaf = try S.random([2, 3, 2], seed: 1)
        leaf.requiresGrad = true
        try Flatten()(leaf).sum().backward()
        #expect(leaf.grad!.shape == [2, 3, 2])
    }

    @Test func errors() throws {
        let x = try Tensor.full([1, 1, 4, 4], 1)
        #expect(S.error { try Tensor.maxPool2d(x, kernel: [2], padding: [2]) }?.message
                == "maxPool2d: padding [2] must be at most half the effective kernel size [2, 2]")
        #expect(S.error { try Tensor.maxPool2d(x, kernel: [5]) }?.message
                == "maxPool2d: the kernel spans 5×5 but the padded input is only 4×4")
        #expect(S.error { try Tensor.maxPool2d(Tensor.full([4, 4], 1), kernel: [2]) }?.message
                == "maxPool2d: input must have shape [N, C, H, W] or [C, H, W], got [4, 4]")
        #expect(S.error { try Tensor.avgPool2d(x, kernel: [0]) }?.message == "avgPool2d: kernel size must be positive, got [0]")
        #expect(S.error { try Tensor.avgPool1d(Tensor.full([1, 4], 1), kernel: 2, stride: 0) }?.kind == .value)
        #expect(throws: TensorError.self) { try MaxPool2d(0) }
        #expect(throws: TensorError.self) { try AvgPool1d(2, padding: -1) }
    }
}
