#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// The one-cycle policy (PyTorch's `OneCycleLR`): from `maxLr / divFactor` up to `maxLr` over the first
/// `pctStart` of `totalSteps`, then down to `maxLr / (divFactor · finalDivFactor)`; with `threePhase`, back
/// to the start rate first, then down to the minimum.
///
/// Momentum is not cycled (PyTorch's `cycle_momentum=False`). Stepping past `totalSteps` is a ValueError,
/// as in PyTorch.
public final class OneCycleLR: LRScheduler {
    /// How the rate moves within a phase.
    public enum Anneal: String, Sendable { case cos, linear }

    public let maxLearningRates: [Double], totalSteps: Int
    public let pctStart: Double, anneal: Anneal, divFactor: Double, finalDivFactor: Double, threePhase: Bool

    /// `maxLrs` holds one rate for every group or one per group; `totalSteps` is what the schedule runs for.
    public init(_ optimizer: any Optimizer, maxLrs: [Double], totalSteps: Int, pctStart: Double = Defaults.pctStart,
                anneal: Anneal = Defaults.anneal, divFactor: Double = Defaults.divFactor,
                finalDivFactor: Double = Defaults.finalDivFactor, threePhase: Bool = false) throws {
        let groups = optimizer.learningRates.count
        try Self.check(maxLrs.count == 1 || maxLrs.count == groups,
                       "maxLr must be one rate or one per parameter group (\(groups)), not \(maxLrs.count)")
        try Self.check(maxLrs.allSatisfy { $0 >= 0 }, "maxLr must be non-negative (got \(maxLrs))")
        try Self.check(totalSteps > 0, "totalSteps must be positive (got \(totalSteps))")
        try Self.check(pctStart >= 0 && pctStart <= 1, "pctStart must be in [0, 1] (got \(pctStart))")
        try Self.check(divFactor > 0 && finalDivFactor > 0, "divFactor and finalDivFactor must be positive (got \(divFactor), \(finalDivFactor))")
        let peaks = maxLrs.count == 1 ? Array(repeating: maxLrs[0], count: groups) : maxLrs
        var initial: [Double] = []
        for peak in peaks { initial.append(peak / divFactor) }
        maxLearningRates = peaks
        self.totalSteps = totalSteps
        self.pctStart = pctStart
        self.anneal = anneal
        self.divFactor = divFactor
        self.finalDivFactor = finalDivFactor
        self.threePhase = threePhase
        super.init(optimizer, baseLearningRates: initial)
    }

    /// PyTorch's defaults, which the language's `OneCycleLR` declares too.
    public enum Defaults {
        public static let pctStart: Double = 0.3, divFactor: Double = 25, finalDivFactor: Double = 1e4
        public static let anneal = Anneal.cos
    }

    override func check(step t: Int) throws {
        guard t <= totalSteps else {
            throw TensorError(.value, "OneCycleLR: tried to step \(t) times; the schedule has totalSteps \(totalSteps)")
        }
    }

    public override func rate(at t: Int, group g: Int, from _: Double) -> Double {
        let initial = baseLearningRates[g], peak = maxLearningRates[g], low = initial / finalDivFactor
        let total = Double(totalSteps), rise = pctStart * total - 1
        // (the step a phase ends at, its start and end rates), as PyTorch lists them.
        let phases: [(end: Double, from: Double, to: Double)] = threePhase
            ? [(rise, initial, peak), (2 * pctStart * total - 2, peak, initial), (total - 1, initial, low)]
            : [(rise, initial, peak), (total - 1, peak, low)]
        let step = Double(t)
        var start = 0.0
        for (i, phase) in phases.enumerated() {
            if step <= phase.end || i == phases.count - 1 {
                let pct = (step - start) / (phase.end - start)
                switch anneal {
                case .cos: return phase.to + (phase.from - phase.to) / 2 * (cos(Double.pi * pct) + 1)
                case .linear: return (phase.to - phase.from) * pct + phase.from
                }
            }
            start = phase.end
        }
        return low
    }
}
