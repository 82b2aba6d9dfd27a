import TensorEngine

/// Resizes `[N, C, H, W]` (or `[N, C, L]`, nearest only) to a fixed size or by a factor, as PyTorch's
/// `Upsample`; see `Tensor.interpolate` for the rules.
public final class Upsample: Module {
    public let forwardHooks = ForwardHooks()
    public let size: [Int]?, scaleFactor: [Double]?
    public let mode: InterpolationMode
    public let alignCorners: Bool
    public var isTraining = true

    /// Give exactly one of `size` and `scaleFactor`.
    public init(size: [Int]? = nil, scaleFactor: [Double]? = nil, mode: InterpolationMode = InterpolationDefaults.mode,
                alignCorners: Bool = InterpolationDefaults.alignCorners) throws {
        guard (size == nil) != (scaleFactor == nil) else {
            throw TensorError(.value, "Upsample: give either size or scaleFactor, not \(size == nil ? "neither" : "both")")
        }
        if alignCorners, mode == .nearest {
            throw TensorError(.value, "Upsample: alignCorners applies to bilinear mode only")
        }
        self.size = size
        self.scaleFactor = scaleFactor
        self.mode = mode
        self.alignCorners = alignCorners
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.interpolate(x, size: size, scaleFactor: scaleFactor, mode: mode, alignCorners: alignCorners)
    }

    public var summaryName: String {
        let factors = (scaleFactor ?? []).map { $0 == $0.rounded() && Swift.abs($0) < 1e15 ? "\(Int($0))" : "\($0)" }
        let amount = size.map { "size: \(ConvLayer.text($0))" }
            ?? "scaleFactor: " + (Set(factors).count == 1 ? factors[0] : "[" + factors.joined(separator: ", ") + "]")
        return "Upsample(\(amount)" + ConvLayer.options([
            ("mode", "\"\(mode.rawValue)\"", mode != InterpolationDefaults.mode),
            ("alignCorners", "true", alignCorners),
        ]) + ")"
    }
}
