import TensorEngine

/// Feature scaling to zero mean and unit variance, as scikit-learn's `StandardScaler`.
///
/// Statistics are taken per feature over the samples (dimension 0), with the population standard
/// deviation; a feature that never varies gets a standard deviation of 1 so that it maps to 0, not NaN.
/// Fit on the training data, then apply the same mean and std to the test data.
public func standardize(_ x: Tensor) throws -> (x: Tensor, mean: Tensor, std: Tensor) {
    guard x.rank >= 1, x.shape[0] >= 1 else {
        throw TensorError(.shape, "standardize: needs at least one sample along dimension 0, got shape \(x.shape)")
    }
    let data = x.detach()
    let mean = try data.mean(axis: 0)
    let spread = try data.std(axis: 0, correction: 0)
    // A constant feature (or a NaN one) gets 1, in the statistics' own dtype.
    let std = try Tensor.where(spread > Tensor.number(0), spread, Tensor.number(1))
    return (try standardize(x, mean: mean, std: std), mean, std)
}

/// `(x - mean) / std` with broadcasting: applies statistics from `standardize(_:)` to other data.
public func standardize(_ x: Tensor, mean: Tensor, std: Tensor) throws -> Tensor {
    guard mean.shape == std.shape else {
        throw TensorError(.shape, "standardize: mean \(mean.shape) and std \(std.shape) must have the same shape")
    }
    guard (try? Shape.broadcast(x.shape, mean.shape, op: "standardize")) == x.shape else {
        throw TensorError(.shape, "standardize: mean and std of shape \(mean.shape) do not fit data of shape \(x.shape) (expected \(Array(x.shape.dropFirst())))")
    }
    return try (x - mean) / std
}
