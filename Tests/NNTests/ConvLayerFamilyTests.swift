import NN
import TensorEngine
import Testing

/// The convolution and pooling layers share one implementation per family; each type keeps its own
/// name, option types and text form.
@Suite(.serialized) struct ConvLayerFamilyTests {
    @Test func eachTypeKeepsItsNameAndText() throws {
        seed(41)
        let layers: [(any Module, String)] = [
            (try Conv1d(2, 4, kernelSize: 3, stride: 2), "Conv1d(2, 4, 3, stride: 2)"),
            (try Conv2d(2, 4, kernelSize: [3, 1], padding: 1), "Conv2d(2, 4, [3, 1], padding: 1)"),
            (try Conv3d(2, 4, kernelSize: 3, dilation: 2, bias: false), "Conv3d(2, 4, 3, dilation: 2, bias: false)"),
            (try ConvTranspose1d(2, 4, kernelSize: 3, outputPadding: 1, dilation: 2), "ConvTranspose1d(2, 4, 3, outputPadding: 1, dilation: 2)"),
            (try ConvTranspose2d(2, 4, kernelSize: [3], stride: [2, 1]), "ConvTranspose2d(2, 4, 3, stride: [2, 1])"),
            (try MaxPool1d(3, padding: 1), "MaxPool1d(3, padding: 1)"),
            (try MaxPool2d(kernelSize: [2, 3], stride: [2, 3]), "MaxPool2d([2, 3])"),
            (try MaxPool3d(2, stride: 1, ceilMode: true), "MaxPool3d(2, stride: 1, ceilMode: true)"),
            (try AvgPool1d(2, countIncludePad: false), "AvgPool1d(2, countIncludePad: false)"),
            (try AvgPool2d(3, stride: 2, padding: 1), "AvgPool2d(3, stride: 2, padding: 1)"),
            (try AvgPool3d(kernelSize: [1, 2, 2]), "AvgPool3d([1, 2, 2])"),
        ]
        for (layer, text) in layers {
            #expect(layer.summaryName == text)
            #expect(String(describing: type(of: layer)) == String(text.prefix { $0 != "(" }))
        }
    }

    @Test func optionsKeepTheirSwiftTypes() throws {
        let oneD = try Conv1d(1, 1, kernelSize: 3, stride: 2)
        let sizes: (Int, Int) = (oneD.kernelSize, oneD.stride)
        #expect(sizes == (3, 2))
        #expect(try Conv2d(1, 1, kernelSize: [3]).kernelSize == [3, 3])
        #expect(try MaxPool1d(4).stride == 4)
        #expect(try AvgPool3d(2, stride: 1).stride == [1, 1, 1])
    }

    @Test func errorsNameTheLayer() throws {
        #expect(throws: TensorError(.value, "Conv1d: kernel size must be positive, got [0]")) { try Conv1d(1, 1, kernelSize: 0) }
        #expect(throws: TensorError(.value, "Conv3d: stride needs 1 or 3 values, got [1, 2]")) {
            try Conv3d(1, 1, kernelSize: [3], stride: [1, 2])
        }
        #expect(throws: TensorError(.value, "ConvTranspose1d: outputPadding 2 must be smaller than the stride 2 or the dilation 1")) {
            try ConvTranspose1d(1, 1, kernelSize: 3, stride: 2, outputPadding: 2)
        }
        #expect(throws: TensorError(.value, "MaxPool2d: padding must be non-negative, got [-1]")) { try MaxPool2d(2, padding: -1) }
        #expect(throws: TensorError(.value, "AvgPool3d: stride must be positive, got [0]")) { try AvgPool3d(2, stride: 0) }
    }
}
