#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

extension PositionalEncoding {
    /// Rotary position embedding (RoPE) of `x` `[..., length, dim]` in the rotate-half convention of
    /// GPT-NeoX and LLaMA: `x·cos + rotateHalf(x)·sin`, where feature pairs `(i, i + dim/2)` turn by
    /// `position · base^(−2i/dim)` and `rotateHalf(x) = [−x₂, x₁]` of the two halves.
    ///
    /// Apply it to queries and keys laid out `[batch, heads, length, headDim]`; `positions` (one per
    /// row of the length axis) default to 0, 1, …; decoding with a cache passes the later positions.
    /// The angles are computed in Double; the result has `x`'s type and is differentiable in `x`.
    public static func rope(_ x: Tensor, positions: [Double]? = nil, base: Double = RotaryEmbedding.Defaults.base) throws -> Tensor {
        guard x.rank >= 2 else {
            throw TensorError(.shape, "rope: input must be [..., length, dim], got \(x.shape)")
        }
        let length = x.shape[x.rank - 2], dim = x.shape[x.rank - 1]
        guard dim % 2 == 0, dim > 0 else {
            throw TensorError(.shape, "rope: the last dimension must be even to rotate pairs, got \(dim) (input \(x.shape))")
        }
        guard base > 0, base.isFinite else {
            throw TensorError(.value, "rope: base must be positive, got \(base)")
        }
        let pos = positions ?? (0..<length).map(Double.init)
        guard pos.count == length else {
            throw TensorError(.shape, "rope: \(pos.count) positions for a length of \(length) (input \(x.shape))")
        }
        let half = dim / 2
        var cosines = [Double](repeating: 0, count: length * dim), sines = cosines
        for (p, position) in pos.enumerated() {
            for i in 0..<half {
                let angle = position * doublePow(base, -2 * Double(i) / Double(dim))
                for j in [i, i + half] {
                    cosines[p * dim + j] = cos(angle)
                    sines[p * dim + j] = sin(angle)
                }
            }
        }
        let c = try Tensor(shape: [length, dim], elements: cosines, dtype: x.dtype)
        let s = try Tensor(shape: [length, dim], elements: sines, dtype: x.dtype)
        let rotated = try Tensor.concat([try -x[.ellipsis, .range(half, dim, 1)], try x[.ellipsis, .range(0, half, 1)]], axis: -1)
        return try x * c + rotated * s
    }

    /// The ALiBi slope of each of `heads` heads (Press et al.): `2^(−8k/n)` for k = 1…n when `heads` is a
    /// power of two; otherwise those of the power of two below, then every other slope of twice it.
    public static func alibiSlopes(_ heads: Int) throws -> [Double] {
        guard heads >= 1, heads <= 1 << 16 else {
            throw TensorError(.value, "alibiSlopes: heads must be between 1 and 65536, got \(heads)")
        }
        func powerOfTwo(_ n: Int) -> [Double] { (1...n).map { doublePow(2, -8 * Double($0) / Double(n)) } }
        var closest = 1
        while closest * 2 <= heads { closest *= 2 }
        if closest == heads { return powerOfTwo(heads) }
        let extra = powerOfTwo(2 * closest).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        return powerOfTwo(closest) + extra.prefix(heads - closest)
    }

    /// The ALiBi bias `[heads, length, length]`, to pass as a float attention mask: `−slope·(i − j)` for
    /// a query `i` over a key `j ≤ i` and −∞ after it (`causal`), or `−slope·|i − j|` everywhere.
    public static func alibiBias(heads: Int, length: Int, causal: Bool = true, dtype: DType = .float32) throws -> Tensor {
        let slopes = try alibiSlopes(heads)
        guard length >= 0, heads * length * length <= 1 << 28 else {
            throw TensorError(.value, "alibiBias: \(heads) heads × \(length)² positions is too large (or length is negative)")
        }
        var values = [Double](repeating: 0, count: heads * length * length)
        for h in 0..<heads {
            for i in 0..<length {
                for j in 0..<length {
                    let distance = Double(i - j)
                    values[(h * length + i) * length + j] = causal && j > i ? -.infinity : -slopes[h] * Swift.abs(distance)
                }
            }
        }
        return try Tensor(shape: [heads, length, length], elements: values, dtype: dtype)
    }
}

/// `pow` for Doubles, named apart from `Tensor.pow`.
@inline(__always) private func doublePow(_ a: Double, _ b: Double) -> Double { pow(a, b) }

/// Rotary position embedding as a layer: `PositionalEncoding.rope` over the last dimension `dim`.
public final class RotaryEmbedding: Module {
    public let forwardHooks = ForwardHooks()
    public let dim: Int
    public let base: Double
    public var isTraining = true

    public init(_ dim: Int, base: Double = Defaults.base) throws {
        guard dim > 0, dim % 2 == 0 else {
            throw TensorError(.value, "RotaryEmbedding: dim must be positive and even, got \(dim)")
        }
        guard base > 0, base.isFinite else {
            throw TensorError(.value, "RotaryEmbedding: base must be positive, got \(base)")
        }
        self.dim = dim
        self.base = base
    }

    public func forward(_ x: Tensor) throws -> Tensor { try forward(x, positions: nil) }

    /// `x` `[..., length, dim]` rotated by the positions (0, 1, … unless given).
    public func forward(_ x: Tensor, positions: [Double]?) throws -> Tensor {
        guard x.rank >= 2, x.shape[x.rank - 1] == dim else {
            throw TensorError(.shape, "RotaryEmbedding: input must be [..., length, \(dim)], got \(x.shape)")
        }
        return try PositionalEncoding.rope(x, positions: positions, base: base)
    }

    public var summaryName: String { "RotaryEmbedding(\(dim)\(base == Defaults.base ? "" : ", base: \(base)"))" }
}

extension RotaryEmbedding {
    /// The base of RoPE's frequencies in GPT-NeoX and LLaMA, which the language's `rope` and `RotaryEmbedding` declare too.
    public enum Defaults {
        public static let base = 10000.0
    }
}
