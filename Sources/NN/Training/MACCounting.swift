import TensorEngine

/// A layer that can say how many multiply-accumulates one forward pass costs, for `summary`.
///
/// Layers adopt it in one line beside their definition; a layer that does not is shown with an
/// unknown count when it has parameters (parameter-free layers such as activations count as 0).
/// A convolution's count is output elements × (in channels / groups) × kernel area.
public protocol MACCounting {
    /// The multiply-accumulates of a forward pass from an input of shape `input` to `output`.
    func macs(input: [Int], output: [Int]) -> Int
}

extension Linear: MACCounting {
    /// One multiply-accumulate per weight per output row: output elements × in features.
    public func macs(input: [Int], output: [Int]) -> Int {
        Shape.count(output) * weight.shape[1]
    }
}

extension Conv2d: MACCounting {
    /// Output elements × (in channels / groups) × kernel area: one weight slice per output element.
    public func macs(input: [Int], output: [Int]) -> Int {
        Shape.count(output) * (weight.count / max(weight.shape[0], 1))
    }
}

extension Conv1d: MACCounting {
    /// Output elements × (in channels / groups) × kernel length.
    public func macs(input: [Int], output: [Int]) -> Int {
        Shape.count(output) * (weight.count / max(weight.shape[0], 1))
    }
}
