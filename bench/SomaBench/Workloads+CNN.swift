import NN
import TensorEngine

/// The small CNN on 1×side×side images (side a multiple of 4): Conv2d(1, 16, 3, padding 1) → ReLU →
/// MaxPool2d(2) → Conv2d(16, 32, 3, padding 1) → ReLU → MaxPool2d(2) → Flatten → Linear(32·(side/4)², 10).
/// The 28×28 one is the CNN workload's and batch-1 inference's, the 8×8 one the digits'.
func cnnModel(side: Int = 28) throws -> Sequential {
    Sequential(try Conv2d(1, 16, kernelSize: 3, padding: 1), Activation.relu, try MaxPool2d(2),
               try Conv2d(16, 32, kernelSize: 3, padding: 1), Activation.relu, try MaxPool2d(2),
               Flatten(), try Linear(32 * (side / 4) * (side / 4), 10))
}

/// Training steps per second of the 28×28 CNN on seeded random images and labels, batch 32,
/// cross-entropy, Adam.
func benchCNN(_ config: TimingConfig) throws -> Measurement {
    seed(0)
    let model = try cnnModel()
    let optimizer = try Adam(model.parameters(), lr: 0.001)
    let x = try Tensor.randn([32, 1, 28, 28])
    let y = try Tensor.randint(0, 10, [32])
    return try rate("cnn_28x28_b32", "steps/s", params: model.parameters(), config) { try trainStep(model, optimizer, x, y) { try Loss.crossEntropy($0, $1) } }
}

/// Forward and backward passes per second of one 3-D convolution: Conv3d(8, 16, 3) over a batch of 4
/// volumes of 16³, the loss the sum of the output (its gradient all ones).
func benchConv3d(_ config: TimingConfig) throws -> Measurement {
    seed(0)
    let conv = try Conv3d(8, 16, kernelSize: 3)
    let x = try Tensor.randn([4, 8, 16, 16, 16])
    x.requiresGrad = true
    return try rate("conv3d_16c8_b4", "passes/s", params: conv.parameters(), config) {
        conv.zeroGrad()
        x.zeroGrad()
        try conv(x).sum().backward()
    }
}
