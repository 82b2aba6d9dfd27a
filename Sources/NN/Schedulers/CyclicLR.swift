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

    public let maxLearningRate: Double
    public let stepSizeUp: Int, stepSizeDown: Int
    public let mode: Mode, gamma: Double

    public init(_ optimizer: any Optimizer, baseLr: Double, maxLr: Double, stepSizeUp: Int = Defaults.stepSizeUp,
                stepSizeDown: Int? = nil, mode: Mode = Defaults.mode, gamma: Double = Defaults.gamma) throws {
        try Self.check(baseLr >= 0 && maxLr >= 0, "baseLr and maxLr must be non-negative (got \(baseLr), \(maxLr))")
        try Self.check(stepSizeUp > 0, "stepSizeUp must be positive (got \(stepSizeUp))")
        try Self.check((stepSizeDown ?? 1) > 0, "stepSizeDown must be positive (got \(stepSizeDown ?? 0))")
        try Self.check(gamma > 0, "gamma must be positive (got \(gamma))")
        maxLearningRate = maxLr
        self.stepSizeUp = stepSizeUp
        self.stepSizeDown = stepSizeDown ?? stepSizeUp
        self.mode = mode
        self.gamma = gamma
        super.init(optimizer, baseLearningRate: baseLr)
    }

    /// PyTorch's defaults, which the language's `CyclicLR` declares too; `stepSizeDown` defaults to
    /// `stepSizeUp`.
    public enum Defaults {
        public static let stepSizeUp = 2000
        public static let mode = Mode.triangular
        public static let gamma: Double = 1
    }

    public override func rate(at t: Int) -> Double {
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
        let height = (maxLearningRate - baseLearningRate) * position
        return baseLearningRate + height * scale
    }

}
