import COpenBLAS
import NN
import TensorEngine

/// The sizes of the square matrix products.
let matmulSizes = [64, 128, 256, 512, 1024, 2048]

/// `Tensor.matmul` and a direct `cblas_sgemm` of the same n×n×n product, in GFLOP/s.
func benchMatmul(_ n: Int, threads: Int, _ config: TimingConfig) throws -> [Measurement] {
    seed(0)
    let a = try Tensor.randn([n, n]), b = try Tensor.randn([n, n])
    let flops = 2 * Double(n) * Double(n) * Double(n)
    // The reference: one cblas_sgemm into a buffer made once, under the same thread cap. The engine
    // caches the thread count it last set, so the reference puts back the one it found; the two are
    // timed in alternating batches, so that load from elsewhere reaches both alike.
    let c = UnsafeMutablePointer<Float>.allocate(capacity: n * n)
    c.initialize(repeating: 0, count: n * n)
    defer { c.deallocate() }
    var saved: Int32 = 1
    let (soma, direct) = try measurePair(config, { _ = try a.matmul(b) }, {
        a.withUnsafeValues { pa in
            b.withUnsafeValues { pb in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                            pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, c, Int32(n))
            }
        }
    }, enterB: {
        saved = openblas_get_num_threads()
        openblas_set_num_threads(Int32(threads))
    }, leaveB: { openblas_set_num_threads(saved) })
    return [
        Measurement(name: "matmul_\(n)", unit: "GFLOP/s", value: flops / soma.seconds / 1e9, impl: "soma", spread: soma.spread),
        Measurement(name: "matmul_\(n)", unit: "GFLOP/s", value: flops / direct.seconds / 1e9, impl: "cblas",
                    spread: direct.spread),
    ]
}

/// One training step as a user writes it: forward, zeroGrad, backward, step.
@inline(__always) func trainStep(_ model: Module, _ optimizer: Optimizer, _ x: Tensor, _ y: Tensor,
                                 _ loss: (Tensor, Tensor) throws -> Tensor) throws {
    let l = try loss(try model(x), y)
    optimizer.zeroGrad()
    try l.backward()
    try optimizer.step()
}

/// The XOR data set: four points and their labels.
func xorData() throws -> (Tensor, Tensor) {
    (try Tensor(shape: [4, 2], values: [0, 0, 0, 1, 1, 0, 1, 1]), try Tensor(shape: [4, 1], values: [0, 1, 1, 0]))
}

/// The XOR network: Linear(2, 8), Tanh, Linear(8, 1), Sigmoid.
func xorModel() throws -> Sequential {
    Sequential(try Linear(2, 8), Activation.tanh, try Linear(8, 1), Activation.sigmoid)
}

/// Training steps per second of the 2-8-1 XOR network with MSE and Adam(lr 0.05).
func benchXOR(_ config: TimingConfig) throws -> Measurement {
    seed(0)
    let (x, y) = try xorData()
    let model = try xorModel()
    let optimizer = try Adam(model.parameters(), lr: 0.05)
    return try rate("xor_2_8_1", "steps/s", params: model.parameters(), config) { try trainStep(model, optimizer, x, y, Loss.mse) }
}

/// Training steps per second of a ReLU MLP with the given layer widths on seeded random inputs and
/// labels, with cross-entropy and Adam (lr 0.001); the model and inputs in `dtype` (the model made in
/// float32 and converted, as a user converts one).
func benchMLP(_ name: String, widths: [Int], batch: Int, dtype: DType = .float32, _ config: TimingConfig) throws -> Measurement {
    seed(0)
    var layers: [any Module] = []
    for i in 0..<(widths.count - 1) {
        if i > 0 { layers.append(Activation.relu) }
        layers.append(try Linear(widths[i], widths[i + 1]))
    }
    let model = Sequential(layers)
    try model.to(dtype)
    let optimizer = try Adam(model.parameters(), lr: 0.001)
    let x = try Tensor.randn([batch, widths[0]], dtype: dtype)
    let y = try Tensor.randint(0, widths[widths.count - 1], [batch])
    return try rate(name, "steps/s", params: model.parameters(), config) { try trainStep(model, optimizer, x, y, Loss.crossEntropy) }
}

/// Every workload by name, in the order run; bench/torch_bench.py has the same names.
func workloads(threads: Int, _ config: TimingConfig) -> [(String, () throws -> [Measurement])] {
    matmulSizes.map { n in ("matmul_\(n)", { try benchMatmul(n, threads: threads, config) }) } + [
        ("xor_2_8_1", { [try benchXOR(config)] }),
        ("mlp_784_128_10_b64", { [try benchMLP("mlp_784_128_10_b64", widths: [784, 128, 10], batch: 64, config)] }),
        ("mlp_1024x3_10_b256", {
            [try benchMLP("mlp_1024x3_10_b256", widths: [1024, 1024, 1024, 10], batch: 256, config)]
        }),
        ("mlp_1024x3_10_b256_f64", {
            [try benchMLP("mlp_1024x3_10_b256_f64", widths: [1024, 1024, 1024, 10], batch: 256, dtype: .float64, config)]
        }),
        ("cnn_28x28_b32", { [try benchCNN(config)] }),
        ("conv3d_16c8_b4", { [try benchConv3d(config)] }),
        ("lstm_s32_b16_h64", { [try benchLSTM(config)] }),
        ("transformer_s64_b8_d128", { [try benchTransformer(config)] }),
        ("digits_fit", { [try benchDigitsFit(config)] }),
        ("infer_mlp_b1", { [try benchInferMLP(config)] }),
        ("infer_cnn_b1", { [try benchInferCNN(config)] }),
        ("resnet_32_b32", { [try benchResNet(config)] }),
        ("lstm_lm", { [try benchLSTMLM(config)] }),
        ("chargpt_train", { [try benchCharGPTTrain(config)] }),
        ("chargpt_generate", { [try benchCharGPTGenerate(config)] }),
    ]
}

/// Runs the workloads whose name is `wanted`, handing each measurement to `emit`.
func runAll(threads: Int, _ config: TimingConfig, wanted: (String) -> Bool, emit: (Measurement) -> Void) throws {
    for (name, run) in workloads(threads: threads, config) where wanted(name) {
        for m in try run() { emit(m) }
    }
}
