#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Sequence data for recurrent models.
extension Datasets {
    /// `n` sine waves of `length` steps with next-step targets, batch-first as recurrent layers take them.
    ///
    /// Sequence i is `x[i, t, 0] = sin(φᵢ + ωᵢ t)` with phase φᵢ uniform in [0, 2π) and angular step ωᵢ
    /// uniform in [0.1, 0.5); its target is the value one step later, `y[i, t, 0] = sin(φᵢ + ωᵢ (t + 1))`.
    /// Both have shape `[n, length, 1]`.
    public static func sineSequences(_ n: Int, length: Int = 20) throws -> (x: Tensor, y: Tensor) {
        try check("sineSequences", n: n)
        guard length >= 1 else {
            throw TensorError(.value, "sineSequences: length must be positive (got \(length))")
        }
        // Counted with an overflow check: n × length of two user numbers can pass Int's range.
        _ = try Memory.count([n, length], op: "sineSequences")
        var inputs = [Float](repeating: 0, count: n * length), targets = inputs
        for i in 0..<n {
            let phase = 2 * Double.pi * RNG.global.uniformDouble()
            let step = 0.1 + 0.4 * RNG.global.uniformDouble()
            for t in 0..<length {
                inputs[i * length + t] = Float(sin(phase + step * Double(t)))
                targets[i * length + t] = Float(sin(phase + step * Double(t + 1)))
            }
        }
        return (try Tensor(shape: [n, length, 1], values: inputs), try Tensor(shape: [n, length, 1], values: targets))
    }
}
