import NN
import Script
import TensorEngine

/// Recurrent and attention layers: RNN, LSTM, GRU, attention (MHA/GQA/MQA), positional encodings,
/// feed-forward and Transformer blocks, mixture of experts, and key/value caches for decoding.
extension Library {
    static func sequences() -> Library {
        var lib = Library()
        addRecurrent(&lib)
        addAttention(&lib)
        addTransformer(&lib)
        addTransformers(&lib)
        addMLA(&lib)
        return lib
    }

    // MARK: recurrent layers

    private static func addRecurrent(_ lib: inout Library) {
        let sizes: [Signature.Parameter] = ["inputSize", "hiddenSize", .defaulted("numLayers", engine: RecurrentDefaults.numLayers)]
        let options: [Signature.Parameter] = [.defaulted("bias", engine: RecurrentDefaults.bias),
                                              .defaulted("dropout", engine: RecurrentDefaults.dropout),
                                              .defaulted("bidirectional", engine: RecurrentDefaults.bidirectional),
                                              .defaulted("batchFirst", engine: RecurrentDefaults.batchFirst)]
        lib.add("RNN", sizes + [.defaulted("nonlinearity", engine: RecurrentDefaults.nonlinearity)] + options,
                "an Elman RNN over [batch, seq, features] ([seq, batch, features] with batchFirst: false, PyTorch's default layout); calling it with (x, h0: nil, lengths: nil) returns [outputs, h].") { a, _ in
            recurrentValue(try RNN(try a.integer("inputSize"), try a.integer("hiddenSize"), numLayers: try a.integer("numLayers"),
                                   nonlinearity: try nonlinearity(a, "RNN"), bias: try a.boolean("bias"),
                                   dropout: try a.number("dropout"), bidirectional: try a.boolean("bidirectional"),
                                   batchFirst: try a.boolean("batchFirst")))
        }
        lib.add("LSTM", sizes + options,
                "an LSTM over [batch, seq, features] ([seq, batch, features] with batchFirst: false, PyTorch's default layout); calling it with (x, [h0, c0]: nil, lengths: nil) returns [outputs, [h, c]].") { a, _ in
            recurrentValue(try LSTM(try a.integer("inputSize"), try a.integer("hiddenSize"), numLayers: try a.integer("numLayers"),
                                    bias: try a.boolean("bias"), dropout: try a.number("dropout"),
                                    bidirectional: try a.boolean("bidirectional"), batchFirst: try a.boolean("batchFirst")))
        }
        lib.add("GRU", sizes + options,
                "a GRU over [batch, seq, features] ([seq, batch, features] with batchFirst: false, PyTorch's default layout); calling it with (x, h0: nil, lengths: nil) returns [outputs, h].") { a, _ in
            recurrentValue(try GRU(try a.integer("inputSize"), try a.integer("hiddenSize"), numLayers: try a.integer("numLayers"),
                                   bias: try a.boolean("bias"), dropout: try a.number("dropout"),
                                   bidirectional: try a.boolean("bidirectional"), batchFirst: try a.boolean("batchFirst")))
        }
        addRecurrentCells(&lib)
    }

    /// RNN's `nonlinearity` option: "tanh" or "relu".
    static func nonlinearity(_ a: BoundArguments, _ function: String) throws -> RNNNonlinearity {
        let name = try a.string("nonlinearity")
        guard let nonlinearity = RNNNonlinearity(rawValue: name) else {
            throw ScriptError("ValueError", "\(function): nonlinearity must be \"tanh\" or \"relu\", got \"\(name)\"")
        }
        return nonlinearity
    }

    /// A recurrent layer whose call takes `(input, state: nil, lengths: nil)` and returns
    /// `[outputs, state]`; the state is `h` (`[numLayers·directions, batch, hidden]`), or `[h, c]` for an LSTM.
    private static func recurrentValue<Layer: RecurrentLayer & RecurrentModule & SendableMetatype>(_ layer: Layer) -> Value {
        let name = String(describing: type(of: layer)), hasCell = layer is LSTM
        let extras = MemberTable<Layer>([
            .property("inputSize", "features per step of the input.") { .number(Double($0.inputSize)) },
            .property("hiddenSize", "features of the hidden state.") { .number(Double($0.hiddenSize)) },
            .property("numLayers", "how many layers are stacked.") { .number(Double($0.numLayers)) },
            .property("bidirectional", "whether a second stack reads the sequences backwards.") { .bool($0.bidirectional) },
            .property("batchFirst", "whether batched inputs and outputs are [batch, seq, features] rather than [seq, batch, features].") { .bool($0.batchFirst) },
            .property("dropout", "the probability of dropping every layer's outputs but the last one's in training mode.") {
                .number($0.dropout)
            },
        ])
        let call = Signature(name, ["input", .optional("state"), .optional("lengths")], "runs the layer over the sequence.")
        return .object(SequenceLayerValue(layer, extras: extras) { arguments, _ in
            let a = try BoundArguments(arguments, to: call)
            let x = try a.tensor("input", as: "the input of \(name)")
            var state: RecurrentState?
            if let s = try a.given("state") {
                if hasCell {
                    let (h, c) = try lstmState(s, name)
                    state = RecurrentState(h: h, c: c)
                } else {
                    state = RecurrentState(h: try Convert.tensor(s, "the state of \(name)"))
                }
            }
            let lengths = try a.given("lengths").map { try sequenceLengths($0, name) }
            let (output, final) = try layer.calling(x) { try layer.forward($0, state: state, lengths: lengths) }
            let stateValue: Value = final.c.map { .list(ListStorage([Convert.wrap(final.h), Convert.wrap($0)])) }
                ?? Convert.wrap(final.h)
            return .list(ListStorage([Convert.wrap(output), stateValue]))
        })
    }

    /// An LSTM's state given as a list `[h, c]` of two tensors.
    static func lstmState(_ s: Value, _ name: String) throws -> (Tensor, Tensor) {
        guard case .list(let l) = s, l.items.count == 2 else {
            throw ScriptError("TypeError", "the state of \(name) must be a list [h, c] of two tensors, not \(describeState(s))")
        }
        return (try Convert.tensor(l.items[0], "h of the \(name) state"), try Convert.tensor(l.items[1], "c of the \(name) state"))
    }

    /// The lengths of a batch's sequences, given as a list of whole numbers or a one-dimensional tensor.
    private static func sequenceLengths(_ v: Value, _ name: String) throws -> [Int] {
        let t = try Convert.tensor(v, "lengths of \(name)")
        guard t.rank == 1 else {
            throw ScriptError("ValueError", "\(name): lengths must be a list or a one-dimensional tensor, got shape \(t.shape)")
        }
        guard t.dtype != .bool else {
            throw ScriptError("TypeError", "\(name): lengths must be whole numbers, not a bool tensor")
        }
        return try t.elements(as: Double.self).map { length in
            guard length.rounded() == length, abs(length) < 1e15 else {
                throw ScriptError("ValueError", "\(name): lengths must be whole numbers, got \(length)")
            }
            return Int(length)
        }
    }

    /// What was passed as an LSTM state, for its error message.
    private static func describeState(_ v: Value) -> String {
        if case .list(let l) = v { return "a list of \(l.items.count)" }
        return "a \(v.typeName)"
    }

    // MARK: attention

    /// A causal alignment named in the language: "bottomRight" (the default) or "topLeft".
    static func causalAlignment(_ name: String, _ function: String) throws -> CausalAlignment {
        guard let alignment = CausalAlignment(rawValue: name) else {
            throw ScriptError("ValueError", "\(function): causalAlignment must be \"bottomRight\" or \"topLeft\", not \"\(name)\"")
        }
        return alignment
    }

    private static func addAttention(_ lib: inout Library) {
        lib.add("scaledDotProductAttention", ["query", "key", "value", .optional("attnMask"), .defaulted("dropoutP", 0.0),
                                              .defaulted("causal", false), .defaulted("causalAlignment", "bottomRight"),
                                              .optional("window"), .optional("scale", shown: "1/√dim")],
                "softmax(q kᵀ·scale + attnMask) v over [..., heads, length, dim] as PyTorch: a bool attnMask attends where true, a floating one is added; k and v may have fewer heads (GQA/MQA).") { a, _ in
            Convert.wrap(try Tensor.scaledDotProductAttention(
                try a.tensor("query"), try a.tensor("key"), try a.tensor("value"), causal: try a.boolean("causal"),
                causalAlignment: try causalAlignment(try a.string("causalAlignment"), "scaledDotProductAttention"),
                window: try a.given("window")?.integer("window"), attnMask: try maskArgument(a, "attnMask"),
                dropoutP: try a.number("dropoutP"), scale: try a.given("scale").map { try $0.number("scale") }))
        }
        lib.add("positionalEncoding", ["length", "dim"], "the sinusoidal position encoding [length, dim] of \"Attention Is All You Need\".") { a, _ in
            Convert.wrap(try PositionalEncoding.sinusoidal(length: try a.integer("length"), dim: try a.integer("dim")))
        }
        lib.add("MultiHeadAttention", ["dim", "heads", .optional("kvHeads", shown: "heads"),
                                       .defaulted("causal", engine: MultiHeadAttention.Defaults.causal),
                                       .defaulted("causalAlignment", "bottomRight"), .optional("window"),
                                       .defaulted("bias", engine: MultiHeadAttention.Defaults.bias),
                                       .defaulted("dropout", engine: MultiHeadAttention.Defaults.dropout)],
                "attention with q/k/v/out projections; kvHeads < heads gives GQA (1: MQA). m(x) attends x to itself, m(query, key, value) across, with attnMask:, keyPaddingMask: and needWeights: as PyTorch; m.step(x, cache) decodes.") { a, _ in
            let layer = try MultiHeadAttention(try a.integer("dim"), heads: try a.integer("heads"), kvHeads: try a.given("kvHeads")?.integer("kvHeads"),
                                               causal: try a.boolean("causal"),
                                               causalAlignment: try causalAlignment(try a.string("causalAlignment"), "MultiHeadAttention"),
                                               window: try a.given("window")?.integer("window"), bias: try a.boolean("bias"),
                                               dropout: try a.number("dropout"))
            let call = Signature("MultiHeadAttention", ["query", .optional("key", shown: "query"), .optional("value", shown: "key"),
                                                        .optional("attnMask"), .optional("keyPaddingMask"), .defaulted("needWeights", false),
                                                        .defaulted("averageAttnWeights", true)],
                                 "attends the query to the keys and values; with needWeights: true returns [output, weights].")
            return .object(SequenceLayerValue(layer, extras: attentionMembers) { arguments, _ in
                let a = try BoundArguments(arguments, to: call)
                let q = try a.tensor("query", as: "the query of MultiHeadAttention")
                let keyValue = try a.given("key")
                if keyValue == nil, try a.given("value") != nil { throw ScriptError("TypeError", "MultiHeadAttention got a value without a key") }
                let k = try keyValue.map { try Convert.tensor($0, "the key of MultiHeadAttention") } ?? q
                let value = try a.given("value").map { try Convert.tensor($0, "the value of MultiHeadAttention") } ?? k
                let masks = AttentionMasks(attnMask: try maskArgument(a, "attnMask"), keyPaddingMask: try maskArgument(a, "keyPaddingMask"),
                                           needWeights: try a.boolean("needWeights"), averageAttnWeights: try a.boolean("averageAttnWeights"))
                if keyValue == nil, !masks.needComposed(dropout: layer.dropout, training: layer.isTraining) { return Convert.wrap(try layer(q)) }
                let (out, weights) = try layer.calling(q) { try layer.forward(query: $0, key: keyValue == nil ? $0 : k, value: keyValue == nil ? $0 : value, masks: masks) }
                guard let weights else { return Convert.wrap(out) }
                return .list(ListStorage([Convert.wrap(out), Convert.wrap(weights)]))
            })
        }
        lib.add("KVCache", [.defaulted("reserve", engine: KVCache.Defaults.reserve)],
                "an empty key/value cache for one attention layer; pass it to layer.step(x, cache) while decoding. reserve: positions kept beyond a sliding window, to roll back.") { a, _ in
            .object(KVCacheValue(try KVCache(reserve: try a.integer("reserve"))))
        }
        lib.add("kvCacheSize", ["length", "kvHeads", "headDim", .defaulted("layers", 1), .defaulted("batch", 1), .defaulted("bytesPerElement", 4)],
                "the elements and bytes of a full key/value cache, as a dictionary.") { a, _ in
            let sizes = try ["length", "kvHeads", "headDim", "layers", "batch", "bytesPerElement"].map { try a.integer($0) }
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

    /// The members of a MultiHeadAttention beyond every module's.
    private static let attentionMembers = MemberTable<MultiHeadAttention>([
        stepMember("MultiHeadAttention") { try $0.step($1, cache: $2) },
        .property("heads", "query heads.") { .number(Double($0.heads)) },
        .property("kvHeads", "key/value heads (fewer than heads: GQA; 1: MQA).") { .number(Double($0.kvHeads)) },
        .property("headDim", "features per head.") { .number(Double($0.headDim)) },
        .property("causal", "whether a position sees only those before it.") { .bool($0.causal) },
        .property("window", "how many positions back a query sees, or nil for all.") { $0.window.map { .number(Double($0)) } ?? .null },
        .property("dropout", "the probability of zeroing an attention weight in training mode.") { .number($0.dropout) },
    ])

    /// A `step(x, cache)` member that decodes new positions through a layer with its key/value cache.
    static func stepMember<Layer>(_ owner: String, _ step: @escaping @Sendable (Layer, Tensor, KVCache) throws -> Tensor)
        -> MemberTable<Layer>.Member {
        .method("step", ["input", "cache"],
                "attends the new positions x [batch, n, dim] over themselves and the cache, then adds them to it (decoding is causal).") { layer, a, _ in
            let given = try a.value("cache")
            guard case .object(let c as KVCacheValue) = given else {
                throw ScriptError("TypeError", "the cache of \(owner).step must be a KVCache, not a \(given.typeName)")
            }
            return Convert.wrap(try step(layer, try a.tensor("input", as: "the input of \(owner).step"), c.cache))
        }
    }

    // MARK: Transformer pieces

    /// The members of a TransformerBlock beyond every module's.
    private static let blockMembers = MemberTable<TransformerBlock>([
        stepMember("TransformerBlock") { try $0.step($1, cache: $2) },
    ])

    /// The members of a MixtureOfExperts beyond every module's.
    private static let expertMembers = MemberTable<MixtureOfExperts>([
        .property("auxLoss", "the load-balancing loss of the last call, to add to the training loss.") { $0.auxLoss.map(Convert.wrap) ?? .null },
        .property("zLoss", "the router z-loss of the last call, mean logsumexp(logits)², to add to the training loss.") { $0.zLoss.map(Convert.wrap) ?? .null },
        .property("counts", "the tokens each expert got in the last call.") { numbers($0.lastCounts) },
        .property("tokensPerExpert", "the tokens each expert got (and ran on) in the last call, after capacity drops.") { numbers($0.lastCounts) },
        .property("routedPerExpert", "the assignments the router sent to each expert in the last call, before capacity drops.") { numbers($0.routedCounts) },
        .property("droppedTokens", "the assignments the capacity dropped in the last call.") { .number(Double($0.droppedTokens)) },
        .property("capacity", "the most tokens an expert took in the last call, or nil without capacityFactor.") { $0.lastCapacity.map { .number(Double($0)) } ?? .null },
        .property("capacityFactor", "the capacity factor, or nil.") { $0.capacityFactor.map { .number($0) } ?? .null },
        .property("routerProbabilities", "each expert's mean gate probability over the last call's tokens.") { moe in
            guard let p = moe.routerProbabilities else { return .null }
            return .list(ListStorage(p.elements(as: Double.self).map { .number($0) }))
        },
        .property("topK", "experts per token.") { .number(Double($0.topK)) },
    ])

    /// A list of whole numbers as the language's list.
    private static func numbers(_ values: [Int]) -> Value { .list(ListStorage(values.map { .number(Double($0)) })) }

    private static func addTransformer(_ lib: inout Library) {
        lib.add("FeedForward", ["dim", "hidden", .defaulted("kind", engine: FeedForward.Defaults.kind), .optional("bias", shown: "kind == \"gelu\"")],
                "a GELU MLP (fc1, fc2) or a SwiGLU block (gate, up, down; no biases by default).") { a, _ in
            .object(ModuleValue(try FeedForward(try a.integer("dim"), try a.integer("hidden"), kind: try feedForwardKind(a, "FeedForward"),
                                                bias: try a.given("bias")?.boolean("bias"))))
        }
        /// The call of a layer that takes one input, named for the layer in its errors.
        func input(_ layer: String) -> Signature { Signature(layer, ["input"], "runs the layer.") }
        lib.add("TransformerBlock", ["dim", "heads", .optional("kvHeads", shown: "heads"), .optional("hidden", shown: "4·dim"),
                                     .defaulted("causal", engine: MultiHeadAttention.Defaults.causal), .optional("window"),
                                     .defaulted("kind", engine: FeedForward.Defaults.kind)],
                "a pre-norm block: x + attention(norm1(x)), then + feedForward(norm2(x)); block.step(x, cache) decodes.") { a, _ in
            let block = try TransformerBlock(try a.integer("dim"), heads: try a.integer("heads"), kvHeads: try a.given("kvHeads")?.integer("kvHeads"),
                                             hidden: try a.given("hidden")?.integer("hidden"), causal: try a.boolean("causal"),
                                             window: try a.given("window")?.integer("window"), kind: try feedForwardKind(a, "TransformerBlock"))
            return .object(SequenceLayerValue(block, extras: blockMembers) { arguments, _ in
                Convert.wrap(try block(try BoundArguments(arguments, to: input("TransformerBlock")).tensor("input", as: "the input of TransformerBlock")))
            })
        }
        lib.add("MixtureOfExperts", ["dim", "hidden", "experts", .defaulted("topK", engine: MixtureOfExperts.Defaults.topK),
                                     .defaulted("kind", engine: FeedForward.Defaults.kind),
                                     .defaulted("normalize", engine: MixtureOfExperts.Defaults.normalize), .optional("capacityFactor"),
                                     .defaulted("sharedExperts", engine: MixtureOfExperts.Defaults.sharedExperts)],
                "top-k routed feed-forward experts (capacityFactor: drop tokens past ceil(factor·tokens·topK/experts) per expert; sharedExperts: always-on experts); m.auxLoss and m.zLoss are the last call's router losses, m.tokensPerExpert and m.droppedTokens its routing.") { a, _ in
            let moe = try MixtureOfExperts(try a.integer("dim"), try a.integer("hidden"), experts: try a.integer("experts"),
                                           topK: try a.integer("topK"), kind: try feedForwardKind(a, "MixtureOfExperts"),
                                           normalize: try a.boolean("normalize"),
                                           capacityFactor: try a.given("capacityFactor").map { try $0.number("capacityFactor") },
                                           sharedExperts: try a.integer("sharedExperts"))
            return .object(SequenceLayerValue(moe, extras: expertMembers) { arguments, _ in
                Convert.wrap(try moe(try BoundArguments(arguments, to: input("MixtureOfExperts")).tensor("input", as: "the input of MixtureOfExperts")))
            })
        }
    }

    private static func feedForwardKind(_ a: BoundArguments, _ owner: String) throws -> FeedForwardKind {
        let name = try a.string("kind")
        guard let kind = FeedForwardKind(rawValue: name) else {
            throw ScriptError("ValueError", "\(owner): kind must be \"gelu\" or \"swiglu\", got \"\(name)\"")
        }
        return kind
    }
}
