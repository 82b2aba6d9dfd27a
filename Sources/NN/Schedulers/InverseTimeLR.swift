/// Decays the learning rate as 1/t: `lr₀ / (1 + decay · t)`.
public final class InverseTimeLR: LRScheduler {
    public let decay: Double

    public init(_ optimizer: any Optimizer, decay: Double) throws {
        try Self.check(decay >= 0 && decay.isFinite, "decay must be non-negative and finite (got \(decay))")
        self.decay = decay
        super.init(optimizer)
    }

    public override func rate(at t: Int, from base: Double) -> Double {
        base / (1 + decay * Double(t))
    }
}
