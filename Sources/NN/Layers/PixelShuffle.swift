import TensorEngine

/// Moves channel blocks into space: `[N, C·r², H, W]` → `[N, C, H·r, W·r]`, as PyTorch's `PixelShuffle`.
public final class PixelShuffle: Module {
    public let forwardHooks = ForwardHooks()
    public let upscaleFactor: Int
    public var isTraining = true

    public init(_ upscaleFactor: Int) throws {
        guard upscaleFactor >= 1 else {
            throw TensorError(.value, "PixelShuffle: upscaleFactor must be positive, got \(upscaleFactor)")
        }
        self.upscaleFactor = upscaleFactor
    }

    public func forward(_ x: Tensor) throws -> Tensor { try Tensor.pixelShuffle(x, upscaleFactor: upscaleFactor) }

    public var summaryName: String { "PixelShuffle(\(upscaleFactor))" }
}
