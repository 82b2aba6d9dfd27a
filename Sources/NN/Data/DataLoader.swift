import TensorEngine

/// Minibatches of paired inputs and targets, as PyTorch's `DataLoader` over a `TensorDataset`.
///
/// Each pass (`forEachBatch`, `batches()`) first draws a new order from the engine's global generator
/// when `shuffle` is set, so a seeded run sees the same batches every time. Batches are copies of the
/// rows and carry no autograd history; a pass makes each one only when it is reached, so an epoch never
/// holds a second copy of the data set, and a batch that memory cannot hold is a MemoryError.
public final class DataLoader {
    /// The inputs, one sample per row (dimension 0).
    public let inputs: Tensor
    /// The targets, one per sample.
    public let targets: Tensor
    public let batchSize: Int
    public let shuffle: Bool
    /// Whether a last batch smaller than `batchSize` is left out.
    public let dropLast: Bool
    /// Draws each pass's samples by weight instead of taking every sample once.
    public let sampler: WeightedRandomSampler?
    /// Applied to each batch's inputs as it is made (augmentation such as random flips and crops).
    public let transform: ((Tensor) throws -> Tensor)?

    /// Pairs `x` and `y`, which must hold the same number of samples along dimension 0.
    ///
    /// A `sampler` picks each pass's samples (then `shuffle` must be off, as in PyTorch); its weights
    /// must be one per sample.
    public init(_ x: Tensor, _ y: Tensor, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
                sampler: WeightedRandomSampler? = nil, transform: ((Tensor) throws -> Tensor)? = nil) throws {
        guard x.rank >= 1, y.rank >= 1, x.shape[0] == y.shape[0] else {
            throw TensorError(.shape, "DataLoader: inputs \(x.shape) and targets \(y.shape) must have the same number of samples along dimension 0")
        }
        guard batchSize >= 1 else { throw TensorError(.value, "DataLoader: batchSize must be positive (got \(batchSize))") }
        if let sampler {
            guard !shuffle else { throw TensorError(.value, "DataLoader: a sampler and shuffle: true cannot be used together") }
            guard sampler.weights.count == x.shape[0] else {
                throw TensorError(.shape, "DataLoader: the sampler has \(sampler.weights.count) weights for \(x.shape[0]) samples")
            }
        }
        self.sampler = sampler
        self.transform = transform
        inputs = x
        targets = y
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
    }

    /// The number of samples.
    public var sampleCount: Int { inputs.shape[0] }

    /// The number of samples one pass draws: each once, or the sampler's `numSamples`.
    var passCount: Int { sampler?.numSamples ?? sampleCount }

    /// The number of batches in one pass.
    public var count: Int {
        dropLast ? passCount / batchSize : (passCount + batchSize - 1) / batchSize
    }

    /// Calls `body` with each batch of one pass, in a fresh order when shuffling, until it returns false.
    public func forEachBatch(_ body: (_ x: Tensor, _ y: Tensor) throws -> Bool) throws {
        let order = sampler?.indices() ?? (shuffle ? Datasets.permutation(sampleCount) : Array(0..<sampleCount))
        for b in 0..<count {
            let picked = order[(b * batchSize)..<Swift.min((b + 1) * batchSize, order.count)]
            let x = try inputs.rows(picked)
            guard try body(try transform?(x) ?? x, try targets.rows(picked)) else { return }
        }
    }

    /// The batches of one pass, all made at once.
    public func batches() throws -> [(x: Tensor, y: Tensor)] {
        var all: [(x: Tensor, y: Tensor)] = []
        try forEachBatch { x, y in
            all.append((x, y))
            return true
        }
        return all
    }
}
