#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A linear warmup followed by a half cosine down to `minLr`.
///
/// For the first `warmup` steps the rate rises as `lr₀ · (t + 1) / warmup`, reaching lr₀ at step
/// `warmup − 1`; from step `warmup` to `total` it follows `minLr + (lr₀ − minLr)(1 + cos(π s)) / 2` with
/// `s = (t − warmup) / (total − warmup)`, and stays at `minLr` after. With no warmup this is PyTorch's
/// `CosineAnnealingLR(T_max: total, eta_min: minLr)`; with one it equals `SequentialLR` of
/// `LinearLR(start_factor: 1/warmup, total_iters: warmup − 1)` and that cosine, switched at `warmup`.
public final class CosineLR: LRScheduler {
    public let minLearningRate: Double
    public let total: Int, warmup: Int

    public init(_ optimizer: any Optimizer, total: Int, warmup: Int = Defaults.warmup, minLr: Double = Defaults.minLr) throws {
        try Self.check(total > 0, "total must be positive (got \(total))")
        try Self.check(warmup >= 0 && warmup < total, "warmup must be in 0..<total (got \(warmup) with total \(total))")
        try Self.check(minLr >= 0, "minLr must be non-negative (got \(minLr))")
        self.total = total
        self.warmup = warmup
        minLearningRate = minLr
        super.init(optimizer)
    }

    /// The language's `CosineLR` declares these defaults too.
    public enum Defaults {
        public static let warmup = 0
        public static let minLr: Double = 0
    }

    public override func rate(at t: Int, from base: Double) -> Double {
        let low = minLearningRate
        if t < warmup { return base * Double(t + 1) / Double(warmup) }
        if t >= total { return minLearningRate }
        let progress = Double(t - warmup) / Double(total - warmup)
        return low + (base - low) * (1 + cos(Double.pi * progress)) / 2
    }

}
