import NN
import TensorEngine

/// Epochs per second of the digits CNN trained end to end as the language's `fit` trains it: each
/// call loads the 1797 digits (`Datasets.digits()`, which parses data/digits.csv.gz once per process
/// and builds fresh tensors from the parsed values after that), scales the pixels to 0…1, builds a
/// shuffled DataLoader of batches of 32, and runs one epoch of training steps with cross-entropy and
/// Adam (lr 0.001), reading each step's loss as `fit` does for its history.
func benchDigitsFit(_ config: TimingConfig) throws -> Measurement {
    seed(0)
    let model = try cnnModel(side: 8)
    let optimizer = try Adam(model.parameters(), lr: 0.001)
    return try rate("digits_fit", "epochs/s", params: model.parameters(), config) {
        let (pixels, labels) = try Datasets.digits()
        let images = try (pixels / 16).reshape([-1, 1, 8, 8])
        let loader = try DataLoader(images, labels, batchSize: 32, shuffle: true)
        try loader.forEachBatch { x, y in
            guard let y else { return false }
            let l = try Loss.crossEntropy(try model(x), y)
            optimizer.zeroGrad()
            try l.backward()
            try optimizer.step()
            _ = try l.itemValue()
            return true
        }
    }
}
