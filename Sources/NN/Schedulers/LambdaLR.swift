/// The learning rate `lr₀ · factor(t)` for a factor function of the step count the caller gives (a
/// closure of the language: `LambdaLR(opt, fn(t) { 0.95 ** t })`).
public final class LambdaLR: Scheduler {
    public let optimizer: any Optimizer
    public let baseLearningRate: Double
    public private(set) var epoch = 0
    public private(set) var learningRate: Double
    private let factor: (Int) throws -> Double

    /// Sets the rate of step 0 at once, so a factor that fails is an error here, not at the first step.
    public init(_ optimizer: any Optimizer, factor: @escaping (Int) throws -> Double) throws {
        self.optimizer = optimizer
        self.factor = factor
        baseLearningRate = optimizer.learningRate
        learningRate = baseLearningRate
        learningRate = try rate(at: 0)
        optimizer.learningRate = learningRate
    }

    public func step() throws {
        let next = try rate(at: epoch + 1)
        epoch += 1
        learningRate = next
        optimizer.learningRate = next
    }

    private func rate(at t: Int) throws -> Double {
        let f = try factor(t)
        try Self.check(f.isFinite && f >= 0, "the factor at step \(t) must be a finite, non-negative number (got \(f))")
        return baseLearningRate * f
    }
}
