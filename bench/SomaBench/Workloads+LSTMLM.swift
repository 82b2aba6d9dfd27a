import Foundation
import NN
import TensorEngine

/// The character-level LSTM language model: Embedding(vocab, 64), LSTM(64, 128) and Linear(128, vocab)
/// at every position.
final class CharLSTM: Module {
    let forwardHooks = ForwardHooks()
    var isTraining = true
    let embed: Embedding, lstm: LSTM, head: Linear

    init(vocabSize: Int) throws {
        embed = try Embedding(vocabSize, 64)
        lstm = try LSTM(64, 128)
        head = try Linear(128, vocabSize)
    }

    func forward(_ tokens: Tensor) throws -> Tensor { try head(try lstm(try embed(tokens))) }

    var children: [(String, any Module)] { [("embed", embed), ("lstm", lstm), ("head", head)] }
}

/// Training tokens per second of the character-level LSTM on data/tiny-tales.txt: each step draws 16
/// random windows of 64 characters and takes the cross-entropy of the next character, with Adam (lr 0.002).
func benchLSTMLM(_ config: TimingConfig) throws -> Measurement {
    seed(0)
    let text = try String(contentsOfFile: try DataFiles.locate("tiny-tales.txt"), encoding: .utf8)
    let vocab = Set(text.unicodeScalars).sorted()
    let index = Dictionary(uniqueKeysWithValues: vocab.enumerated().map { ($1, $0) })
    let ids = try Tensor(shape: [text.unicodeScalars.count], values: text.unicodeScalars.map { Float(index[$0]!) })
    let batch = 16, length = 64
    let model = try CharLSTM(vocabSize: vocab.count)
    let optimizer = try Adam(model.parameters(), lr: 0.002)
    let offsets = try Tensor.arange(0, Float(length + 1))
    return try rate("lstm_lm", "tokens/s", count: Double(batch * length), params: model.parameters(), config) {
        let starts = try Tensor.randint(0, ids.count - length, [batch, 1])
        let window = try ids.indexSelect(axis: 0, indices: try starts + offsets)
        let logits = try model(try window[.all, .range(0, length, 1)])
        let loss = try Loss.crossEntropy(try logits.reshape([-1, vocab.count]),
                                         try window[.all, .slice(1, nil, 1)].reshape([-1]))
        optimizer.zeroGrad()
        try loss.backward()
        try optimizer.step()
    }
}
