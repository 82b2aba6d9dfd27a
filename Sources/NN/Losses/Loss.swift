import TensorEngine

/// How a loss turns per-element (or per-sample) values into its result, as PyTorch's `reduction`.
public enum Reduction: String, Sendable {
    /// The mean over all elements (over samples for class losses): the default.
    case mean
    /// The sum.
    case sum
    /// No reduction: one loss per element (per sample for class losses).
    case none
    /// The sum divided by the batch size (the first dimension): the mathematically right KL divergence.
    case batchMean = "batchmean"
}

/// Loss functions: each reduces a batch to a scalar mean unless told otherwise.
public enum Loss {
    /// Mean squared error; prediction and target must have the same shape.
    ///
    /// This two-argument form keeps `Loss.mse` usable as a `(Tensor, Tensor) throws -> Tensor` value.
    public static func mse(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
        try mse(prediction, target, reduction: .mean)
    }

    /// Squared error reduced as asked; prediction and target must have the same shape.
    public static func mse(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        guard prediction.shape == target.shape else {
            throw TensorError(.shape, "mse: prediction \(prediction.shape) and target \(target.shape) differ in shape")
        }
        return try reduce(try (prediction - target).pow(2), reduction, op: "mse")
    }

    /// Mean absolute error; the gradient at a zero difference is 0, as PyTorch's.
    public static func l1(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) throws -> Tensor {
        guard prediction.shape == target.shape else {
            throw TensorError(.shape, "l1: prediction \(prediction.shape) and target \(target.shape) differ in shape")
        }
        return try reduce(try (prediction - target).abs(), reduction, op: "l1")
    }
}

extension Loss {
    /// Reduces elementwise losses built from differentiable ops.
    static func reduce(_ elementwise: Tensor, _ reduction: Reduction, op: String) throws -> Tensor {
        switch reduction {
        case .mean: return try elementwise.mean()
        case .sum: return elementwise.sum()
        case .none: return elementwise
        case .batchMean: throw batchMeanError(op)
        }
    }

    static func rejectBatchMean(_ reduction: Reduction, op: String) throws {
        if reduction == .batchMean { throw batchMeanError(op) }
    }

    static func batchMeanError(_ op: String) -> TensorError {
        TensorError(.value, "\(op): reduction 'batchmean' is only for klDiv (use 'mean', 'sum' or 'none')")
    }

    /// `result` in the inputs' floating type `type` (a loss of float16 logits computed in float32 gives float16);
    /// the result itself for integer inputs, whose losses are float32.
    static func keepingType(_ result: Tensor, _ type: DType) throws -> Tensor {
        type.isFloatingPoint && result.dtype != type ? try result.to(type) : result
    }
}
