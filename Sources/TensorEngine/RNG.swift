#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The engine's seeded random source (xoshiro256**): the same seed gives the same numbers on every
/// machine and run.
public struct RNG {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    /// A second normal deviate from the last Box–Muller pair, served before drawing again.
    /// Kept as a Double so a float64 draw gets all its digits; a float32 draw rounds it when served.
    private var spareNormal: Double?

    /// Seeds the four state words from one number through splitmix64, as the generator's authors advise.
    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform value in [0, 1).
    public mutating func uniform() -> Float {
        Float(next() >> 40) * (1.0 / Float(1 << 24))
    }

    /// A uniform Double in [0, 1), for draws that need more than 24 bits.
    public mutating func uniformDouble() -> Double {
        Double(next() >> 11) * (1.0 / Double(UInt64(1) << 53))
    }

    /// A standard normal value.
    public mutating func normal() -> Float { Float(normalDouble()) }

    /// A standard normal value in double precision (Box–Muller in Double; `normal()` is this rounded,
    /// so a float64 draw and a float32 draw from the same state agree to float32's precision).
    public mutating func normalDouble() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        var u1 = uniformDouble()
        while u1 <= Double.leastNormalMagnitude { u1 = uniformDouble() }
        let u2 = uniformDouble()
        let r = (-2 * log(u1)).squareRoot()
        spareNormal = r * sin(2 * .pi * u2)
        return r * cos(2 * .pi * u2)
    }

    /// A uniform integer in `0..<bound` (bound > 0), without modulo bias.
    public mutating func below(_ bound: Int) -> Int {
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        var v = next()
        while v >= limit { v = next() }
        return Int(v % b)
    }

    /// The generator that creation functions, initializers and dropout draw from: the running
    /// session's (its `EngineContext`'s), or, outside any session, the calling thread's own.
    public static var global: RNG {
        get { EngineContext.current?.rng ?? ThreadGenerator.current.rng }
        set {
            if let context = EngineContext.current { context.rng = newValue } else { ThreadGenerator.current.rng = newValue }
        }
    }
}

/// The generator of code that runs outside any session, one per thread (seeded 0 when the thread first
/// draws): threads never share one, so a seeded computation repeats exactly whatever runs beside it.
private final class ThreadGenerator {
    var rng = RNG(seed: 0)

    static var current: ThreadGenerator {
        if let existing = pthread_getspecific(key) { return Unmanaged<ThreadGenerator>.fromOpaque(existing).takeUnretainedValue() }
        let made = ThreadGenerator()
        pthread_setspecific(key, Unmanaged.passRetained(made).toOpaque())
        return made
    }

    /// Released with its thread.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            #if os(Linux)
            guard let pointer else { return }
            #endif
            Unmanaged<ThreadGenerator>.fromOpaque(pointer).release()
        }
        return key
    }()
}

/// Reseeds the running session's generator: everything random after it repeats exactly.
public func seed(_ value: Int) {
    RNG.global = RNG(seed: UInt64(bitPattern: Int64(value)))
}
