/// Decays the learning rate as 1/t: `lr₀ / (1 + decay · t)`.
public final class InverseTimeLR: LRScheduler {
    public let decay: Float

    public init(_ optimizer: any Optimizer, decay: Float) throws {
        try Self.check(decay >= 0 && decay.isFinite, "decay must be non-negative and finite (got \(decay))")
        self.decay = decay
        super.init(optimizer)
    }

    public override func rate(at t: Int) -> Float {
        Float(schedulerDecimal(baseLearningRate) / (1 + schedulerDecimal(decay) * Double(t)))
    }
}
