import TensorEngine

/// Splits one dimension into several: PyTorch's `nn.Unflatten`, the inverse of `Flatten` (a decoder's
/// vector back into channels × height × width).
public final class Unflatten: Module {
    public let forwardHooks = ForwardHooks()
    public let axis: Int, sizes: [Int]
    public var isTraining = true

    public init(axis: Int, sizes: [Int]) {
        self.axis = axis
        self.sizes = sizes
    }

    public func forward(_ x: Tensor) throws -> Tensor { try x.unflatten(axis: axis, sizes: sizes) }

    public var summaryName: String { "Unflatten(\(axis), \(sizes))" }
}
