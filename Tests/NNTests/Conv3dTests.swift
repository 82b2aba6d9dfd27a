import NN
import TensorEngine
import Testing

/// conv3d and the 3-D pools: values against a direct loop, gradients (and conv3d's second derivatives)
/// against finite differences, the layers, and errors that name the numbers.
@Suite(.serialized) struct Conv3dTests {
    private func randn(_ shape: [Int]) throws -> Tensor { try Tensor.randn(shape, dtype: .float64) }

    /// The textbook sum over each window, written out, for a single-channel volume and kernel.
    private func naiveConv(_ x: [Float], _ size: [Int], _ w: [Float], _ k: [Int]) -> [Float] {
        var out: [Float] = []
        for d in 0...(size[0] - k[0]) {
            for h in 0...(size[1] - k[1]) {
                for c in 0...(size[2] - k[2]) {
                    var sum: Float = 0
                    for i in 0..<k[0] { for j in 0..<k[1] { for l in 0..<k[2] {
                        sum += x[((d + i) * size[1] + h + j) * size[2] + c + l] * w[(i * k[1] + j) * k[2] + l]
                    } } }
                    out.append(sum)
                }
            }
        }
        return out
    }

    @Test func matchesADirectLoop() throws {
        let size = [4, 5, 3], k = [2, 3, 2]
        let xs = (0..<60).map { Float(($0 * 7) % 13) - 6 }, ws = (0..<12).map { Float(($0 * 5) % 7) - 3 }
        let y = try Tensor.conv3d(try Tensor(shape: [1, 1] + size, values: xs), weight: try Tensor(shape: [1, 1] + k, values: ws))
        #expect(y.shape == [1, 1, 3, 3, 2])
        #expect(y.values == naiveConv(xs, size, ws, k))
    }

    @Test func poolsMatchTheirWindows() throws {
        let x = try Tensor(shape: [1, 2, 2, 2], values: (0..<8).map(Float.init))
        #expect(try Tensor.maxPool3d(x, kernel: [2]).values == [7])
        #expect(try Tensor.avgPool3d(x, kernel: [2]).values == [3.5])
        // Padding out of the divisor: the corner window holds one real element.
        let corner = try Tensor.avgPool3d(x, kernel: [2], padding: [1], countIncludePad: false)
        #expect(corner.shape == [1, 2, 2, 2] && corner.values[0] == 0)
    }

    @Test func conv3dGradientsAndSecondDerivatives() throws {
        seed(31)
        let cases: [([Int], [Int], [Int], ConvPadding, [Int], Int)] = [
            ([1, 2, 4, 4, 3], [2, 2, 2, 3, 2], [1], 1, [1], 1),
            ([2, 4, 5, 4, 4], [2, 2, 2, 2, 2], [2, 1, 1], [1, 0, 1], [1, 2, 1], 2),
            ([2, 3, 4, 4], [2, 2, 2, 2, 2], [1], .same, [1], 1),
            // A 1×1×1 kernel reads the volume as its own column matrix; uneven padding on each side.
            ([2, 3, 3, 2, 3], [4, 3, 1, 1, 1], [1], 0, [1], 1),
            ([1, 2, 6, 3, 4], [3, 2, 2, 2, 2], [2, 1, 2], [1, 0, 0, 1, 2, 1], [2, 1, 1], 1),
        ]
        for (xShape, wShape, stride, padding, dilation, groups) in cases {
            let inputs = [try randn(xShape), try randn(wShape), try randn([wShape[0]])]
            let fn: ([Tensor]) throws -> Tensor = {
                try Tensor.conv3d($0[0], weight: $0[1], bias: $0[2], stride: stride, padding: padding, dilation: dilation,
                                  groups: groups).pow(2)
            }
            #expect(try gradcheck(fn, inputs), "\(xShape) \(wShape)")
            #expect(try gradgradcheck(fn, inputs), "\(xShape) \(wShape)")
        }
    }

    /// A volume large enough that its columns are unfolded a few output depths at a time, against the
    /// sum over kernel depths of 2-D convolutions of depth slices, values and both gradients.
    @Test func slabsOfDepthsAgreeWithPerDepthConvolutions() throws {
        seed(34)
        let x = try randn([2, 8, 6, 18, 18]), w = try randn([4, 8, 3, 3, 3])
        for t in [x, w] { t.requiresGrad = true }
        let fused = try Tensor.conv3d(x, weight: w, padding: 1)
        let padded = try x.pad([1, 1, 1, 1, 1, 1])
        var reference: Tensor?
        for kd in 0..<3 {
            let planes = try padded[[.all, .all, .range(kd, kd + 6, 1)]].permute([0, 2, 1, 3, 4]).reshape([12, 8, 20, 20])
            let y = try Tensor.conv2d(planes, weight: try w[[.all, .all, .at(kd)]]).reshape([2, 6, 4, 18, 18])
            reference = try reference.map { try $0 + y } ?? y
        }
        let expected = try #require(reference).permute([0, 2, 1, 3, 4])
        let upstream = try randn(fused.shape)
        let gradients = try [fused, expected].map { y -> [Tensor] in
            x.zeroGrad()
            w.zeroGrad()
            try (y * upstream).sum().backward()
            return [try #require(x.grad), try #require(w.grad)]
        }
        for (a, b) in zip([fused] + gradients[0], [expected] + gradients[1]) {
            #expect(try (a - b).abs().max().item() < 1e-9)
        }
    }

    @Test func poolGradients() throws {
        seed(32)
        let x = try randn([1, 2, 5, 4, 5])
        #expect(try gradcheck({ try Tensor.maxPool3d($0[0], kernel: [3, 2, 2], stride: [2], padding: [1], ceilMode: true) }, [x]))
        #expect(try gradcheck({ try Tensor.avgPool3d($0[0], kernel: [3, 2, 3], stride: [2], padding: [1, 1, 0], ceilMode: true,
                                                     countIncludePad: false).pow(2) }, [x]))
        #expect(try gradgradcheck({ try Tensor.avgPool3d($0[0], kernel: [2], padding: [1]).pow(2) }, [x]))
    }

    @Test func layersRunAndDescribeThemselves() throws {
        seed(33)
        let conv = try Conv3d(4, 6, kernelSize: [2, 3, 3], stride: [1, 2, 2], groups: 2)
        #expect(conv.weight.shape == [6, 2, 2, 3, 3])
        #expect(try conv.forward(try randn([2, 4, 3, 7, 7])).shape == [2, 6, 2, 3, 3])
        #expect(conv.summaryName == "Conv3d(4, 6, [2, 3, 3], stride: [1, 2, 2], groups: 2)")
        #expect(try MaxPool3d(2).forward(try randn([3, 4, 4, 4])).shape == [3, 2, 2, 2])
        #expect(try AvgPool3d(3, stride: 1, padding: 1).forward(try randn([1, 1, 3, 3, 3])).shape == [1, 1, 3, 3, 3])
    }

    @Test func errorsNameTheNumbers() throws {
        let x = try Tensor.zeros([1, 4, 3, 3, 3])
        #expect(throws: TensorError(.shape, "conv3d: input must have shape [N, C, D, H, W] or [C, D, H, W], got [4, 3, 3]")) {
            try Tensor.conv3d(try Tensor.zeros([4, 3, 3]), weight: try Tensor.zeros([2, 4, 1, 1, 1]))
        }
        #expect(throws: TensorError(.shape, "conv3d: the kernel spans 4×2×2 but the padded input is only 3×3×3")) {
            try Tensor.conv3d(x, weight: try Tensor.zeros([2, 4, 4, 2, 2]))
        }
        #expect(throws: TensorError(.shape, "conv3d: input [1, 4, 3, 3, 3] has 4 channels but weight [3, 1, 1, 1, 1] with 3 groups expects 3")) {
            try Tensor.conv3d(x, weight: try Tensor.zeros([3, 1, 1, 1, 1]), groups: 3)
        }
        #expect(throws: TensorError(.value, "maxPool3d: padding [2] must be at most half the effective kernel size [3, 3, 3]")) {
            try Tensor.maxPool3d(x, kernel: [3], padding: [2])
        }
        #expect(throws: TensorError.self) { try Conv3d(4, 6, kernelSize: 3, groups: 4) }
    }
}
