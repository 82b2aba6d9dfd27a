/// The activations that combine the input with a second tensor: PReLU's learned slopes and GLU's gate.
/// Both are compositions of differentiable operations, each a single elementwise pass or two.
extension Tensor {
    /// `x` where positive, `weight · x` elsewhere, with one slope (`weight` of 1 value) or one per
    /// channel (axis 1 of `x`, `weight` of that many values); the gradient at 0 is the slope, as PyTorch.
    public static func prelu(_ x: Tensor, weight: Tensor, op: String = "prelu") throws -> Tensor {
        guard weight.rank <= 1 else {
            throw TensorError.shape("\(op): the weight must be a vector of slopes, got shape \(describe(weight.shape))")
        }
        let channels = x.rank >= 2 ? x.shape[1] : 1
        guard weight.count == 1 || weight.count == channels else {
            throw TensorError.shape("\(op): the weight has \(weight.count) values but the input \(describe(x.shape)) has \(channels) channel\(channels == 1 ? "" : "s") (axis 1); give 1 or \(channels)")
        }
        // A single slope keeps a scalar input scalar.
        let slopes = weight.count == 1 ? try weight.reshape(x.rank == 0 ? [] : [1]) : try weight.reshape([channels] + Array(repeating: 1, count: x.rank - 2))
        let positive = try x.relu()
        return try positive + slopes * (x - positive)
    }

    /// `a · sigmoid(b)` where `a` and `b` are the two halves of `x` along `axis` (which must be even).
    public func glu(axis: Int = -1) throws -> Tensor {
        let a = try Shape.axis(axis, rank: rank, op: "glu")
        guard shape[a] % 2 == 0 else {
            throw TensorError.shape("glu: axis \(axis) of the input \(describe(shape)) has odd size \(shape[a]); it must split in two halves")
        }
        let halves = try split(sizes: [shape[a] / 2, shape[a] / 2], axis: a)
        return try halves[0] * halves[1].sigmoid()
    }
}
