import NN
import Script
import Tensor

/// Recurrent and attention layers: RNN, LSTM, GRU, attention (MHA/GQA/MQA), positional encodings,
/// feed-forward and Transformer blocks, mixture of experts, and key/value caches for decoding.
extension Library {
    static func sequences() -> Library {
        var lib = Library()
        addRecurrent(&lib)
        addAttention(&lib)
        addTransformer(&lib)
        return lib
    }

    // MARK: recurrent layers

    private static func addRecurrent(_ lib: inout Library) {
        let options = ["inputSize", "hiddenSize", "numLayers", "bias"]
        lib.add("RNN", "RNN(inputSize, hiddenSize, numLayers: 1, nonlinearity: \"tanh\", bias: true) — an Elman RNN over [batch, seq, features]; calling it with (x, h0: nil) returns [outputs, h].") { a, _ in
            let v = try a.bind("RNN", options + ["nonlinearity"], required: 2)
            let name = try optional(v[4])?.string("nonlinearity") ?? "tanh"
            guard let nonlinearity = RNNNonlinearity(rawValue: name) else {
                throw ScriptError("ValueError", "RNN: nonlinearity must be \"tanh\" or \"relu\", got \"\(name)\"")
            }
            return recurrentValue(try RNN(try v[0]!.integer("inputSize"), try v[1]!.integer("hiddenSize"),
                                          numLayers: try optional(v[2])?.integer("numLayers") ?? 1,
                                          nonlinearity: nonlinearity, bias: try optional(v[3])?.boolean("bias") ?? true))
        }
        lib.add("LSTM", "LSTM(inputSize, hiddenSize, numLayers: 1, bias: true) — an LSTM over [batch, seq, features]; calling it with (x, [h0, c0]: nil) returns [outputs, [h, c]].") { a, _ in
            let v = try a.bind("LSTM", options, required: 2)
            return recurrentValue(try LSTM(try v[0]!.integer("inputSize"), try v[1]!.integer("hiddenSize"),
                                           numLayers: try optional(v[2])?.integer("numLayers") ?? 1,
                                           bias: try optional(v[3])?.boolean("bias") ?? true))
        }
        lib.add("GRU", "GRU(inputSize, hiddenSize, numLayers: 1, bias: true) — a GRU over [batch, seq, features]; calling it with (x, h0: nil) returns [outputs, h].") { a, _ in
            let v = try a.bind("GRU", options, required: 2)
            return recurrentValue(try GRU(try v[0]!.integer("inputSize"), try v[1]!.integer("hiddenSize"),
                                          numLayers: try optional(v[2])?.integer("numLayers") ?? 1,
                                          bias: try optional(v[3])?.boolean("bias") ?? true))
        }
    }

    /// A recurrent layer whose call takes `(input, state: nil)` and returns `[outputs, state]`; the state
    /// is `h` (`[numLayers, batch, hidden]`), or `[h, c]` for an LSTM.
    private static func recurrentValue(_ layer: any RecurrentModule) -> Value {
        let name = String(describing: type(of: layer)), hasCell = layer is LSTM
        let extras: [String: () throws -> Value] = [
            "inputSize": { .number(Double(layer.inputSize)) },
            "hiddenSize": { .number(Double(layer.hiddenSize)) },
            "numLayers": { .number(Double(layer.numLayers)) },
        ]
        return .object(SequenceLayerValue(layer, extras: extras) { a, _ in
            let v = try a.bind(name, ["input", "state"], required: 1)
            let x = try Convert.tensor(v[0]!, "the input of \(name)")
            var state: RecurrentState?
            if let s = optional(v[1]) {
                if hasCell {
                    guard case .list(let l) = s, l.items.count == 2 else {
                        throw ScriptError("TypeError", "the state of LSTM must be a list [h, c] of two tensors, not \(describeState(s))")
                    }
                    let parts = l.items
                    state = RecurrentState(h: try Convert.tensor(parts[0], "h of the LSTM state"),
                                           c: try Convert.tensor(parts[1], "c of the LSTM state"))
                } else {
                    state = RecurrentState(h: try Convert.tensor(s, "the state of \(name)"))
                }
            }
            let (output, final) = try layer.forward(x, state: state)
            let stateValue: Value = final.c.map { .list(ListStorage([Convert.wrap(final.h), Convert.wrap($0)])) }
                ?? Convert.wrap(final.h)
            return .list(ListStorage([Convert.wrap(output), stateValue]))
        })
    }

    /// What was passed as an LSTM state, for its error message.
    private static func describeState(_ v: Value) -> String {
        if case .list(let l) = v { return "a list of \(l.items.count)" }
        return "a \(v.typeName)"
    }

    // MARK: attention

    private static func addAttention(_ lib: inout Library) {
        lib.add("scaledDotProductAttention", "scaledDotProductAttention(q, k, v, causal: false, mask: nil, window: nil, scale: nil) — softmax(q kᵀ·scale) v over [..., heads, length, dim]; k and v may have fewer heads (GQA/MQA); mask: 0 hides a key.") { a, _ in
            let v = try a.bind("scaledDotProductAttention", ["query", "key", "value", "causal", "mask", "window", "scale"], required: 3)
            return Convert.wrap(try Tensor.scaledDotProductAttention(
                try Convert.tensor(v[0]!, "query"), try Convert.tensor(v[1]!, "key"), try Convert.tensor(v[2]!, "value"),
                causal: try optional(v[3])?.boolean("causal") ?? false,
                window: try optional(v[5])?.integer("window"),
                mask: try optional(v[4]).map { try Convert.tensor($0, "mask") },
                scale: try optional(v[6]).map { Float(try $0.number("scale")) }))
        }
        lib.add("positionalEncoding", "positionalEncoding(length, dim) — the sinusoidal position encoding [length, dim] of \"Attention Is All You Need\".") { a, _ in
            let v = try a.bind("positionalEncoding", ["length", "dim"], required: 2)
            return Convert.wrap(try PositionalEncoding.sinusoidal(length: try v[0]!.integer("length"), dim: try v[1]!.integer("dim")))
        }
        lib.add("MultiHeadAttention", "MultiHeadAttention(dim, heads:, kvHeads: heads, causal: false, window: nil, bias: true) — attention with q/k/v/out projections; kvHeads < heads gives GQA (1: MQA). m(x) attends x to itself, m(query, key, value) across; m.step(x, cache) decodes.") { a, _ in
            let v = try a.bind("MultiHeadAttention", ["dim", "heads", "kvHeads", "causal", "window", "bias"], required: 2)
            let layer = try MultiHeadAttention(try v[0]!.integer("dim"), heads: try v[1]!.integer("heads"),
                                               kvHeads: try optional(v[2])?.integer("kvHeads"),
                                               causal: try optional(v[3])?.boolean("causal") ?? false,
                                               window: try optional(v[4])?.integer("window"),
                                               bias: try optional(v[5])?.boolean("bias") ?? true)
            var extras = stepMember("MultiHeadAttention") { try layer.step($0, cache: $1) }
            extras["heads"] = { .number(Double(layer.heads)) }
            extras["kvHeads"] = { .number(Double(layer.kvHeads)) }
            extras["headDim"] = { .number(Double(layer.headDim)) }
            extras["causal"] = { .bool(layer.causal) }
            extras["window"] = { layer.window.map { .number(Double($0)) } ?? .null }
            return .object(SequenceLayerValue(layer, extras: extras) { a, _ in
                let v = try a.bind("MultiHeadAttention", ["query", "key", "value"], required: 1)
                let q = try Convert.tensor(v[0]!, "the query of MultiHeadAttention")
                guard let keyValue = optional(v[1]) else {
                    guard optional(v[2]) == nil else { throw ScriptError("TypeError", "MultiHeadAttention got a value without a key") }
                    return Convert.wrap(try layer(q))
                }
                let k = try Convert.tensor(keyValue, "the key of MultiHeadAttention")
                let value = try optional(v[2]).map { try Convert.tensor($0, "the value of MultiHeadAttention") } ?? k
                return Convert.wrap(try layer.forward(query: q, key: k, value: value))
            })
        }
        lib.add("KVCache", "KVCache() — an empty key/value cache for one attention layer; pass it to layer.step(x, cache) while decoding.") { a, _ in
            try a.expectNone("KVCache")
            return .object(KVCacheValue(KVCache()))
        }
        lib.add("kvCacheSize", "kvCacheSize(length, kvHeads, headDim, layers: 1, batch: 1, bytesPerElement: 4) — the elements and bytes of a full key/value cache, as a dictionary.") { a, _ in
            let v = try a.bind("kvCacheSize", ["length", "kvHeads", "headDim", "layers", "batch", "bytesPerElement"], required: 3)
            let sizes = try [v[0]!.integer("length"), v[1]!.integer("kvHeads"), v[2]!.integer("headDim"),
                             optional(v[3])?.integer("layers") ?? 1, optional(v[4])?.integer("batch") ?? 1,
                             optional(v[5])?.integer("bytesPerElement") ?? 4]
            guard sizes.allSatisfy({ $0 >= 0 }) else {
                throw ScriptError("ValueError", "kvCacheSize: sizes must be non-negative, got \(sizes)")
            }
            let elements = KVCache.elements(layers: sizes[3], batch: sizes[4], length: sizes[0], kvHeads: sizes[1], headDim: sizes[2])
            let d = DictionaryStorage()
            try d.set(.string("elements"), .number(Double(elements)))
            try d.set(.string("bytes"), .number(Double(elements) * Double(sizes[5])))
            return .dictionary(d)
        }
    }

    /// A `step(x, cache)` member that decodes new positions through a layer with its key/value cache.
    private static func stepMember(_ owner: String, _ step: @escaping (Tensor, KVCache) throws -> Tensor)
        -> [String: () throws -> Value] {
        ["step": {
            .function(NativeFunction("step", doc: "layer.step(x, cache) — attends the new positions x [batch, n, dim] over themselves and the cache, then adds them to it (decoding is causal).") { a, _ in
                let v = try a.bind("step", ["input", "cache"], required: 2)
                guard case .object(let c as KVCacheValue) = v[1]! else {
                    throw ScriptError("TypeError", "the cache of \(owner).step must be a KVCache, not a \(v[1]!.typeName)")
                }
                return Convert.wrap(try step(try Convert.tensor(v[0]!, "the input of \(owner).step"), c.cache))
            })
        }]
    }

    // MARK: Transformer pieces

    private static func addTransformer(_ lib: inout Library) {
        lib.add("FeedForward", "FeedForward(dim, hidden, kind: \"gelu\", bias: nil) — a GELU MLP (fc1, fc2) or a SwiGLU block (gate, up, down; no biases by default).") { a, _ in
            let v = try a.bind("FeedForward", ["dim", "hidden", "kind", "bias"], required: 2)
            return .object(ModuleValue(try FeedForward(try v[0]!.integer("dim"), try v[1]!.integer("hidden"),
                                                       kind: try feedForwardKind(v[2], "FeedForward"),
                                                       bias: try optional(v[3])?.boolean("bias"))))
        }
        lib.add("TransformerBlock", "TransformerBlock(dim, heads:, kvHeads: heads, hidden: 4·dim, causal: false, window: nil, kind: \"gelu\") — a pre-norm block: x + attention(norm1(x)), then + feedForward(norm2(x)); block.step(x, cache) decodes.") { a, _ in
            let v = try a.bind("TransformerBlock", ["dim", "heads", "kvHeads", "hidden", "causal", "window", "kind"], required: 2)
            let block = try TransformerBlock(try v[0]!.integer("dim"), heads: try v[1]!.integer("heads"),
                                             kvHeads: try optional(v[2])?.integer("kvHeads"),
                                             hidden: try optional(v[3])?.integer("hidden"),
                                             causal: try optional(v[4])?.boolean("causal") ?? false,
                                             window: try optional(v[5])?.integer("window"),
                                             kind: try feedForwardKind(v[6], "TransformerBlock"))
            return .object(SequenceLayerValue(block, extras: stepMember("TransformerBlock") { try block.step($0, cache: $1) }) { a, _ in
                let x = try a.bind("TransformerBlock", ["input"], required: 1)[0]!
                return Convert.wrap(try block(try Convert.tensor(x, "the input of TransformerBlock")))
            })
        }
        lib.add("MixtureOfExperts", "MixtureOfExperts(dim, hidden, experts:, topK: 1, kind: \"gelu\", normalize: false) — top-k routed feed-forward experts; m.auxLoss is the load-balancing loss of the last call, m.counts the tokens each expert got.") { a, _ in
            let v = try a.bind("MixtureOfExperts", ["dim", "hidden", "experts", "topK", "kind", "normalize"], required: 3)
            let moe = try MixtureOfExperts(try v[0]!.integer("dim"), try v[1]!.integer("hidden"),
                                           experts: try v[2]!.integer("experts"), topK: try optional(v[3])?.integer("topK") ?? 1,
                                           kind: try feedForwardKind(v[4], "MixtureOfExperts"),
                                           normalize: try optional(v[5])?.boolean("normalize") ?? false)
            let extras: [String: () throws -> Value] = [
                "auxLoss": { moe.auxLoss.map(Convert.wrap) ?? .null },
                "counts": { .list(ListStorage(moe.lastCounts.map { .number(Double($0)) })) },
                "topK": { .number(Double(moe.topK)) },
            ]
            return .object(SequenceLayerValue(moe, extras: extras) { a, _ in
                let x = try a.bind("MixtureOfExperts", ["input"], required: 1)[0]!
                return Convert.wrap(try moe(try Convert.tensor(x, "the input of MixtureOfExperts")))
            })
        }
    }

    private static func feedForwardKind(_ v: Value?, _ owner: String) throws -> FeedForwardKind {
        guard let v = optional(v) else { return .gelu }
        let name = try v.string("kind")
        guard let kind = FeedForwardKind(rawValue: name) else {
            throw ScriptError("ValueError", "\(owner): kind must be \"gelu\" or \"swiglu\", got \"\(name)\"")
        }
        return kind
    }

    /// An argument, or nil when it was left out or given as `nil`.
    private static func optional(_ v: Value?) -> Value? {
        if case .some(.null) = v { return nil }
        return v
    }
}
