import TensorEngine

/// Decays the learning rate as 1/t: `lr₀ / (1 + decay · t)`.
public final class InverseTimeLR: Scheduler {
    public let optimizer: any Optimizer
    public let baseLearningRate: Float, decay: Float
    public private(set) var epoch = 0
    public private(set) var learningRate: Float

    public init(_ optimizer: any Optimizer, decay: Float) throws {
        try Self.check(decay >= 0 && decay.isFinite, "decay must be non-negative and finite (got \(decay))")
        self.optimizer = optimizer
        self.decay = decay
        baseLearningRate = optimizer.learningRate
        learningRate = baseLearningRate
        optimizer.learningRate = learningRate
    }

    /// The rate at step `t`.
    public func rate(at t: Int) -> Float { Float(schedulerDecimal(baseLearningRate) / (1 + schedulerDecimal(decay) * Double(t))) }

    public func step() {
        epoch += 1
        learningRate = rate(at: epoch)
        optimizer.learningRate = learningRate
    }
}
