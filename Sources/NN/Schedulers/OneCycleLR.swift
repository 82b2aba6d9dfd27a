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
/// With `cycleMomentum` (the default, as in PyTorch) the momentum moves the other way, from `maxMomentum`
/// down to `baseMomentum` while the rate rises and back while it falls: SGD's `momentum`, or `beta1` of
/// Adam, AdamW, NAdam, Adamax, RAdam and Lion; other optimizers need `cycleMomentum: false`. Stepping past
/// `totalSteps` is a ValueError, as in PyTorch.
public final class OneCycleLR: LRScheduler {
    /// How the rate moves within a phase.
    public enum Anneal: String, Sendable { case cos, linear }

    public let maxLearningRates: [Double], totalSteps: Int
    public let pctStart: Double, anneal: Anneal, divFactor: Double, finalDivFactor: Double, threePhase: Bool
    /// The momentum range when cycled (nil when not).
    public let momentumRange: (base: Double, max: Double)?
    private let momentumGroups: [any CycledMomentum]

    /// `maxLrs` holds one rate for every group or one per group; `totalSteps` is what the schedule runs for.
    public init(_ optimizer: any Optimizer, maxLrs: [Double], totalSteps: Int, pctStart: Double = Defaults.pctStart,
                anneal: Anneal = Defaults.anneal, divFactor: Double = Defaults.divFactor,
                finalDivFactor: Double = Defaults.finalDivFactor, threePhase: Bool = false, cycleMomentum: Bool = true,
                baseMomentum: Double = Defaults.baseMomentum, maxMomentum: Double = Defaults.maxMomentum) throws {
        let groups = optimizer.learningRates.count
        try Self.check(maxLrs.count == 1 || maxLrs.count == groups,
                       "maxLr must be one rate or one per parameter group (\(groups)), not \(maxLrs.count)")
        try Self.check(maxLrs.allSatisfy { $0 >= 0 }, "maxLr must be non-negative (got \(maxLrs))")
        try Self.check(totalSteps > 0, "totalSteps must be positive (got \(totalSteps))")
        try Self.check(pctStart >= 0 && pctStart <= 1, "pctStart must be in [0, 1] (got \(pctStart))")
        try Self.check(divFactor > 0 && finalDivFactor > 0, "divFactor and finalDivFactor must be positive (got \(divFactor), \(finalDivFactor))")
        var momentumGroups: [any CycledMomentum] = []
        if cycleMomentum {
            guard let groups = optimizer.cycledMomentumGroups else {
                throw TensorError(.value, "OneCycleLR: cycleMomentum needs an optimizer with momentum or beta1 (SGD, Adam, AdamW, NAdam, Adamax, RAdam or Lion); pass cycleMomentum: false")
            }
            momentumGroups = groups
        }
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
        momentumRange = cycleMomentum ? (baseMomentum, maxMomentum) : nil
        self.momentumGroups = momentumGroups
        super.init(optimizer, baseLearningRates: initial)
        setMomentum(at: 0)
    }

    /// PyTorch's defaults, which the language's `OneCycleLR` declares too.
    public enum Defaults {
        public static let pctStart: Double = 0.3, divFactor: Double = 25, finalDivFactor: Double = 1e4
        public static let anneal = Anneal.cos
        public static let baseMomentum: Double = 0.85, maxMomentum: Double = 0.95
    }

    override func check(step t: Int) throws {
        guard t <= totalSteps else {
            throw TensorError(.value, "OneCycleLR: tried to step \(t) times; the schedule has totalSteps \(totalSteps)")
        }
    }

    public override func rate(at t: Int, group g: Int, from _: Double) -> Double {
        let initial = baseLearningRates[g], peak = maxLearningRates[g], low = initial / finalDivFactor
        let (phase, pct) = position(at: t)
        let ends = threePhase ? [(initial, peak), (peak, initial), (initial, low)] : [(initial, peak), (peak, low)]
        return interpolate(ends[phase].0, ends[phase].1, pct)
    }

    public override func rates(at t: Int, from bases: [Double]) throws -> [Double] {
        let rates = try super.rates(at: t, from: bases)
        setMomentum(at: t)
        return rates
    }

    public override func loadState(_ values: [String: Double]) throws {
        try super.loadState(values)
        setMomentum(at: epoch)
    }

    /// Sets every group's momentum to that of step `t`, moving against the rate.
    private func setMomentum(at t: Int) {
        guard let (base, top) = momentumRange else { return }
        let (phase, pct) = position(at: t)
        let ends = threePhase ? [(top, base), (base, top), (top, top)] : [(top, base), (base, top)]
        for group in momentumGroups { group.cycledMomentum = interpolate(ends[phase].0, ends[phase].1, pct) }
    }

    /// The phase step `t` is in and how far through it, as PyTorch computes them.
    private func position(at t: Int) -> (phase: Int, pct: Double) {
        let total = Double(totalSteps)
        let ends = threePhase ? [pctStart * total - 1, 2 * pctStart * total - 2, total - 1] : [pctStart * total - 1, total - 1]
        let step = Double(t)
        var start = 0.0
        for (i, end) in ends.enumerated() {
            if step <= end || i == ends.count - 1 { return (i, (step - start) / (end - start)) }
            start = end
        }
        return (ends.count - 1, 1)
    }

    /// PyTorch's annealing from `from` to `to` at `pct` of the way.
    private func interpolate(_ from: Double, _ to: Double, _ pct: Double) -> Double {
        switch anneal {
        case .cos: return to + (from - to) / 2 * (cos(Double.pi * pct) + 1)
        case .linear: return (to - from) * pct + from
        }
    }
}
