import Tensor

/// Minibatches of paired inputs and targets, as PyTorch's `DataLoader` over a `TensorDataset`.
///
/// Each pass (`batches()`, or a `for` loop over the loader) first draws a new order from the engine's
/// global generator when `shuffle` is set, so a seeded run sees the same batches every time.
/// Batches are copies of the rows and carry no autograd history.
public final class DataLoader: Sequence {
    /// The inputs, one sample per row (dimension 0).
    public let inputs: Tensor
    /// The targets, one per sample.
    public let targets: Tensor
    public let batchSize: Int
    public let shuffle: Bool
    /// Whether a last batch smaller than `batchSize` is left out.
    public let dropLast: Bool

    /// Pairs `x` and `y`, which must hold the same number of samples along dimension 0.
    public init(_ x: Tensor, _ y: Tensor, batchSize: Int = 1, shuffle: Bool = false, dropLast: Bool = false) throws {
        guard x.rank >= 1, y.rank >= 1, x.shape[0] == y.shape[0] else {
            throw TensorError(.shape, "DataLoader: inputs \(x.shape) and targets \(y.shape) must have the same number of samples along dimension 0")
        }
        guard batchSize >= 1 else { throw TensorError(.value, "DataLoader: batchSize must be positive (got \(batchSize))") }
        inputs = x
        targets = y
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
    }

    /// The number of samples.
    public var sampleCount: Int { inputs.shape[0] }

    /// The number of batches in one pass.
    public var count: Int {
        dropLast ? sampleCount / batchSize : (sampleCount + batchSize - 1) / batchSize
    }

    /// The batches of one pass, in a fresh order when shuffling.
    public func batches() -> [(x: Tensor, y: Tensor)] {
        let order = shuffle ? Datasets.permutation(sampleCount) : Array(0..<sampleCount)
        return (0..<count).map { b in
            let picked = order[(b * batchSize)..<Swift.min((b + 1) * batchSize, sampleCount)]
            return (inputs.rows(picked), targets.rows(picked))
        }
    }

    public func makeIterator() -> IndexingIterator<[(x: Tensor, y: Tensor)]> { batches().makeIterator() }
}

extension Tensor {
    /// The rows (slices along dimension 0) at `indices`, copied into a new tensor without history.
    /// The indices must be valid; callers make them.
    func rows<C: Collection>(_ indices: C) -> Tensor where C.Element == Int {
        let inner = shape.dropFirst().reduce(1, *)
        let out = TensorStorage(uninitializedCount: indices.count * inner)
        let source = storage.base
        for (k, i) in indices.enumerated() {
            (out.base + k * inner).update(from: source + i * inner, count: inner)
        }
        return Tensor(storage: out, shape: [indices.count] + shape.dropFirst())
    }
}
