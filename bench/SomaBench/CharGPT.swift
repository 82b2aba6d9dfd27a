import Foundation
import NN
import TensorEngine

/// The character-level GPT of the chargpt workloads, as notebook 16 writes it in Soma (and
/// bench/soma/chargpt.soma and bench/torch_chargpt.py do): token embedding plus the sinusoidal position
/// encoding, causal pre-norm `TransformerBlock`s, a final `LayerNorm` and an output layer tied to the
/// embedding.
final class CharGPT: Module {
    let forwardHooks = ForwardHooks()
    var isTraining = true
    let embed: Embedding
    /// The position encoding of every position up to the context, made once.
    let positions: Tensor
    let blocks: [TransformerBlock]
    let norm: LayerNorm
    let out: TiedLinear

    init(vocabSize: Int, dim: Int, heads: Int, depth: Int, context: Int) throws {
        embed = try Embedding(vocabSize, dim)
        positions = try PositionalEncoding.sinusoidal(length: context, dim: dim)
        blocks = try (0..<depth).map { _ in try TransformerBlock(dim, heads: heads, causal: true) }
        norm = try LayerNorm(dim)
        out = try TiedLinear(embed)
    }

    /// Logits `[batch, seq, vocab]` of token ids `[batch, seq]`.
    func forward(_ tokens: Tensor) throws -> Tensor {
        var x = try embed(tokens) + positions[.range(0, tokens.shape[1], 1)]
        for block in blocks { x = try block(x) }
        return try out(try norm(x))
    }

    /// The logits of `tokens`, which continue the `position` tokens that `caches` (one per block) hold.
    func step(_ tokens: Tensor, position: Int, caches: [KVCache]) throws -> Tensor {
        var x = try embed(tokens) + positions[.range(position, position + tokens.shape[1], 1)]
        for (block, cache) in zip(blocks, caches) { x = try block.step(x, cache: cache) }
        return try out(try norm(x))
    }

    var children: [(String, any Module)] {
        [("embed", embed)] + blocks.enumerated().map { ("blocks.\($0.offset)", $0.element) } + [("norm", norm), ("out", out)]
    }
}

/// data/tiny-tales.txt as token ids (one per character, numbered in the sorted vocabulary), and the
/// vocabulary's size.
func tinyTalesTokens() throws -> (ids: [Int], vocabSize: Int) {
    let text = try String(contentsOfFile: try DataFiles.locate("tiny-tales.txt"), encoding: .utf8)
    let vocab = Set(text.unicodeScalars).sorted { $0.value < $1.value }
    let index = Dictionary(uniqueKeysWithValues: vocab.enumerated().map { ($0.element, $0.offset) })
    return (text.unicodeScalars.map { index[$0]! }, vocab.count)
}

/// A token row `[1, count]` for the model.
private func row(_ tokens: [Int]) throws -> Tensor { try Tensor(shape: [1, tokens.count], values: tokens.map(Float.init)) }

/// Greedy decoding, no gradients: the prompt in one call through fresh caches, then one token a call
/// until `total` tokens.
func greedy(_ model: CharGPT, prompt: [Int], total: Int) throws -> [Int] {
    try noGrad {
        var tokens = prompt
        let caches = model.blocks.map { _ in KVCache() }
        var logits = try model.step(try row(tokens), position: 0, caches: caches)
        while tokens.count < total {
            tokens.append(Int(try logits[.at(0), .at(-1)].argmax().item()))
            if tokens.count < total { logits = try model.step(try row([tokens[tokens.count - 1]]), position: tokens.count - 1, caches: caches) }
        }
        return tokens
    }
}

/// Throws unless the cached steps of `greedy` give the logits of one run over the whole sequence, and
/// greedy the tokens of that run. (Untrained, the model picks tokens that hardly depend on the context,
/// so equal tokens alone would not catch a broken cache.)
func checkCache(_ model: CharGPT, prompt: [Int], total: Int) throws {
    let tokens = try greedy(model, prompt: prompt, total: total)
    try noGrad {
        let caches = model.blocks.map { _ in KVCache() }
        var steps = [try model.step(try row(prompt), position: 0, caches: caches)]
        for p in prompt.count..<(total - 1) { steps.append(try model.step(try row([tokens[p]]), position: p, caches: caches)) }
        let full = try model(try row(Array(tokens.dropLast())))
        let gap = try (try Tensor.concat(steps, axis: 1) - full).abs().max().item()
        let picks = try full[.at(0), .range(prompt.count - 1, total - 1, 1)].argmax(axis: -1).values.map { Int($0) }
        guard gap < 1e-3, picks == Array(tokens[prompt.count...]) else {
            throw TensorError(.value, "chargpt_generate: decoding with the KV cache differs from a full-context run (largest logit gap \(gap))")
        }
    }
}
