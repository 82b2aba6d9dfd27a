import NN
import TensorEngine

/// Forward passes per second of `model` on one sample `x`, in eval mode without gradients: the
/// latency of batch-1 inference, where the per-call overhead outweighs the arithmetic.
func benchInference(_ name: String, _ model: Sequential, _ x: Tensor, _ config: TimingConfig) throws -> Measurement {
    model.eval()
    return try rate(name, "calls/s", params: model.parameters(), config) { _ = try noGrad { try model(x) } }
}

/// Batch-1 inference of the 784-128-10 MLP of mlp_784_128_10_b64.
func benchInferMLP(_ config: TimingConfig) throws -> Measurement {
    seed(0)
    let model = Sequential(try Linear(784, 128), Activation.relu, try Linear(128, 10))
    return try benchInference("infer_mlp_b1", model, try Tensor.randn([1, 784]), config)
}

/// Batch-1 inference of the 28×28 CNN of cnn_28x28_b32.
func benchInferCNN(_ config: TimingConfig) throws -> Measurement {
    seed(0)
    return try benchInference("infer_cnn_b1", try cnnModel(), try Tensor.randn([1, 1, 28, 28]), config)
}
