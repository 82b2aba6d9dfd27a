import Distributed
import NN
import Script
import TensorEngine

/// What `fit(..., distributed: true)` adds to the training loop on each process of a data-parallel
/// job: the model's gradients averaged after every backward pass (unless the model is a
/// `DistributedDataParallel` already), each process training on its own part of the data, and losses
/// and metrics averaged over all processes before they are recorded or shown, so every process keeps
/// the same history and makes the same early-stopping decisions. Only rank 0 draws and writes.
final class FitDistribution {
    let world: Communicator
    private let averager: GradientAverager?
    /// The model's buffers, which every training step takes from rank 0 (batch norm's statistics).
    private let buffers: [Tensor]
    private let context: EngineContext?
    private var observer: Int?

    /// Prepares `model` for the job; the averaging lasts until `finish()`.
    init(model: Value, module: (any Module)?, world: Communicator = .world) throws {
        self.world = world
        context = EngineContext.current
        if case .object(let o) = model, o is DistributedModelValue {
            averager = nil
            buffers = []
            return
        }
        guard let module else {
            throw ScriptError("TypeError", "fit(distributed: true) needs a model made of layers, whose parameters it can average")
        }
        let averager = try GradientAverager(parameters: module.parameters(), communicator: world)
        self.averager = averager
        buffers = module.namedBuffers().map(\.1)
        try noGrad { try world.broadcast(state: module.stateDict().map(\.1)) }
        observer = context?.observeBackward { [weak averager] leaves in try averager?.backwardFinished(leaves) }
    }

    /// Gives every process rank 0's buffers before a training step, as a DistributedDataParallel's
    /// forward pass does.
    func beforeStep() throws {
        guard world.size > 1, !buffers.isEmpty else { return }
        try noGrad { try world.broadcast(state: buffers) }
    }

    /// Stops averaging the model's gradients.
    func finish() {
        if let observer { context?.stopObservingBackward(observer) }
        observer = nil
    }

    deinit { finish() }

    /// This process's part of the training data: a loader must have been made with `shard: true`;
    /// one batch of all the data is split by rows.
    func part(of data: FitLoop.Batches) throws -> FitLoop.Batches {
        guard world.size > 1 else { return data }
        switch data {
        case .loader(let loader):
            guard loader.shard != nil else {
                throw ScriptError("ValueError", "fit(distributed: true): make the DataLoader with shard: true, so that each of the \(world.size) processes trains on its own part of the data")
            }
            return data
        case .whole(let x, let y):
            let rows = try DataShard(rank: world.rank, size: world.size, seed: 0).indices(of: x.shape[0], pass: 0, shuffle: false)
            return .whole(try x.rows(rows[...]), try y.rows(rows[...]))
        }
    }

    /// The mean of `value` over the processes.
    func mean(_ value: Double) throws -> Double {
        guard world.size > 1 else { return value }
        return try world.allReduce(try Tensor.full(checked: [], value, dtype: .float64), op: .mean).itemValue()
    }

    /// Element-wise sums of `values` over the processes.
    func sum(_ values: [Double]) throws -> [Double] {
        guard world.size > 1, !values.isEmpty else { return values }
        let t = try Tensor.filling([values.count], dtype: .float64, op: "fit") { buffer in
            values.withUnsafeBytes { buffer.copyMemory(from: $0) }
        }
        return try world.allReduce(t, op: .sum).elements(as: Double.self)
    }
}
