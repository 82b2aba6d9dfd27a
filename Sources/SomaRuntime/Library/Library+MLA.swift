import NN
import Script
import TensorEngine

/// Multi-head latent attention (DeepSeek-V2's MLA) as a layer of the language, decoding through a
/// `KVCache` that holds only the compressed latents and the shared rotary keys.
extension Library {
    static func addMLA(_ lib: inout Library) {
        lib.add("MultiHeadLatentAttention", ["dim", "heads", "kvLatentDim", .optional("qLatentDim"), .optional("ropeDim"),
                                             .defaulted("ropeBase", engine: RotaryEmbedding.Defaults.base),
                                             .defaulted("causal", engine: MultiHeadAttention.Defaults.causal),
                                             .defaulted("causalAlignment", "bottomRight"), .optional("window"),
                                             .defaulted("bias", engine: MultiHeadLatentAttention.Defaults.bias),
                                             .defaulted("dropout", engine: MultiHeadAttention.Defaults.dropout)],
                "attention whose keys and values come from one compressed latent per token (kvLatentDim), with optional compressed queries (qLatentDim) and decoupled RoPE (ropeDim per head); m(x) attends x to itself, m(query, key) across, with attnMask:, keyPaddingMask: and needWeights: as MultiHeadAttention; m.step(x, cache) decodes, caching only the latents.") { a, _ in
            let layer = try MultiHeadLatentAttention(
                try a.integer("dim"), heads: try a.integer("heads"), kvLatentDim: try a.integer("kvLatentDim"),
                qLatentDim: try a.given("qLatentDim")?.integer("qLatentDim"), ropeDim: try a.given("ropeDim")?.integer("ropeDim"),
                ropeBase: try a.number("ropeBase"), causal: try a.boolean("causal"),
                causalAlignment: try causalAlignment(try a.string("causalAlignment"), "MultiHeadLatentAttention"),
                window: try a.given("window")?.integer("window"), bias: try a.boolean("bias"), dropout: try a.number("dropout"))
            let call = Signature("MultiHeadLatentAttention", ["query", .optional("key", shown: "query"), .optional("attnMask"),
                                                              .optional("keyPaddingMask"), .defaulted("needWeights", false),
                                                              .defaulted("averageAttnWeights", true)],
                                 "attends the query to the keys and values of the key's latents; with needWeights: true returns [output, weights].")
            return .object(SequenceLayerValue(layer, extras: latentAttentionMembers) { arguments, _ in
                let a = try BoundArguments(arguments, to: call)
                let q = try a.tensor("query", as: "the query of MultiHeadLatentAttention")
                let key = try a.given("key").map { try Convert.tensor($0, "the key of MultiHeadLatentAttention") }
                let masks = AttentionMasks(attnMask: try maskArgument(a, "attnMask"), keyPaddingMask: try maskArgument(a, "keyPaddingMask"),
                                           needWeights: try a.boolean("needWeights"), averageAttnWeights: try a.boolean("averageAttnWeights"))
                let (out, weights) = try layer.calling(q) { try layer.forward(query: $0, key: key ?? $0, masks: masks) }
                guard let weights else { return Convert.wrap(out) }
                return .list(ListStorage([Convert.wrap(out), Convert.wrap(weights)]))
            })
        }
    }

    /// The members of a MultiHeadLatentAttention beyond every module's.
    private static let latentAttentionMembers = MemberTable<MultiHeadLatentAttention>([
        stepMember("MultiHeadLatentAttention") { try $0.step($1, cache: $2) },
        .property("heads", "query heads.") { .number(Double($0.heads)) },
        .property("headDim", "features per head of the keys and values rebuilt from the latent.") { .number(Double($0.headDim)) },
        .property("kvLatentDim", "features of the latent each token's keys and values come from.") { .number(Double($0.kvLatentDim)) },
        .property("qLatentDim", "features of the compressed query, or nil.") { $0.qLatentDim.map { .number(Double($0)) } ?? .null },
        .property("ropeDim", "rotary features per head (and of the shared rotary key), or nil.") { $0.ropeDim.map { .number(Double($0)) } ?? .null },
        .property("causal", "whether a position sees only those before it.") { .bool($0.causal) },
        .property("window", "how many positions back a query sees, or nil for all.") { $0.window.map { .number(Double($0)) } ?? .null },
        .property("dropout", "the probability of zeroing an attention weight in training mode.") { .number($0.dropout) },
        .property("cacheElementsPerToken", "the numbers a KVCache keeps per token: kvLatentDim + ropeDim.") {
            .number(Double($0.cacheElementsPerToken))
        },
    ])
}
