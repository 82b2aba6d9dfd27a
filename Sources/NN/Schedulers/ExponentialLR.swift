#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Multiplies the learning rate by `gamma` every step: `lr₀ · gammaᵗ`.
public final class ExponentialLR: Scheduler {
    public let optimizer: any Optimizer
    public let baseLearningRate: Float, gamma: Float
    public private(set) var epoch = 0
    public private(set) var learningRate: Float

    public init(_ optimizer: any Optimizer, gamma: Float) throws {
        try Self.check(gamma >= 0, "gamma must be non-negative (got \(gamma))")
        self.optimizer = optimizer
        self.gamma = gamma
        baseLearningRate = optimizer.learningRate
        learningRate = baseLearningRate
        optimizer.learningRate = learningRate
    }

    /// The rate at step `t`.
    public func rate(at t: Int) -> Float { Float(schedulerDecimal(baseLearningRate) * pow(schedulerDecimal(gamma), Double(t))) }

    public func step() {
        epoch += 1
        learningRate = rate(at: epoch)
        optimizer.learningRate = learningRate
    }
}
