import NN
import TensorEngine
import Testing

/// Losses of logits far from zero, against PyTorch in float64: log-softmax must subtract the
/// lane's maximum before adding log Σexp, or the result rounds to the logits' magnitude.
@Suite struct LargeLogitLossTests {
    static let logits: [Float] = [799.25, 802, 798.25, 801.5, 800, 799.75]
    static let labels: [Float] = [0, 2]
    /// torch.nn.functional.cross_entropy(logits, [0, 2]) in float64; computing m + log Σexp first
    /// was 3e-5 off here.
    static let expected = 2.459044949814839

    @Test func crossEntropyOfLargeLogits() throws {
        let x = try Tensor(shape: [2, 3], values: Self.logits)
        let y = try Tensor(shape: [2], values: Self.labels)
        let loss = Double(try Loss.crossEntropy(x, y).item())
        #expect(Swift.abs(loss - Self.expected) < 2e-6, "\(loss)")
    }

    @Test func nllOfLogSoftmaxOfLargeLogits() throws {
        let x = try Tensor(shape: [2, 3], values: Self.logits)
        let y = try Tensor(shape: [2], values: Self.labels)
        let loss = Double(try Loss.nll(x.logSoftmax(axis: 1), y).item())
        #expect(Swift.abs(loss - Self.expected) < 2e-6, "\(loss)")
    }
}
