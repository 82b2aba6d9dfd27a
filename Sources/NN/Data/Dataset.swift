import TensorEngine

/// Samples read by index, as PyTorch's map-style `Dataset`: a `DataLoader` asks for each batch's
/// samples only when it reaches that batch.
public protocol MapDataset: AnyObject {
    /// The number of samples.
    var count: Int { get }
    /// Whether each sample has targets as well as inputs.
    var hasTargets: Bool { get }
    /// The samples at `indices` (each in `0..<count`), stacked along a new dimension 0: the inputs, and
    /// the targets when the data set has them.
    func samples(_ indices: ArraySlice<Int>) throws -> (x: Tensor, y: Tensor?)
}

/// Samples read in order, one pass after another, as PyTorch's `IterableDataset`: a `DataLoader` takes
/// each sample as the pass reaches it, so a pass holds only what the loader keeps (its batch and its
/// shuffle buffer).
///
/// Each sample is its input values, then its target values, as float32 numbers.
public protocol SampleStream: AnyObject {
    /// The number of samples in a pass, known before the first.
    var count: Int { get }
    /// The number of input values per sample.
    var inputWidth: Int { get }
    /// The shape of one sample's targets ([] for one value), or nil without targets.
    var targetShape: [Int]? { get }
    /// Calls `body` with each sample of one pass, in order, until it returns false.
    func forEachSample(_ body: ([Float]) throws -> Bool) throws
}

/// Paired tensors, one sample per row of each (PyTorch's `TensorDataset`).
public final class TensorDataset: MapDataset {
    public let x: Tensor, y: Tensor

    /// Pairs `x` and `y`, which must hold the same number of samples along dimension 0.
    public init(_ x: Tensor, _ y: Tensor) throws {
        guard x.rank >= 1, y.rank >= 1, x.shape[0] == y.shape[0] else {
            throw TensorError(.shape, "DataLoader: inputs \(x.shape) and targets \(y.shape) must have the same number of samples along dimension 0")
        }
        self.x = x
        self.y = y
    }

    public var count: Int { x.shape[0] }
    public var hasTargets: Bool { true }

    public func samples(_ indices: ArraySlice<Int>) throws -> (x: Tensor, y: Tensor?) {
        (try x.rows(indices), try y.rows(indices))
    }
}
