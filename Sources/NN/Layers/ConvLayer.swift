import TensorEngine

/// What the convolution and pooling layers share: option checks, PyTorch's default initialization and the
/// text form.
enum ConvLayer {
    /// One value per spatial dimension from one value (for all) or one per dimension, each at least
    /// `minimum`, or a ValueError naming the layer and option.
    static func perDimension(_ values: [Int], dims: Int, _ name: String, layer: String, minimum: Int) throws -> [Int] {
        guard values.count == 1 || values.count == dims else {
            throw TensorError(.value, "\(layer): \(name) needs 1 or \(dims) values, got \(values)")
        }
        guard values.allSatisfy({ $0 >= minimum }) else {
            throw TensorError(.value, "\(layer): \(name) must be \(minimum == 1 ? "positive" : "non-negative"), got \(values)")
        }
        return values.count == dims ? values : Array(repeating: values[0], count: dims)
    }

    /// The weight `[out, in/groups, k…]` and bias `[out]`, uniform in ±1/√fanIn: PyTorch's
    /// `kaiming_uniform_(a=√5)` for the weight, whose bound works out to exactly that, and its bias rule.
    static func parameters(layer: String, inChannels: Int, outChannels: Int, kernel: [Int], stride: [Int],
                           padding: ConvPadding, dilation: [Int], groups: Int, bias: Bool) throws -> (Tensor, Tensor?) {
        guard inChannels > 0, outChannels > 0 else {
            throw TensorError(.value, "\(layer): channel counts must be positive (got \(inChannels), \(outChannels))")
        }
        guard groups > 0, inChannels % groups == 0, outChannels % groups == 0 else {
            throw TensorError(.value, "\(layer): groups (\(groups)) must be positive and divide both \(inChannels) input and \(outChannels) output channels")
        }
        if padding == .same, stride.contains(where: { $0 != 1 }) {
            throw TensorError(.value, "\(layer): padding \"same\" needs stride 1, got stride \(stride)")
        }
        _ = try padding.amounts(kernel: kernel, dilation: dilation, op: layer)
        // The weight's size is checked (overflow, memory) before the kernel's product is used.
        _ = try Memory.count([outChannels, inChannels / groups] + kernel, op: layer)
        let fanIn = inChannels / groups * kernel.reduce(1, *)
        let bound = 1 / Float(fanIn).squareRoot()
        let weight = try Tensor.rand([outChannels, inChannels / groups] + kernel, low: -bound, high: bound)
        weight.requiresGrad = true
        guard bias else { return (weight, nil) }
        let b = try Tensor.rand([outChannels], low: -bound, high: bound)
        b.requiresGrad = true
        return (weight, b)
    }

    /// A list option as written: `3` when every dimension agrees, else `[3, 5]`.
    static func text(_ values: [Int]) -> String {
        Set(values).count == 1 ? "\(values[0])" : "\(values)"
    }

    /// The text form of a layer's options that differ from their defaults, e.g. `, stride: 2, padding: 1`.
    static func options(_ pairs: [(String, String, Bool)]) -> String {
        pairs.filter(\.2).map { ", \($0.0): \($0.1)" }.joined()
    }

    /// A transposed convolution's weight `[in, out/groups, k…]` and bias `[out]`, uniform in ±1/√fanIn with
    /// PyTorch's fan-in of that layout (`out/groups · k…`).
    static func transposedParameters(layer: String, inChannels: Int, outChannels: Int, kernel: [Int], groups: Int,
                                     bias: Bool) throws -> (Tensor, Tensor?) {
        guard inChannels > 0, outChannels > 0 else {
            throw TensorError(.value, "\(layer): channel counts must be positive (got \(inChannels), \(outChannels))")
        }
        guard groups > 0, inChannels % groups == 0, outChannels % groups == 0 else {
            throw TensorError(.value, "\(layer): groups (\(groups)) must be positive and divide both \(inChannels) input and \(outChannels) output channels")
        }
        let shape = [inChannels, outChannels / groups] + kernel
        _ = try Memory.count(shape, op: layer)
        let bound = 1 / Float(outChannels / groups * kernel.reduce(1, *)).squareRoot()
        let weight = try Tensor.rand(shape, low: -bound, high: bound)
        weight.requiresGrad = true
        guard bias else { return (weight, nil) }
        let b = try Tensor.rand([outChannels], low: -bound, high: bound)
        b.requiresGrad = true
        return (weight, b)
    }
}
