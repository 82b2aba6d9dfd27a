#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Multiplies the learning rate by `gamma` every `stepSize` steps: `lr₀ · gamma^⌊t / stepSize⌋`.
public final class StepLR: Scheduler {
    public let optimizer: any Optimizer
    public let baseLearningRate: Float, stepSize: Int, gamma: Float
    public private(set) var epoch = 0
    public private(set) var learningRate: Float

    public init(_ optimizer: any Optimizer, stepSize: Int, gamma: Float = 0.1) throws {
        try Self.check(stepSize > 0, "stepSize must be positive (got \(stepSize))")
        try Self.check(gamma >= 0, "gamma must be non-negative (got \(gamma))")
        self.optimizer = optimizer
        self.stepSize = stepSize
        self.gamma = gamma
        baseLearningRate = optimizer.learningRate
        learningRate = baseLearningRate
        optimizer.learningRate = learningRate
    }

    /// The rate at step `t`.
    public func rate(at t: Int) -> Float {
        Float(schedulerDecimal(baseLearningRate) * pow(schedulerDecimal(gamma), Double(t / stepSize)))
    }

    public func step() {
        epoch += 1
        learningRate = rate(at: epoch)
        optimizer.learningRate = learningRate
    }
}
