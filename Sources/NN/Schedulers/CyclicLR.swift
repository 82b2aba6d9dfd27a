#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Cycles the learning rate between `baseLr` and `maxLr` (PyTorch's `CyclicLR`, without momentum cycling).
///
/// Each cycle rises linearly for `stepSizeUp` steps and falls for `stepSizeDown` (the same by default).
/// `triangular` keeps the amplitude, `triangular2` halves it every cycle, and `exponentialRange` scales
/// it by `gamma^t`. The optimizer's rate is set to `baseLr` when the scheduler is made.
public final class CyclicLR: LRScheduler {
    /// How the amplitude changes from cycle to cycle.
    public enum Mode: String, Sendable {
        case triangular
        case triangular2
        case exponentialRange = "exp_range"
    }

    /// Each group's peak rate (one given for every group, or one per group).
    public let maxLearningRates: [Double]
    /// The first group's peak rate.
    public var maxLearningRate: Double { maxLearningRates.first ?? 0 }
    public let stepSizeUp: Int, stepSizeDown: Int
    public let mode: Mode, gamma: Double

    public convenience init(_ optimizer: any Optimizer, baseLr: Double, maxLr: Double, stepSizeUp: Int = Defaults.stepSizeUp,
                            stepSizeDown: Int? = nil, mode: Mode = Defaults.mode, gamma: Double = Defaults.gamma) throws {
        try self.init(optimizer, baseLrs: [baseLr], maxLrs: [maxLr], stepSizeUp: stepSizeUp, stepSizeDown: stepSizeDown,
                      mode: mode, gamma: gamma)
    }

    /// Per parameter group: `baseLrs` and `maxLrs` hold one rate for every group or one per group (PyTorch's lists).
    public init(_ optimizer: any Optimizer, baseLrs: [Double], maxLrs: [Double], stepSizeUp: Int = Defaults.stepSizeUp,
                stepSizeDown: Int? = nil, mode: Mode = Defaults.mode, gamma: Double = Defaults.gamma) throws {
        let groups = optimizer.learningRates.count
        func perGroup(_ rates: [Double], _ name: String) throws -> [Double] {
            try Self.check(rates.count == 1 || rates.count == groups,
                           "\(name) must be one rate or one per parameter group (\(groups)), not \(rates.count)")
            try Self.check(rates.allSatisfy { $0 >= 0 }, "\(name) must be non-negative (got \(rates))")
            return rates.count == 1 ? Array(repeating: rates[0], count: groups) : rates
        }
        let baseLrs = try perGroup(baseLrs, "baseLr"), maxLrs = try perGroup(maxLrs, "maxLr")
        try Self.check(stepSizeUp > 0, "stepSizeUp must be positive (got \(stepSizeUp))")
        try Self.check((stepSizeDown ?? 1) > 0, "stepSizeDown must be positive (got \(stepSizeDown ?? 0))")
        try Self.check(gamma > 0, "gamma must be positive (got \(gamma))")
        maxLearningRates = maxLrs
        self.stepSizeUp = stepSizeUp
        self.stepSizeDown = stepSizeDown ?? stepSizeUp
        self.mode = mode
        self.gamma = gamma
        super.init(optimizer, baseLearningRates: baseLrs)
    }

    /// PyTorch's defaults, which the language's `CyclicLR` declares too; `stepSizeDown` defaults to
    /// `stepSizeUp`.
    public enum Defaults {
        public static let stepSizeUp = 2000
        public static let mode = Mode.triangular
        public static let gamma: Double = 1
    }

    public override func rate(at t: Int, group g: Int, from _: Double) -> Double {
        let totalSize = Double(stepSizeUp + stepSizeDown), ratio = Double(stepSizeUp) / totalSize
        let cycle = (1 + Double(t) / totalSize).rounded(.down)
        let x = 1 + Double(t) / totalSize - cycle
        let position = x <= ratio ? x / ratio : (x - 1) / (ratio - 1)
        let scale: Double
        switch mode {
        case .triangular: scale = 1
        case .triangular2: scale = 1 / pow(2, cycle - 1)
        case .exponentialRange: scale = pow(gamma, Double(t))
        }
        let base = baseLearningRates[g]
        let height = (maxLearningRates[g] - base) * position
        return base + height * scale
    }

}
