import NN
import TensorEngine

/// The chargpt workloads' sizes: 4 blocks of width 128 with 4 heads (GELU FFN 512), context 128, batch 16.
enum CharGPTSize {
    static let dim = 128, heads = 4, depth = 4, context = 128, batch = 16, prompt = 16
}

/// Training tokens per second of the character-level GPT on batches of 16 random 128-character windows
/// of data/tiny-tales.txt: cross-entropy of the next character, AdamW (lr 3e-4).
func benchCharGPTTrain(_ config: TimingConfig) throws -> Measurement {
    typealias S = CharGPTSize
    seed(0)
    let (tokens, vocabSize) = try tinyTalesTokens()
    let ids = try Tensor(shape: [tokens.count], values: tokens.map(Float.init))
    let model = try CharGPT(vocabSize: vocabSize, dim: S.dim, heads: S.heads, depth: S.depth, context: S.context)
    let optimizer = try Adam(model.parameters(), lr: 3e-4, weightDecay: Adam.Defaults.decoupledWeightDecay,
                             decoupledWeightDecay: true)
    let offsets = try Tensor.arange(0, Float(S.context + 1))
    return try rate("chargpt_train", "tokens/s", count: Double(S.batch * S.context), params: model.parameters(), config) {
        let starts = try Tensor.randint(0, tokens.count - S.context, [S.batch, 1])
        let window = try ids.indexSelect(axis: 0, indices: try starts + offsets)
        let logits = try model(try window[.all, .range(0, S.context, 1)])
        let loss = try Loss.crossEntropy(try logits.reshape([-1, vocabSize]),
                                         try window[.all, .range(1, S.context + 1, 1)].reshape([-1]))
        optimizer.zeroGrad()
        try loss.backward()
        try optimizer.step()
    }
}

/// Generated tokens per second of the untrained GPT decoding greedily with a KV cache per block, batch 1:
/// a 16-character prompt in one call, then one token a call until the context holds 128. In smoke mode it
/// first checks that the cache gives the logits and tokens of a full-context run.
func benchCharGPTGenerate(_ config: TimingConfig) throws -> Measurement {
    typealias S = CharGPTSize
    seed(0)
    let (tokens, vocabSize) = try tinyTalesTokens()
    let model = try CharGPT(vocabSize: vocabSize, dim: S.dim, heads: S.heads, depth: S.depth, context: S.context)
    model.eval()
    let prompt = Array(tokens[0..<S.prompt])
    if config.batches == 1 { try checkCache(model, prompt: prompt, total: S.context) }
    return try rate("chargpt_generate", "tokens/s", count: Double(S.context - S.prompt), params: model.parameters(),
                        config) {
        _ = try greedy(model, prompt: prompt, total: S.context)
    }
}
