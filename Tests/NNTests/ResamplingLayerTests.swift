import NN
import TensorEngine
import Testing

/// Transposed convolutions and the resizing layers: PyTorch's parameter layout and names (so its state
/// dicts load), their text form and their option checks. Values are checked by the engine's tests and
/// the differential suite.
@Suite struct ResamplingLayerTests {
    @Test func convTransposeHasPyTorchsLayout() throws {
        let layer = try ConvTranspose2d(4, 6, kernelSize: [3, 2], stride: [2], groups: 2)
        #expect(layer.weight.shape == [4, 3, 3, 2] && layer.bias?.shape == [6])
        #expect(layer.namedParameters().map(\.0) == ["weight", "bias"])
        #expect(layer.summaryName == "ConvTranspose2d(4, 6, [3, 2], stride: 2, groups: 2)")
        let weight = try Tensor.full([4, 3, 3, 2], 0.5), bias = try Tensor.full([6], 1)
        try layer.loadStateDict([("weight", weight), ("bias", bias)])
        #expect(try layer(try Tensor.zeros([1, 4, 2, 2])).values.allSatisfy { $0 == 1 })
        let oneD = try ConvTranspose1d(2, 3, kernelSize: 4, stride: 3, outputPadding: 2, bias: false)
        #expect(oneD.weight.shape == [2, 3, 4] && oneD.bias == nil)
        #expect(oneD.summaryName == "ConvTranspose1d(2, 3, 4, stride: 3, outputPadding: 2, bias: false)")
    }

    @Test func convTransposeRejectsBadOptions() {
        #expect(throws: TensorError.self) { try ConvTranspose2d(4, 6, kernelSize: [3], stride: [2], outputPadding: [2]) }
        #expect(throws: TensorError.self) { try ConvTranspose2d(4, 6, kernelSize: [3], groups: 4) }
        #expect(throws: TensorError.self) { try ConvTranspose1d(0, 6, kernelSize: 3) }
    }

    @Test func resizingLayersDescribeThemselves() throws {
        #expect(try AdaptiveAvgPool2d([3]).summaryName == "AdaptiveAvgPool2d(3)")
        #expect(try AdaptiveMaxPool2d([2, 4]).summaryName == "AdaptiveMaxPool2d([2, 4])")
        #expect(try Upsample(scaleFactor: [2]).summaryName == "Upsample(scaleFactor: 2)")
        #expect(try Upsample(scaleFactor: [1.5, 2], mode: .bilinear).summaryName == "Upsample(scaleFactor: [1.5, 2], mode: \"bilinear\")")
        #expect(try Upsample(size: [4, 5], mode: .bilinear, alignCorners: true).summaryName
                    == "Upsample(size: [4, 5], mode: \"bilinear\", alignCorners: true)")
        #expect(try PixelShuffle(3).summaryName == "PixelShuffle(3)")
        #expect(Unfold(kernelSize: [3], padding: [1]).summaryName == "Unfold(3, padding: 1)")
        #expect(throws: TensorError.self) { try Upsample() }
        #expect(throws: TensorError.self) { try Upsample(size: [2], alignCorners: true) }
        #expect(throws: TensorError.self) { try AdaptiveAvgPool2d([0]) }
    }
}
