#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Multiplies the learning rate by `gamma` every step: `lr₀ · gammaᵗ` (PyTorch's `ExponentialLR`).
public final class ExponentialLR: LRScheduler {
    public let gamma: Double

    public init(_ optimizer: any Optimizer, gamma: Double) throws {
        try Self.check(gamma >= 0, "gamma must be non-negative (got \(gamma))")
        self.gamma = gamma
        super.init(optimizer)
    }

    public override func rate(at t: Int, from base: Double) -> Double {
        base * pow(gamma, Double(t))
    }
}
