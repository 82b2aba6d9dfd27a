/// Scales the learning rate by a factor that moves linearly from `startFactor` to `endFactor` over
/// `totalIters` steps, then stays (PyTorch's warm-up schedule).
public final class LinearLR: LRScheduler {
    public let startFactor: Double, endFactor: Double, totalIters: Int

    public init(_ optimizer: any Optimizer, startFactor: Double = Defaults.startFactor, endFactor: Double = Defaults.endFactor,
                totalIters: Int = Defaults.totalIters) throws {
        try Self.check(startFactor > 0 && startFactor <= 1, "startFactor must be in (0, 1] (got \(startFactor))")
        try Self.check(endFactor >= 0 && endFactor <= 1, "endFactor must be in [0, 1] (got \(endFactor))")
        try Self.check(totalIters >= 0, "totalIters must be non-negative (got \(totalIters))")
        self.startFactor = startFactor
        self.endFactor = endFactor
        self.totalIters = totalIters
        super.init(optimizer)
    }

    /// PyTorch's defaults, which the language's `LinearLR` declares too.
    public enum Defaults {
        public static let startFactor: Double = 1.0 / 3
        public static let endFactor: Double = 1
        public static let totalIters = 5
    }

    public override func rate(at t: Int, from base: Double) -> Double {
        let start = startFactor, end = endFactor
        let done = totalIters == 0 ? 1 : Double(min(t, totalIters)) / Double(totalIters)
        return base * (start + (end - start) * done)
    }
}
