import TensorEngine

/// Collapses dimensions `startAxis` through `endAxis` into one: by default every dimension after the
/// batch, so `[N, C, H, W]` becomes `[N, C·H·W]` (PyTorch's `Flatten(start_dim=1, end_dim=-1)`).
public final class Flatten: Module {
    public let forwardHooks = ForwardHooks()
    public let startAxis: Int, endAxis: Int
    public var isTraining = true

    public init(startAxis: Int = Defaults.startAxis, endAxis: Int = Defaults.endAxis) {
        self.startAxis = startAxis
        self.endAxis = endAxis
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        let start = try Shape.axis(startAxis, rank: x.rank, op: "Flatten")
        let end = try Shape.axis(endAxis, rank: x.rank, op: "Flatten")
        guard start <= end else {
            throw TensorError(.value, "Flatten: start axis \(startAxis) comes after end axis \(endAxis) for a tensor of rank \(x.rank)")
        }
        let shape = Array(x.shape[..<start]) + [Shape.count(Array(x.shape[start...end]))] + Array(x.shape[(end + 1)...])
        return try x.reshape(shape)
    }

    public var summaryName: String {
        "Flatten(" + [startAxis != Defaults.startAxis ? "startAxis: \(startAxis)" : nil, endAxis != Defaults.endAxis ? "endAxis: \(endAxis)" : nil]
            .compactMap { $0 }.joined(separator: ", ") + ")"
    }
}

extension Flatten {
    /// PyTorch's defaults (all but the batch axis), which the language's `Flatten` declares too.
    public enum Defaults {
        public static let startAxis = 1, endAxis = -1
    }
}
