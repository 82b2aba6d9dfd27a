#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Multiplies the learning rate by `gamma` every `stepSize` steps: `lr₀ · gamma^⌊t / stepSize⌋`.
public final class StepLR: LRScheduler {
    public let stepSize: Int, gamma: Double

    public init(_ optimizer: any Optimizer, stepSize: Int, gamma: Double = Defaults.gamma) throws {
        try Self.check(stepSize > 0, "stepSize must be positive (got \(stepSize))")
        try Self.check(gamma >= 0, "gamma must be non-negative (got \(gamma))")
        self.stepSize = stepSize
        self.gamma = gamma
        super.init(optimizer)
    }

    /// PyTorch's defaults, which the language's `StepLR` declares too.
    public enum Defaults {
        public static let gamma: Double = 0.1
    }

    public override func rate(at t: Int, from base: Double) -> Double {
        base * pow(gamma, Double(t / stepSize))
    }
}
