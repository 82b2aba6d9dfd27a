import NN
import TensorEngine

/// The small CNN: 1×28×28 → Conv2d(1, 16, 3, padding 1) → ReLU → MaxPool2d(2) → Conv2d(16, 32, 3,
/// padding 1) → ReLU → MaxPool2d(2) → Flatten → Linear(32·7·7, 10), batch 32, cross-entropy, Adam.
func cnnModel() throws -> Sequential {
    Sequential(try Conv2d(1, 16, kernelSize: 3, padding: 1), Activation.relu, try MaxPool2d(2),
               try Conv2d(16, 32, kernelSize: 3, padding: 1), Activation.relu, try MaxPool2d(2),
               Flatten(), try Linear(32 * 7 * 7, 10))
}

/// Training steps per second of the small CNN on seeded random images and labels.
func benchCNN(_ config: TimingConfig) throws -> Measurement {
    seed(0)
    let model = try cnnModel()
    let optimizer = try Adam(model.parameters(), lr: 0.001)
    let x = try Tensor.randn([32, 1, 28, 28])
    let y = try Tensor.randint(0, 10, [32])
    let t = try measure(config) { try trainStep(model, optimizer, x, y) { try Loss.crossEntropy($0, $1) } }
    return Measurement(name: "cnn_28x28_b32", unit: "steps/s", value: 1 / t, impl: "soma")
}
