import NN
import TensorEngine

/// A ResNet basic block: conv3×3-BN-ReLU-conv3×3-BN plus the shortcut, then ReLU. The shortcut is a
/// 1×1 convolution with batch norm where the shape changes (a stride or more channels), the input
/// itself elsewhere.
final class BasicBlock: Module {
    let forwardHooks = ForwardHooks()
    var isTraining = true
    let conv1: Conv2d, bn1: BatchNorm2d, conv2: Conv2d, bn2: BatchNorm2d
    let shortcut: Sequential?

    init(_ inChannels: Int, _ outChannels: Int, stride: Int = 1) throws {
        conv1 = try Conv2d(inChannels, outChannels, kernelSize: 3, stride: stride, padding: 1, bias: false)
        bn1 = try BatchNorm2d(outChannels)
        conv2 = try Conv2d(outChannels, outChannels, kernelSize: 3, padding: 1, bias: false)
        bn2 = try BatchNorm2d(outChannels)
        shortcut = stride == 1 && inChannels == outChannels ? nil
            : Sequential(try Conv2d(inChannels, outChannels, kernelSize: 1, stride: stride, bias: false),
                         try BatchNorm2d(outChannels))
    }

    func forward(_ x: Tensor) throws -> Tensor {
        let out = try bn2(try conv2(try bn1(try conv1(x)).relu()))
        return try (out + (try shortcut.map { try $0(x) } ?? x)).relu()
    }

    var children: [(String, any Module)] {
        var out: [(String, any Module)] = [("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2)]
        if let shortcut { out.append(("shortcut", shortcut)) }
        return out
    }
}

/// The small ResNet for 3×32×32 images: a 16-channel stem (Conv2d without bias, BatchNorm2d, ReLU),
/// three stages of one basic block each (16, 32, 64 channels; the last two with stride 2), global
/// average pooling and Linear(64, 10).
func resnetModel() throws -> Sequential {
    Sequential(try Conv2d(3, 16, kernelSize: 3, padding: 1, bias: false), try BatchNorm2d(16), Activation.relu,
               try BasicBlock(16, 16), try BasicBlock(16, 32, stride: 2), try BasicBlock(32, 64, stride: 2),
               GlobalAvgPool2d(), try Linear(64, 10))
}

/// Training steps per second of the small ResNet in training mode on a batch of 32 seeded random
/// images and labels, with cross-entropy and SGD (lr 0.1, momentum 0.9).
func benchResNet(_ config: TimingConfig) throws -> Measurement {
    seed(0)
    let model = try resnetModel()
    let optimizer = try SGD(model.parameters(), lr: 0.1, momentum: 0.9)
    let x = try Tensor.randn([32, 3, 32, 32])
    let y = try Tensor.randint(0, 10, [32])
    return try rate("resnet_32_b32", "steps/s", params: model.parameters(), config) {
        try trainStep(model, optimizer, x, y) { try Loss.crossEntropy($0, $1) }
    }
}
