#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Multiplies the learning rate by `gamma` at each milestone: `lr₀ · gamma^(milestones reached)`.
public final class MultiStepLR: LRScheduler {
    public let milestones: [Int], gamma: Double

    public init(_ optimizer: any Optimizer, milestones: [Int], gamma: Double = Defaults.gamma) throws {
        try Self.check(milestones.allSatisfy { $0 >= 0 }, "milestones must be non-negative (got \(milestones))")
        try Self.check(gamma >= 0, "gamma must be non-negative (got \(gamma))")
        self.milestones = milestones.sorted()
        self.gamma = gamma
        super.init(optimizer)
    }

    /// PyTorch's defaults, which the language's `MultiStepLR` declares too.
    public enum Defaults {
        public static let gamma: Double = 0.1
    }

    public override func rate(at t: Int, from base: Double) -> Double {
        let reached = milestones.filter { $0 <= t }.count
        return base * pow(gamma, Double(reached))
    }
}
