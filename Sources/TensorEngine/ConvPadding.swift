/// How a convolution or pooling window pads its input's spatial dimensions with zeros.
///
/// Written as a number (`padding: 1`), a list (`padding: [1, 2]`) or `.same`; `[Int]` values are
/// one amount for every dimension, one per dimension, or a (before, after) pair per dimension.
public enum ConvPadding: Equatable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    /// Explicit amounts: `[p]`, `[p₁, …, pₙ]`, or `[before₁, after₁, …, beforeₙ, afterₙ]`.
    case explicit([Int])
    /// As much as keeps the output size equal to the input size at stride 1; an odd total puts the
    /// extra zero at the end, as PyTorch's `padding='same'` does.
    case same

    /// No padding (PyTorch's `padding='valid'`).
    public static let valid = ConvPadding.explicit([0])

    public init(integerLiteral value: Int) { self = .explicit([value]) }
    public init(arrayLiteral elements: Int...) { self = .explicit(elements) }

    /// The (before, after) amounts per spatial dimension for a kernel, or a ValueError naming `op`.
    public func amounts(kernel: [Int], dilation: [Int], op: String) throws -> [(before: Int, after: Int)] {
        let dims = kernel.count
        switch self {
        case .same:
            // The dilated kernel spans d(k−1)+1 inputs; d(k−1) of them must be padding.
            return (0..<dims).map { d in
                let total = dilation[d] * (kernel[d] - 1)
                return (total / 2, total - total / 2)
            }
        case .explicit(let values):
            guard values.allSatisfy({ $0 >= 0 }) else {
                throw TensorError.value("\(op): padding must be non-negative, got \(values)")
            }
            if values.count == 1 { return Array(repeating: (values[0], values[0]), count: dims) }
            if values.count == dims { return values.map { ($0, $0) } }
            if values.count == 2 * dims { return (0..<dims).map { (values[2 * $0], values[2 * $0 + 1]) } }
            throw TensorError.value("\(op): padding needs 1, \(dims) or \(2 * dims) values, got \(values)")
        }
    }

    /// The padding as the language writes it: `1`, `[1, 2]` or `"same"`.
    public var description: String {
        switch self {
        case .same: return "\"same\""
        case .explicit(let v): return v.count == 1 || Set(v).count == 1 ? "\(v[0])" : "\(v)"
        }
    }

    /// Whether this adds no padding at all.
    public var isZero: Bool {
        if case .explicit(let v) = self { return v.allSatisfy { $0 == 0 } }
        return false
    }
}
