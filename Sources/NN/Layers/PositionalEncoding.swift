#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Fixed position signals that attention layers, which see no order by themselves, add to their inputs.
public enum PositionalEncoding {
    /// The sinusoidal encoding of "Attention Is All You Need", `[length, dim]`:
    /// `PE[p, 2i] = sin(p / 10000^(2i/dim))`, `PE[p, 2i+1] = cos(p / 10000^(2i/dim))`.
    ///
    /// An odd `dim` ends with a sine column. Computed in Double, so long positions stay accurate.
    public static func sinusoidal(length: Int, dim: Int, base: Double = 10000) throws -> Tensor {
        guard length >= 0, dim > 0 else {
            throw TensorError(.value, "positionalEncoding: length (\(length)) must be non-negative and dim (\(dim)) positive")
        }
        let t = try Tensor.zeros([length, dim])
        try t.withUnsafeMutableValues { p in
            for pos in 0..<length {
                for i in stride(from: 0, to: dim, by: 2) {
                    let angle = Double(pos) / doublePower(base, Double(i) / Double(dim))
                    p[pos * dim + i] = Float(sin(angle))
                    if i + 1 < dim { p[pos * dim + i + 1] = Float(cos(angle)) }
                }
            }
        }
        return t
    }
}

/// `pow` for Doubles, named apart from `Tensor.pow` so the call above is unambiguous.
@inline(__always) private func doublePower(_ a: Double, _ b: Double) -> Double { pow(a, b) }
