import Foundation
import Testing
import TensorEngine

/// xoshiro256** seeded through splitmix64, written from the published algorithm.
private struct ReferenceXoshiro {
    var s: [UInt64]

    static func splitmix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    init(state: [UInt64]) { s = state }

    init(seed: UInt64) {
        var x = seed
        s = (0..<4).map { _ in Self.splitmix(&x) }
    }

    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    mutating func next() -> UInt64 {
        let result = Self.rotl(s[1] &* 5, 7) &* 9
        let t = s[1] << 17
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]
        s[2] ^= t
        s[3] = Self.rotl(s[3], 45)
        return result
    }
}

extension TensorEngine {
    @Suite struct Random {
        @Test func theReferenceGeneratorMatchesPublishedValues() {
            var x: UInt64 = 0
            #expect(ReferenceXoshiro.splitmix(&x) == 0xE220_A839_7B1D_CDAF)
            var r = ReferenceXoshiro(state: [1, 2, 3, 4])
            #expect(r.next() == 11520)
            #expect(r.next() == 0)
        }

        @Test func generatorIsXoshiro256StarStar() {
            for seedValue: UInt64 in [0, 42, 0xDEAD_BEEF, .max] {
                var rng = RNG(seed: seedValue), ref = ReferenceXoshiro(seed: seedValue)
                for _ in 0..<50 { #expect(rng.next() == ref.next()) }
            }
        }

        @Test func derivedDraws() {
            var rng = RNG(seed: 7), ref = ReferenceXoshiro(seed: 7)
            for _ in 0..<100 {
                let u = rng.uniform()
                #expect(u == Float(ref.next() >> 40) / Float(1 << 24))
                #expect(u >= 0 && u < 1)
            }
            for _ in 0..<100 {
                #expect(rng.uniformDouble() == Double(ref.next() >> 11) / Double(UInt64(1) << 53))
            }
            for bound in [1, 2, 3, 10, 1000] {
                let v = rng.below(bound)
                #expect(v == Int(ref.next() % UInt64(bound)))   // rejection is astronomically rare here
            }
            // Box–Muller: two normals per pair of uniforms, cosine first, then the spare sine.
            let u1 = ref.uniformDouble(), u2 = ref.uniformDouble()
            let r = (-2 * Foundation.log(u1)).squareRoot()
            let n1 = rng.normal(), n2 = rng.normal()
            #expect(Swift.abs(Double(n1) - r * Foundation.cos(2 * .pi * u2)) < 1e-6)
            #expect(Swift.abs(Double(n2) - r * Foundation.sin(2 * .pi * u2)) < 1e-6)
        }

        @Test func seedMakesEveryCreationFunctionRepeat() throws {
            func draw() throws -> [[Float]] {
                [try Tensor.rand([5]).values, try Tensor.randn([2, 3]).values,
                 try Tensor.randint(0, 10, [6]).values, try Tensor.randperm(8).values,
                 try Tensor.rand([3], low: -2, high: 5).values, try Tensor.randn([3], mean: 1, std: 3).values]
            }
            seed(42)
            let first = try draw()
            seed(42)
            let second = try draw()
            #expect(first == second)
            seed(43)
            #expect(try draw() != first)
            // The global generator is the seeded RNG: rand draws its uniforms in order.
            seed(42)
            var rng = RNG(seed: 42)
            #expect(try Tensor.rand([4]).values == (0..<4).map { _ in rng.uniform() })
            // Negative seeds are fine.
            seed(-1)
            let n = try Tensor.randn([3]).values
            seed(-1)
            #expect(try Tensor.randn([3]).values == n)
        }

        @Test func randnHasMeanZeroAndStdOne() throws {
            seed(1)
            let x = try Tensor.randn([100_000]).values.map(Double.init)
            let mean = x.reduce(0, +) / Double(x.count)
            let std = (x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count)).squareRoot()
            #expect(Swift.abs(mean) < 0.02)
            #expect(Swift.abs(std - 1) < 0.02)
            // About 68% within one standard deviation.
            let inside = Double(x.filter { Swift.abs($0) < 1 }.count) / Double(x.count)
            #expect(Swift.abs(inside - 0.6827) < 0.01)
            let shifted = try Tensor.randn([20_000], mean: 3, std: 0.5)
            #expect(Swift.abs(Double(try shifted.mean().item()) - 3) < 0.02)
            #expect(Swift.abs(Double(try shifted.std().item()) - 0.5) < 0.02)
        }

        @Test func randStaysInItsRange() throws {
            seed(2)
            let x = try Tensor.rand([20_000], low: -3, high: 5).values
            #expect(x.allSatisfy { $0 >= -3 && $0 < 5 })
            #expect(x.min()! < -2.9 && x.max()! > 4.9)
            let mean = x.reduce(0.0) { $0 + Double($1) } / Double(x.count)
            #expect(Swift.abs(mean - 1) < 0.1)
            #expect(try Tensor.rand([2, 3]).shape == [2, 3])
        }

        @Test func randintBounds() throws {
            seed(3)
            let x = try Tensor.randint(-2, 3, [10_000]).values
            #expect(x.allSatisfy { $0 == $0.rounded() && $0 >= -2 && $0 < 3 })
            #expect(Set(x) == [-2, -1, 0, 1, 2])
            #expect(try Tensor.randint(5, 6, [4]).values == [5, 5, 5, 5])
            #expect(try Tensor.randint(0, 2, [2, 2]).shape == [2, 2])
        }

        @Test func randpermIsAPermutation() throws {
            seed(4)
            for n in [0, 1, 2, 10, 100] {
                let p = try Tensor.randperm(n)
                #expect(p.shape == [n])
                #expect(p.values.sorted() == (0..<n).map { Float($0) })
            }
            #expect(try Tensor.randperm(50).values != (0..<50).map { Float($0) })
        }

        /// Outside any session each thread draws from its own generator: a seeded computation repeats
        /// exactly while another thread reseeds and draws, and a session's generator is its own.
        @Test func threadsAndSessionsDoNotShareAGenerator() throws {
            seed(7)
            let alone = try Tensor.randn([64]).values
            let done = DispatchSemaphore(value: 0)
            Thread {
                for i in 0..<2_000 { seed(i); _ = try? Tensor.randn([16]) }
                done.signal()
            }.start()
            seed(7)
            var beside: [Float] = []
            for _ in 0..<64 { beside += try Tensor.randn([1]).values }
            done.wait()
            #expect(beside == alone)

            seed(7)
            let session = EngineContext()
            let inSession = try session.run { seed(99); return try Tensor.randn([4]).values }
            #expect(try Tensor.randn([64]).values == alone, "the session's seed changed the thread's generator")
            #expect(try session.run { try Tensor.randn([4]).values } != inSession)
        }
    }
}

private extension ReferenceXoshiro {
    mutating func uniformDouble() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}
