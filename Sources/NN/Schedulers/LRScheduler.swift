/// The schedulers whose rate is a function of the step count alone (PyTorch's `LRScheduler` with a
/// closed form): a subclass gives `rate(at:)`, and this keeps the count and sets the optimizer's rate.
///
/// The rate of step 0 is set when the scheduler is made: a subclass stores its settings before calling
/// `super.init`, so that `rate(at: 0)` can read them.
public class LRScheduler: Scheduler {
    public let optimizer: any Optimizer
    /// The rate the schedule starts from: the optimizer's when made, unless the schedule names its own.
    public let baseLearningRate: Double
    public private(set) var epoch = 0
    public private(set) var learningRate: Double

    init(_ optimizer: any Optimizer, baseLearningRate: Double? = nil) {
        self.optimizer = optimizer
        self.baseLearningRate = baseLearningRate ?? optimizer.learningRate
        learningRate = self.baseLearningRate
        learningRate = rate(at: 0)
        optimizer.learningRate = learningRate
    }

    /// The rate at step `t`; this base class keeps the base rate.
    public func rate(at t: Int) -> Double { baseLearningRate }

    public func step() {
        epoch += 1
        learningRate = rate(at: epoch)
        optimizer.learningRate = learningRate
    }
}
