import TensorEngine

/// One process's part of every pass over a data set read by index, in a data-parallel job: as PyTorch's
/// `DistributedSampler`, each pass draws one order shared by every process (from `seed` and the pass's
/// number, so no process's other random draws can shift it), pads it by repeating its start to a
/// multiple of `size`, and gives process `rank` every `size`-th sample from its own position.
///
/// So every process takes the same number of batches, and batch k of all processes together holds
/// the same samples as batch k of one process whose batch is `size` times larger.
public struct DataShard: Equatable, Sendable {
    public let rank: Int, size: Int
    /// The seed every process uses for the order of each pass.
    public let seed: UInt64

    public init(rank: Int, size: Int, seed: UInt64) throws {
        guard size >= 1, (0..<size).contains(rank) else {
            throw TensorError(.value, "DataShard: rank \(rank) is not one of \(size) processes")
        }
        self.rank = rank
        self.size = size
        self.seed = seed
    }

    /// The samples this process takes of each pass over `count`.
    public func samplesPerPass(of count: Int) -> Int { (count + size - 1) / size }

    /// This process's samples of pass `pass` over `count` samples, in order.
    public func indices(of count: Int, pass: Int, shuffle: Bool) -> [Int] {
        var order: [Int]
        if shuffle {
            var rng = RNG(seed: seed &+ UInt64(truncatingIfNeeded: pass) &* 0x9E37_79B9_7F4A_7C15)
            order = Datasets.permutation(count, using: &rng)
        } else {
            order = Array(0..<count)
        }
        let total = samplesPerPass(of: count) * size
        while !order.isEmpty && order.count < total { order += order.prefix(total - order.count) }
        return Array(stride(from: rank, to: total, by: size).map { order[$0] })
    }
}
