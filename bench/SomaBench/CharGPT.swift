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

/// Greedy decoding, no gradients: the prompt in one call through fresh caches, then one token a call
/// until `total` tokens; with `cached` false, the whole sequence runs again for every token.
func greedy(_ model: CharGPT, prompt: [Int], total: Int, cached: Bool = true) throws -> [Int] {
    func row(_ t: [Int]) throws -> Tensor { try Tensor(shape: [1, t.count], values: t.map(Float.init)) }
    func next(_ logits: Tensor) throws -> Int { Int(try logits[.at(0), .at(-1)].argmax().item()) }
    return try noGrad {
        var tokens = prompt
        guard cached else {
            while tokens.count < total { tokens.append(try next(try model(try row(tokens)))) }
            return tokens
        }
        let caches = model.blocks.map { _ in KVCache() }
        var logits = try model.step(try row(tokens), position: 0, caches: caches)
        while tokens.count < total {
            tokens.append(try next(logits))
            if tokens.count < total { logits = try model.step(try row([tokens[tokens.count - 1]]), position: tokens.count - 1, caches: caches) }
        }
        return tokens
    }
}
