#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Decays the learning rate to 0 over `totalIters` steps: `lr₀ · (1 − t/totalIters)^power`.
public final class PolynomialLR: LRScheduler {
    public let totalIters: Int, power: Double

    public init(_ optimizer: any Optimizer, totalIters: Int = Defaults.totalIters, power: Double = Defaults.power) throws {
        try Self.check(totalIters > 0, "totalIters must be positive (got \(totalIters))")
        try Self.check(power >= 0, "power must be non-negative (got \(power))")
        self.totalIters = totalIters
        self.power = power
        super.init(optimizer)
    }

    /// PyTorch's defaults, which the language's `PolynomialLR` declares too.
    public enum Defaults {
        public static let totalIters = 5
        public static let power: Double = 1
    }

    public override func rate(at t: Int, from base: Double) -> Double {
        let left = 1 - Double(min(t, totalIters)) / Double(totalIters)
        return base * pow(left, power)
    }
}
