import TensorEngine

/// Runs schedules one after another (PyTorch's `SequentialLR`): `schedulers[i]` from `milestones[i − 1]`
/// on, each counting its steps from 0 at its milestone and starting from the rates the first schedule
/// started from (PyTorch's `initial_lr`).
public final class SequentialLR: LRScheduler {
    public let schedulers: [any StepSchedule], milestones: [Int]

    /// Throws a ValueError for no schedulers, schedulers of other optimizers, or a number of milestones
    /// other than one less than the schedulers.
    public init(_ optimizer: any Optimizer, schedulers: [any StepSchedule], milestones: [Int]) throws {
        try Self.check(!schedulers.isEmpty, "expects at least one scheduler")
        try ChainedScheduler.check(schedulers, share: optimizer, "SequentialLR")
        try Self.check(milestones.count == schedulers.count - 1,
                       "expects one milestone fewer than schedulers, got \(schedulers.count) schedulers and \(milestones.count) milestones")
        try Self.check(milestones.allSatisfy { $0 >= 0 }, "milestones must be non-negative (got \(milestones))")
        self.schedulers = schedulers
        self.milestones = milestones
        super.init(optimizer, baseLearningRates: schedulers[0].baseLearningRates)
        try start()
    }

    public override func rates(at t: Int, from bases: [Double]) throws -> [Double] {
        // PyTorch's bisect_right: the schedule of the milestones reached so far.
        var index = 0
        while index < milestones.count && milestones[index] <= t { index += 1 }
        let start = index == 0 ? 0 : milestones[index - 1]
        return try schedulers[index].rates(at: t - start, from: bases)
    }

}

/// Applies several schedules at once (PyTorch's `ChainedScheduler`): each step the first schedule's
/// rates feed the second as its starting rates, and so on, so multiplicative schedules (StepLR,
/// ExponentialLR, LinearLR, …) multiply their factors as PyTorch's chained steps do.
public final class ChainedScheduler: LRScheduler {
    public let schedulers: [any StepSchedule]

    /// Throws a ValueError for no schedulers or schedulers of different optimizers.
    public init(_ schedulers: [any StepSchedule], optimizer: (any Optimizer)? = nil) throws {
        guard let first = schedulers.first else { throw TensorError(.value, "ChainedScheduler: expects at least one scheduler") }
        let optimizer = optimizer ?? first.optimizer
        try Self.check(schedulers, share: optimizer, "ChainedScheduler")
        self.schedulers = schedulers
        super.init(optimizer, baseLearningRates: first.baseLearningRates)
        try start()
    }

    public override func rates(at t: Int, from bases: [Double]) throws -> [Double] {
        try schedulers.reduce(bases) { rates, s in try s.rates(at: t, from: rates) }
    }

    /// A ValueError naming `name` unless every schedule sets `optimizer`'s rates.
    static func check(_ schedulers: [any StepSchedule], share optimizer: any Optimizer, _ name: String) throws {
        if let i = schedulers.firstIndex(where: { $0.optimizer !== optimizer }) {
            throw TensorError(.value, "\(name): expects every scheduler to belong to the same optimizer, but scheduler \(i) has another")
        }
    }
}
