#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Sample indices drawn with probabilities proportional to `weights` (PyTorch's `WeightedRandomSampler`),
/// for a `DataLoader` that should see rare classes more often.
///
/// Each pass draws `numSamples` indices from the seeded generator: independently with `replacement`,
/// otherwise distinct indices, each step choosing among those left by their weights.
public struct WeightedRandomSampler: Sendable {
    public let weights: [Double]
    public let numSamples: Int
    public let replacement: Bool

    /// Throws a ValueError for negative or non-finite weights, weights that are all zero, a
    /// non-positive `numSamples`, or more samples without replacement than indices of non-zero weight.
    public init(weights: [Double], numSamples: Int, replacement: Bool = true) throws {
        guard !weights.isEmpty, weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.contains(where: { $0 > 0 }) else {
            throw TensorError(.value, "WeightedRandomSampler: weights must be non-negative finite numbers, not all zero")
        }
        guard numSamples > 0 else {
            throw TensorError(.value, "WeightedRandomSampler: numSamples must be positive (got \(numSamples))")
        }
        let drawable = weights.filter { $0 > 0 }.count
        guard replacement || numSamples <= drawable else {
            throw TensorError(.value, "WeightedRandomSampler: cannot draw \(numSamples) distinct samples without replacement from \(drawable) of non-zero weight")
        }
        self.weights = weights
        self.numSamples = numSamples
        self.replacement = replacement
    }

    /// One pass's indices.
    public func indices() -> [Int] {
        replacement ? withReplacement() : withoutReplacement()
    }

    /// Independent draws: the first index whose running total of weights passes a uniform draw.
    private func withReplacement() -> [Int] {
        let cumulative = Self.cumulative(weights)
        let total = cumulative[cumulative.count - 1]
        return (0..<numSamples).map { _ in
            let target = RNG.global.uniformDouble() * total
            var low = 0, high = cumulative.count - 1
            while low < high {
                let mid = (low + high) / 2
                if cumulative[mid] > target { high = mid } else { low = mid + 1 }
            }
            while weights[low] == 0 { low -= 1 }   // a draw rounded up to the total lands past the last weight
            return low
        }
    }

    /// Distinct indices, distributed as successive draws each among those left by weight: the
    /// `numSamples` largest keys log(u)/w (Efraimidis and Spirakis), in O(n log n).
    private func withoutReplacement() -> [Int] {
        var keyed: [(key: Double, index: Int)] = []
        keyed.reserveCapacity(weights.count)
        for (i, w) in weights.enumerated() where w > 0 {
            keyed.append((log(Swift.max(RNG.global.uniformDouble(), .leastNonzeroMagnitude)) / w, i))
        }
        keyed.sort { $0.key > $1.key }
        return keyed.prefix(numSamples).map(\.index)
    }

    private static func cumulative(_ weights: [Double]) -> [Double] {
        var total = 0.0
        return weights.map { total += $0; return total }
    }
}
