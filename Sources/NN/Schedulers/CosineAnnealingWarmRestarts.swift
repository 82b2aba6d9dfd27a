#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A half cosine from each group's rate down to `etaMin` over `t0` steps, then a restart, each cycle
/// `tMult` times longer than the last (PyTorch's `CosineAnnealingWarmRestarts`, SGDR).
public final class CosineAnnealingWarmRestarts: LRScheduler {
    public let t0: Int, tMult: Int, etaMin: Double

    public init(_ optimizer: any Optimizer, t0: Int, tMult: Int = Defaults.tMult, etaMin: Double = Defaults.etaMin) throws {
        try Self.check(t0 > 0, "t0 must be a positive whole number (got \(t0))")
        try Self.check(tMult >= 1, "tMult must be a whole number of at least 1 (got \(tMult))")
        try Self.check(etaMin.isFinite, "etaMin must be a finite number (got \(etaMin))")
        self.t0 = t0
        self.tMult = tMult
        self.etaMin = etaMin
        super.init(optimizer)
    }

    /// PyTorch's defaults, which the language's `CosineAnnealingWarmRestarts` declares too.
    public enum Defaults {
        public static let tMult = 1
        public static let etaMin: Double = 0
    }

    public override func rate(at t: Int, from base: Double) -> Double {
        let (current, length) = position(at: t)
        return etaMin + (base - etaMin) * (1 + cos(Double.pi * Double(current) / Double(length))) / 2
    }

    /// The step within its cycle and the cycle's length at step `t`, as PyTorch's step-by-step
    /// `T_cur` and `T_i` are (whole numbers here, so exact).
    private func position(at t: Int) -> (current: Int, length: Int) {
        if tMult == 1 { return (t % t0, t0) }
        var current = t, length = t0
        // Cycles grow geometrically, so this runs about log(t) times; the length stops growing past
        // `t`, where no further restart can come.
        while current >= length {
            current -= length
            let (next, overflow) = length.multipliedReportingOverflow(by: tMult)
            length = overflow ? Int.max : next
        }
        return (current, length)
    }
}
