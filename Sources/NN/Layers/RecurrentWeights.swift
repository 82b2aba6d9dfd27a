import TensorEngine

/// The weights of one recurrent layer (or cell) in PyTorch's layout and naming (`weight_ih_l0`, …).
struct RecurrentWeights {
    let weightIH: Tensor, weightHH: Tensor
    let biasIH: Tensor?, biasHH: Tensor?

    /// Draws every weight and bias uniformly in ±1/√hidden, PyTorch's initialization.
    init(input: Int, hidden: Int, gates: Int, bias: Bool) throws {
        let bound = 1 / Float(hidden).squareRoot()
        func draw(_ shape: [Int]) throws -> Tensor {
            let t = try Tensor.rand(shape, low: -bound, high: bound)
            t.requiresGrad = true
            return t
        }
        weightIH = try draw([gates * hidden, input])
        weightHH = try draw([gates * hidden, hidden])
        biasIH = bias ? try draw([gates * hidden]) : nil
        biasHH = bias ? try draw([gates * hidden]) : nil
    }

    /// The weights of every layer and direction of a stack, after checking the sizes, layer by layer
    /// with the forward direction first: the first layer reads `input` features, the others the
    /// previous layer's `directions × hidden`.
    static func stack(_ name: String, input: Int, hidden: Int, layers: Int, directions: Int, gates: Int,
                      bias: Bool) throws -> [RecurrentWeights] {
        guard input > 0, hidden > 0, layers > 0 else {
            throw TensorError(.value, "\(name): inputSize (\(input)), hiddenSize (\(hidden)) and numLayers (\(layers)) must be positive")
        }
        // The whole stack's weights are counted before the first layer is drawn.
        _ = try Memory.count([layers * directions, gates * hidden, max(input, directions * hidden) + hidden + 2], op: name)
        return try (0..<(layers * directions)).map {
            try RecurrentWeights(input: $0 < directions ? input : directions * hidden, hidden: hidden, gates: gates, bias: bias)
        }
    }

    /// The tensors under PyTorch's names, each name followed by `suffix` (`_l0`, `_l1_reverse`, or
    /// nothing for a cell).
    func named(_ suffix: String) -> [(String, Tensor)] {
        var out = [("weight_ih\(suffix)", weightIH), ("weight_hh\(suffix)", weightHH)]
        if let biasIH { out.append(("bias_ih\(suffix)", biasIH)) }
        if let biasHH { out.append(("bias_hh\(suffix)", biasHH)) }
        return out
    }
}

extension Array where Element == RecurrentWeights {
    /// Every layer's tensors under PyTorch's names, layer by layer, the reverse direction after the
    /// forward one.
    func named(directions: Int) -> [(String, Tensor)] {
        enumerated().flatMap { $0.element.named("_l\($0.offset / directions)\($0.offset % directions == 1 ? "_reverse" : "")") }
    }
}
