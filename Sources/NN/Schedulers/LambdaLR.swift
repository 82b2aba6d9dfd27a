/// The learning rate `lr₀ · factor(t)` for a factor function of the step count the caller gives (a
/// closure of the language: `LambdaLR(opt, fn(t) { 0.95 ** t })`); each parameter group scales its own lr₀.
public final class LambdaLR: StepSchedule {
    public let optimizer: any Optimizer
    public private(set) var baseLearningRates: [Double]
    public private(set) var epoch = 0
    public private(set) var learningRates: [Double]
    private let factor: (Int) throws -> Double

    /// Sets the rate of step 0 at once, so a factor that fails is an error here, not at the first step.
    public init(_ optimizer: any Optimizer, factor: @escaping (Int) throws -> Double) throws {
        self.optimizer = optimizer
        self.factor = factor
        baseLearningRates = optimizer.learningRates
        learningRates = baseLearningRates
        learningRates = try rates(at: 0, from: baseLearningRates)
        optimizer.learningRates = learningRates
    }

    /// The first group's starting rate.
    public var baseLearningRate: Double { baseLearningRates.first ?? 0 }

    public func step() throws {
        let next = try rates(at: epoch + 1, from: baseLearningRates)
        epoch += 1
        learningRates = next
        optimizer.learningRates = next
    }

    public func rates(at t: Int, from bases: [Double]) throws -> [Double] {
        let f = try factor(t)
        try Self.check(f.isFinite && f >= 0, "the factor at step \(t) must be a finite, non-negative number (got \(f))")
        return bases.map { $0 * f }
    }

    public func state() -> [String: Double] { SchedulerState.counted(epoch, baseLearningRates, learningRates) }

    /// Restores the step count and rates; the factor function is not part of the state (as in PyTorch,
    /// which saves a lambda only when it is a callable object).
    public func loadState(_ values: [String: Double]) throws {
        (epoch, baseLearningRates, learningRates) = try SchedulerState.counted(values, "\(type(of: self))", groups: baseLearningRates.count)
        optimizer.learningRates = learningRates
    }
}
