import TensorEngine

/// Extracts sliding windows as columns, `[N, C, H, W]` → `[N, C·kH·kW, L]`, as PyTorch's `nn.Unfold`.
public final class Unfold: Module {
    public let forwardHooks = ForwardHooks()
    public let kernelSize: [Int], dilation: [Int], padding: [Int], stride: [Int]
    public var isTraining = true

    /// Each option is one value for both dimensions or two; they are checked against the input on use.
    public init(kernelSize: [Int], dilation: [Int] = [ConvDefaults.dilation], padding: [Int] = [ConvDefaults.padding],
                stride: [Int] = [ConvDefaults.stride]) {
        (self.kernelSize, self.dilation, self.padding, self.stride) = (kernelSize, dilation, padding, stride)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.unfold(x, kernelSize: kernelSize, dilation: dilation, padding: padding, stride: stride)
    }

    public var summaryName: String {
        "Unfold(\(ConvLayer.text(kernelSize))" + ConvLayer.options([
            ("dilation", ConvLayer.text(dilation), dilation.contains { $0 != ConvDefaults.dilation }),
            ("padding", ConvLayer.text(padding), padding.contains { $0 != ConvDefaults.padding }),
            ("stride", ConvLayer.text(stride), stride.contains { $0 != ConvDefaults.stride }),
        ]) + ")"
    }
}

/// Sums columns back into an image, `[N, C·kH·kW, L]` → `[N, C, outputSize]`, as PyTorch's `nn.Fold`.
public final class Fold: Module {
    public let forwardHooks = ForwardHooks()
    public let outputSize: [Int], kernelSize: [Int], dilation: [Int], padding: [Int], stride: [Int]
    public var isTraining = true

    public init(outputSize: [Int], kernelSize: [Int], dilation: [Int] = [ConvDefaults.dilation],
                padding: [Int] = [ConvDefaults.padding], stride: [Int] = [ConvDefaults.stride]) {
        (self.outputSize, self.kernelSize, self.dilation, self.padding, self.stride) = (outputSize, kernelSize, dilation, padding, stride)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.fold(x, outputSize: outputSize, kernelSize: kernelSize, dilation: dilation, padding: padding, stride: stride)
    }

    public var summaryName: String {
        "Fold(\(ConvLayer.text(outputSize)), \(ConvLayer.text(kernelSize))" + ConvLayer.options([
            ("dilation", ConvLayer.text(dilation), dilation.contains { $0 != ConvDefaults.dilation }),
            ("padding", ConvLayer.text(padding), padding.contains { $0 != ConvDefaults.padding }),
            ("stride", ConvLayer.text(stride), stride.contains { $0 != ConvDefaults.stride }),
        ]) + ")"
    }
}
