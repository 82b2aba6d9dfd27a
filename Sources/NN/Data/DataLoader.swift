import TensorEngine

/// Minibatches of samples, as PyTorch's `DataLoader`: over paired tensors (a `TensorDataset`), over any
/// `MapDataset` read by index (such as an `NpyDataset` of memory-mapped files), or over a
/// `SampleStream` read in order (such as a `CSVStream`).
///
/// Each pass (`forEachBatch`, `batches()`) first draws a new order from the engine's global generator
/// when `shuffle` is set, so a seeded run sees the same batches every time. Batches are copies of the
/// samples and carry no autograd history; a pass makes each one only when it is reached, so an epoch
/// never holds a second copy of the data set, and a batch that memory cannot hold is a MemoryError.
///
/// A stream cannot be read out of order, so it is shuffled through a buffer of `shuffleBuffer` samples
/// (as tf.data's and torchdata's `shuffle(buffer_size)`): each sample read replaces a random one in
/// the buffer, which goes to the batch. A buffer as large as the data set shuffles it fully.
public final class DataLoader {
    /// Where the samples come from.
    public enum Samples {
        case indexed(any MapDataset)
        case streamed(any SampleStream)
    }

    public let samples: Samples
    public let batchSize: Int
    public let shuffle: Bool
    /// Whether a last batch smaller than `batchSize` is left out.
    public let dropLast: Bool
    /// Draws each pass's samples by weight instead of taking every sample once (indexed samples only).
    public let sampler: WeightedRandomSampler?
    /// Applied to each batch's inputs as it is made (augmentation such as random flips and crops).
    public let transform: ((Tensor) throws -> Tensor)?
    /// The samples a shuffled stream holds back to draw from.
    public let shuffleBuffer: Int
    /// This process's part of every pass in a data-parallel job (indexed samples only).
    public let shard: DataShard?
    /// The passes begun so far; a shard's order depends on it.
    public private(set) var passes = 0
    /// The most samples the last pass over a stream held at once (its shuffle buffer and the batch
    /// being made), which `shuffleBuffer` and `batchSize` bound whatever the file's size.
    public private(set) var peakResidentSamples = 0

    public enum Defaults {
        public static let shuffleBuffer = 1000
    }

    /// Pairs `x` and `y`, which must hold the same number of samples along dimension 0.
    ///
    /// A `sampler` picks each pass's samples (then `shuffle` must be off, as in PyTorch); its weights
    /// must be one per sample.
    public convenience init(_ x: Tensor, _ y: Tensor, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
                            sampler: WeightedRandomSampler? = nil, transform: ((Tensor) throws -> Tensor)? = nil,
                            shard: DataShard? = nil) throws {
        try self.init(TensorDataset(x, y), batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, sampler: sampler,
                      transform: transform, shard: shard)
    }

    /// Batches of the samples of `dataset`, read by index as each batch is reached.
    ///
    /// With a `shard`, each pass takes only this process's part (see `DataShard`); a sampler cannot
    /// be combined with it.
    public init(_ dataset: any MapDataset, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false,
                sampler: WeightedRandomSampler? = nil, transform: ((Tensor) throws -> Tensor)? = nil,
                shard: DataShard? = nil) throws {
        try Self.check(batchSize: batchSize)
        guard shard == nil || sampler == nil else {
            throw TensorError(.value, "DataLoader: a sampler and shard: true cannot be used together")
        }
        if let sampler {
            guard !shuffle else { throw TensorError(.value, "DataLoader: a sampler and shuffle: true cannot be used together") }
            guard sampler.weights.count == dataset.count else {
                throw TensorError(.shape, "DataLoader: the sampler has \(sampler.weights.count) weights for \(dataset.count) samples")
            }
        }
        samples = .indexed(dataset)
        self.shard = shard
        self.sampler = sampler
        self.transform = transform
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        shuffleBuffer = 0
    }

    /// Batches of the samples of `stream`, read in order; shuffled through a buffer of `shuffleBuffer`
    /// samples when `shuffle` is set.
    public init(_ stream: any SampleStream, batchSize: Int = 1, shuffle: Bool = false, shuffleBuffer: Int = Defaults.shuffleBuffer,
                dropLast: Bool = false, transform: ((Tensor) throws -> Tensor)? = nil) throws {
        try Self.check(batchSize: batchSize)
        guard shuffleBuffer >= 1, shuffleBuffer <= 100_000_000 else {
            throw TensorError(.value, "DataLoader: shuffleBuffer must be from 1 to 100000000 samples (got \(shuffleBuffer))")
        }
        samples = .streamed(stream)
        sampler = nil
        shard = nil
        self.transform = transform
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.shuffleBuffer = shuffleBuffer
        self.dropLast = dropLast
    }

    private static func check(batchSize: Int) throws {
        guard batchSize >= 1 else { throw TensorError(.value, "DataLoader: batchSize must be positive (got \(batchSize))") }
    }

    /// The inputs, for a loader over paired tensors.
    public var inputs: Tensor? { tensors?.x }
    /// The targets, for a loader over paired tensors.
    public var targets: Tensor? { tensors?.y }

    private var tensors: TensorDataset? {
        if case .indexed(let d as TensorDataset) = samples { return d }
        return nil
    }

    /// The number of samples.
    public var sampleCount: Int {
        switch samples {
        case .indexed(let d): return d.count
        case .streamed(let s): return s.count
        }
    }

    /// Whether each batch has targets as well as inputs.
    public var hasTargets: Bool {
        switch samples {
        case .indexed(let d): return d.hasTargets
        case .streamed(let s): return s.targetShape != nil
        }
    }

    /// The number of samples one pass draws: each once, the sampler's `numSamples`, or a shard's part.
    var passCount: Int { sampler?.numSamples ?? shard?.samplesPerPass(of: sampleCount) ?? sampleCount }

    /// The number of batches in one pass.
    public var count: Int {
        dropLast ? passCount / batchSize : (passCount + batchSize - 1) / batchSize
    }

    /// Calls `body` with each batch of one pass (its inputs, and its targets when the samples have
    /// them), in a fresh order when shuffling, until it returns false.
    public func forEachBatch(_ body: (_ x: Tensor, _ y: Tensor?) throws -> Bool) throws {
        switch samples {
        case .indexed(let dataset):
            let order = sampler?.indices() ?? shard?.indices(of: sampleCount, pass: passes, shuffle: shuffle)
                ?? (shuffle ? Datasets.permutation(sampleCount) : Array(0..<sampleCount))
            passes += 1
            for b in 0..<count {
                let picked = order[(b * batchSize)..<Swift.min((b + 1) * batchSize, order.count)]
                let (x, y) = try dataset.samples(picked)
                guard try body(try transform?(x) ?? x, y) else { return }
            }
        case .streamed(let stream):
            try forEachStreamedBatch(stream, body)
        }
    }

    /// The batches of one pass, all made at once.
    public func batches() throws -> [(x: Tensor, y: Tensor?)] {
        var all: [(x: Tensor, y: Tensor?)] = []
        try forEachBatch { x, y in
            all.append((x, y))
            return true
        }
        return all
    }

    /// A pass over a stream: samples go to the batch in the order read, or through the shuffle buffer.
    private func forEachStreamedBatch(_ stream: any SampleStream, _ body: (Tensor, Tensor?) throws -> Bool) throws {
        var buffer: [[Float]] = [], batch: [[Float]] = []
        var going = true
        peakResidentSamples = 0
        func take(_ sample: [Float]) throws {
            batch.append(sample)
            peakResidentSamples = Swift.max(peakResidentSamples, buffer.count + batch.count)
            guard batch.count == batchSize else { return }
            going = try emit(batch, stream, body)
            batch.removeAll(keepingCapacity: true)
        }
        try stream.forEachSample { sample in
            if !shuffle {
                try take(sample)
            } else if buffer.count < shuffleBuffer {
                buffer.append(sample)
            } else {
                let j = RNG.global.below(shuffleBuffer)
                let out = buffer[j]
                buffer[j] = sample
                try take(out)
            }
            return going
        }
        while going, !buffer.isEmpty {
            try take(buffer.swapRemoveAt(RNG.global.below(buffer.count)))
        }
        if going, !batch.isEmpty, !dropLast { _ = try emit(batch, stream, body) }
    }

    /// Makes a batch of streamed samples into tensors and hands them to `body`.
    private func emit(_ batch: [[Float]], _ stream: any SampleStream, _ body: (Tensor, Tensor?) throws -> Bool) throws -> Bool {
        let width = stream.inputWidth
        let x = try Tensor(shape: [batch.count, width], values: batch.flatMap { $0[0..<width] })
        var y: Tensor?
        if let shape = stream.targetShape {
            y = try Tensor(shape: [batch.count] + shape, values: batch.flatMap { $0[width...] })
        }
        return try body(try transform?(x) ?? x, y)
    }
}

extension Array {
    /// Removes the element at `i` by moving the last one into its place: O(1), and the order of the
    /// rest does not matter to a shuffle buffer.
    mutating func swapRemoveAt(_ i: Int) -> Element {
        swapAt(i, count - 1)
        return removeLast()
    }
}
