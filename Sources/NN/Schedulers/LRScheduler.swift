/// The schedulers whose rate is a function of the step count alone (PyTorch's `LRScheduler` with a
/// closed form): a subclass gives `rate(at:from:)`, and this keeps the count and sets each parameter
/// group's rate from that group's own starting rate.
///
/// The rate of step 0 is set when the scheduler is made: a subclass stores its settings before calling
/// `super.init`, so that `rate(at: 0, …)` can read them.
public class LRScheduler: StepSchedule {
    public let optimizer: any Optimizer
    /// The rate each group's schedule starts from: the group's when made, unless the schedule names its own.
    public internal(set) var baseLearningRates: [Double]
    public private(set) var epoch = 0
    public internal(set) var learningRates: [Double]

    init(_ optimizer: any Optimizer, baseLearningRates: [Double]? = nil) {
        self.optimizer = optimizer
        self.baseLearningRates = baseLearningRates ?? optimizer.learningRates
        learningRates = self.baseLearningRates
        learningRates = self.baseLearningRates.indices.map { rate(at: 0, group: $0, from: self.baseLearningRates[$0]) }
        optimizer.learningRates = learningRates
    }

    /// The first group's starting rate.
    public var baseLearningRate: Double { baseLearningRates.first ?? 0 }

    /// The rate at step `t` of a group that started at `base`; this base class keeps the base rate.
    public func rate(at t: Int, from base: Double) -> Double { base }

    /// The rate at step `t` of group `g` starting at `base`; a schedule with settings per group overrides this.
    public func rate(at t: Int, group g: Int, from base: Double) -> Double { rate(at: t, from: base) }

    /// Throws where the schedule has no step `t` (OneCycleLR past its total).
    func check(step t: Int) throws {}

    public func rates(at t: Int, from bases: [Double]) throws -> [Double] {
        try check(step: t)
        return bases.indices.map { rate(at: t, group: $0, from: bases[$0]) }
    }

    /// Sets the rates of step 0 through `rates(at:from:)`, for a schedule whose rates can throw or that
    /// combines other schedules (the initializer sets them through `rate(at:group:from:)`).
    func start() throws {
        learningRates = try rates(at: 0, from: baseLearningRates)
        optimizer.learningRates = learningRates
    }

    public func step() throws {
        learningRates = try rates(at: epoch + 1, from: baseLearningRates)
        epoch += 1
        optimizer.learningRates = learningRates
    }

    public func state() -> [String: Double] { SchedulerState.counted(epoch, baseLearningRates, learningRates) }

    public func loadState(_ values: [String: Double]) throws {
        (epoch, baseLearningRates, learningRates) = try SchedulerState.counted(values, "\(type(of: self))", groups: baseLearningRates.count)
        optimizer.learningRates = learningRates
    }
}

/// A schedule whose rates follow from the step count and the starting rates alone: what SequentialLR
/// and ChainedScheduler combine.
public protocol StepSchedule: Scheduler {
    /// The rate each group started from.
    var baseLearningRates: [Double] { get }
    /// Every group's rate at step `t` of a schedule started from `bases` (a schedule with rates of
    /// its own, such as CyclicLR, ignores them); throws where the schedule has no step `t`.
    func rates(at t: Int, from bases: [Double]) throws -> [Double]
}
