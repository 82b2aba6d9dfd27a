import TensorEngine

/// BatchNorm's running statistics are saved with the model, under PyTorch's `state_dict` names
/// (`running_mean`, `running_var`, `num_batches_tracked`) so that files move between Soma and PyTorch
/// unchanged.
extension BatchNorm: BufferHolding {
    public var ownBuffers: [(String, Tensor)] {
        guard let runningMean, let runningVar, let numBatchesTracked else { return [] }
        return [("running_mean", runningMean), ("running_var", runningVar), ("num_batches_tracked", numBatchesTracked)]
    }
}
