import TensorEngine

/// Small data sets for teaching: toy problems generated from the seeded generator, and the 8×8 digits.
///
/// Each returns inputs `x` of shape `[n, features]` and float class labels `y` of shape `[n]`, ready for
/// `crossEntropy`; `seed(k)` before a call makes the same points again.
public enum Datasets {
    /// Builds a labelled set from per-sample coordinates and labels, adding Gaussian noise of standard
    /// deviation `noise` to every coordinate, then shuffling the samples when asked.
    static func make(_ points: [Float], features: Int, labels: [Float], noise: Float,
                     shuffle: Bool) throws -> (x: Tensor, y: Tensor) {
        var points = points, labels = labels
        let n = labels.count
        if noise != 0 { for i in points.indices { points[i] += noise * RNG.global.normal() } }
        if shuffle {
            let order = permutation(n)
            let (p, l) = (points, labels)
            for (i, j) in order.enumerated() {
                labels[i] = l[j]
                for f in 0..<features { points[i * features + f] = p[j * features + f] }
            }
        }
        return (try Tensor(shape: [n, features], values: points), try Tensor(shape: [n], values: labels))
    }

    /// A random order of `0..<n` from the global generator (Fisher–Yates, as `randperm` draws it).
    public static func permutation(_ n: Int) -> [Int] { permutation(n, using: &RNG.global) }

    /// A random order of 0..<n drawn from `rng` (Fisher–Yates).
    public static func permutation(_ n: Int, using rng: inout RNG) -> [Int] {
        var order = Array(0..<Swift.max(n, 0))
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, rng.below(i + 1))
        }
        return order
    }

    /// Checks a sample count and a noise level, naming the data set in the error.
    static func check(_ op: String, n: Int, noise: Float = 0, minimum: Int = 1) throws {
        guard n >= minimum else {
            throw TensorError(.value, "\(op): the number of samples must be at least \(minimum) (got \(n))")
        }
        guard n <= 10_000_000 else {
            throw TensorError(.memory, "\(op): \(n) samples is too many (limit 10000000)")
        }
        guard noise >= 0, noise.isFinite else {
            throw TensorError(.value, "\(op): noise must be a non-negative number (got \(noise))")
        }
    }

    /// `count` evenly spaced values from `start` to `end` (included unless `endpoint` is false).
    static func spaced(_ start: Double, _ end: Double, _ count: Int, endpoint: Bool = true) -> [Double] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let step = (end - start) / Double(endpoint ? count - 1 : count)
        return (0..<count).map { start + Double($0) * step }
    }
}
