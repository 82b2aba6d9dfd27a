#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// A linear warmup followed by a half cosine down to `minLr`.
///
/// For the first `warmup` steps the rate rises as `lr₀ · (t + 1) / warmup`, reaching lr₀ at step
/// `warmup − 1`; from step `warmup` to `total` it follows `minLr + (lr₀ − minLr)(1 + cos(π s)) / 2` with
/// `s = (t − warmup) / (total − warmup)`, and stays at `minLr` after. With no warmup this is PyTorch's
/// `CosineAnnealingLR(T_max: total, eta_min: minLr)`; with one it equals `SequentialLR` of
/// `LinearLR(start_factor: 1/warmup, total_iters: warmup − 1)` and that cosine, switched at `warmup`.
public final class CosineLR: Scheduler {
    public let optimizer: any Optimizer
    public let baseLearningRate: Float, minLearningRate: Float
    public let total: Int, warmup: Int
    public private(set) var epoch = 0
    public private(set) var learningRate: Float

    public init(_ optimizer: any Optimizer, total: Int, warmup: Int = 0, minLr: Float = 0) throws {
        try Self.check(total > 0, "total must be positive (got \(total))")
        try Self.check(warmup >= 0 && warmup < total, "warmup must be in 0..<total (got \(warmup) with total \(total))")
        try Self.check(minLr >= 0, "minLr must be non-negative (got \(minLr))")
        self.optimizer = optimizer
        self.total = total
        self.warmup = warmup
        minLearningRate = minLr
        baseLearningRate = optimizer.learningRate
        learningRate = 0
        learningRate = rate(at: 0)
        optimizer.learningRate = learningRate
    }

    /// The rate at step `t`.
    public func rate(at t: Int) -> Float {
        let base = schedulerDecimal(baseLearningRate), low = schedulerDecimal(minLearningRate)
        if t < warmup { return Float(base * Double(t + 1) / Double(warmup)) }
        if t >= total { return minLearningRate }
        let progress = Double(t - warmup) / Double(total - warmup)
        return Float(low + (base - low) * (1 + cos(Double.pi * progress)) / 2)
    }

    public func step() {
        epoch += 1
        learningRate = rate(at: epoch)
        optimizer.learningRate = learningRate
    }
}
