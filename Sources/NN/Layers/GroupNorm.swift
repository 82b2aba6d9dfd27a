import TensorEngine

/// Group normalization: each sample's channels in `numGroups` groups, each group (with all its positions)
/// to mean 0 and variance 1, then a per-channel scale (ones) and shift (zeros) when `affine`. It uses no
/// batch statistics, so training and evaluation compute the same.
public final class GroupNorm: Module {
    public let forwardHooks = ForwardHooks()
    public let numGroups: Int, numChannels: Int
    public let eps: Double
    public let weight: Tensor?, bias: Tensor?
    public var isTraining = true

    public init(numGroups: Int, numChannels: Int, eps: Double = Defaults.eps, affine: Bool = Defaults.affine) throws {
        guard numGroups > 0, numChannels > 0 else {
            throw TensorError(.value, "GroupNorm: numGroups and numChannels must be positive, got \(numGroups) and \(numChannels)")
        }
        guard numChannels % numGroups == 0 else {
            throw TensorError(.value, "GroupNorm: numChannels (\(numChannels)) must be divisible by numGroups (\(numGroups))")
        }
        guard eps > 0 else { throw TensorError(.value, "GroupNorm: eps must be positive, got \(eps)") }
        self.numGroups = numGroups
        self.numChannels = numChannels
        self.eps = eps
        weight = try affine ? NormalizedShape.parameter([numChannels], filledWith: 1) : nil
        bias = try affine ? NormalizedShape.parameter([numChannels], filledWith: 0) : nil
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 2, x.shape[1] == numChannels else {
            throw TensorError(.shape, "GroupNorm: expected an input [N, \(numChannels), …], got \(x.shape)")
        }
        return try Tensor.groupNorm(x, numGroups: numGroups, weight: weight, bias: bias, eps: eps, op: "GroupNorm")
    }

    public var ownParameters: [(String, Tensor)] {
        [("weight", weight), ("bias", bias)].compactMap { name, t in t.map { (name, $0) } }
    }

    public var summaryName: String {
        "GroupNorm(\(numGroups), \(numChannels)" + ConvLayer.options([
            ("eps", "\(eps)", eps != Defaults.eps),
            ("affine", "false", weight == nil),
        ]) + ")"
    }
}

extension GroupNorm {
    /// PyTorch's defaults, which the language's `GroupNorm` and `groupNorm` declare too.
    public enum Defaults {
        public static let eps: Double = 1e-5
        public static let affine = true
    }
}

