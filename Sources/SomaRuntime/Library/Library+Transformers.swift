import NN
import Script
import TensorEngine

/// PyTorch's Transformer layers (encoder and decoder layers, their stacks, the whole model), rotary
/// position embeddings and ALiBi biases.
extension Library {
    static func addTransformers(_ lib: inout Library) {
        addTransformerLayers(&lib)
        addTransformerStacks(&lib)
        addPositionBiases(&lib)
    }

    /// A mask argument: a tensor, or nested lists (bools give a bool mask, as `tensor` does).
    static func maskArgument(_ a: BoundArguments, _ label: String) throws -> Tensor? {
        guard let v = try a.given(label) else { return nil }
        if case .list = v {
            let n = try Convert.nestedNumbers(v, label)
            return try Tensor(shape: n.shape, elements: n.values, dtype: n.allBool ? .bool : .float32)
        }
        return try Convert.tensor(v, label)
    }

    /// The constructor parameters the layers and the model share, with PyTorch's defaults.
    private static let layerOptions: [Signature.Parameter] = [
        .defaulted("dimFeedforward", engine: TransformerLayerOptions.Defaults.dimFeedforward),
        .defaulted("dropout", engine: TransformerLayerOptions.Defaults.dropout),
        .defaulted("activation", "relu"),
        .defaulted("layerNormEps", engine: TransformerLayerOptions.Defaults.layerNormEps),
        .defaulted("batchFirst", engine: TransformerLayerOptions.Defaults.batchFirst),
        .defaulted("normFirst", engine: TransformerLayerOptions.Defaults.normFirst),
        .defaulted("bias", engine: TransformerLayerOptions.Defaults.bias),
    ]

    private static func layerOptions(_ a: BoundArguments, _ owner: String) throws -> TransformerLayerOptions {
        let name = try a.string("activation")
        guard let activation = TransformerActivation(rawValue: name) else {
            throw ScriptError("ValueError", "\(owner): activation must be \"relu\" or \"gelu\", not \"\(name)\"")
        }
        return TransformerLayerOptions(dimFeedforward: try a.integer("dimFeedforward"), dropout: try a.number("dropout"),
                                       activation: activation, layerNormEps: try a.number("layerNormEps"),
                                       batchFirst: try a.boolean("batchFirst"), normFirst: try a.boolean("normFirst"),
                                       bias: try a.boolean("bias"))
    }

    /// The decoder's call options, PyTorch's names in camelCase.
    private static let decoderCall: [Signature.Parameter] = [
        .optional("tgtMask"), .optional("memoryMask"), .optional("tgtKeyPaddingMask"), .optional("memoryKeyPaddingMask"),
        .defaulted("tgtIsCausal", false), .defaulted("memoryIsCausal", false),
    ]

    private static func decoderMasks(_ a: BoundArguments) throws -> DecoderMasks {
        DecoderMasks(tgtMask: try maskArgument(a, "tgtMask"), memoryMask: try maskArgument(a, "memoryMask"),
                     tgtKeyPaddingMask: try maskArgument(a, "tgtKeyPaddingMask"),
                     memoryKeyPaddingMask: try maskArgument(a, "memoryKeyPaddingMask"),
                     tgtIsCausal: try a.boolean("tgtIsCausal"), memoryIsCausal: try a.boolean("memoryIsCausal"))
    }

    private static func addTransformerLayers(_ lib: inout Library) {
        lib.add("TransformerEncoderLayer", ["dModel", "nhead"] + layerOptions,
                "PyTorch's encoder layer: self-attention and a feed-forward block, post-norm unless normFirst; PyTorch's state-dict names; call (src, srcMask: nil, srcKeyPaddingMask: nil, isCausal: false).") { a, _ in
            let layer = try TransformerEncoderLayer(try a.integer("dModel"), nhead: try a.integer("nhead"),
                                                    options: try layerOptions(a, "TransformerEncoderLayer"))
            let call = Signature("TransformerEncoderLayer", ["src", .optional("srcMask"), .optional("srcKeyPaddingMask"), .defaulted("isCausal", false)],
                                 "runs the layer.")
            return .object(SequenceLayerValue(layer, extras: layerMembers()) { arguments, _ in
                let a = try BoundArguments(arguments, to: call)
                return Convert.wrap(try layer.calling(try a.tensor("src", as: "the src of TransformerEncoderLayer")) { try layer.forward($0, srcMask: try maskArgument(a, "srcMask"),
                                                      srcKeyPaddingMask: try maskArgument(a, "srcKeyPaddingMask"), isCausal: try a.boolean("isCausal")) })
            })
        }
        lib.add("TransformerDecoderLayer", ["dModel", "nhead"] + layerOptions,
                "PyTorch's decoder layer: self-attention, attention over memory and a feed-forward block; call (tgt, memory, tgtMask: nil, memoryMask: nil, tgtKeyPaddingMask: nil, memoryKeyPaddingMask: nil, tgtIsCausal: false, memoryIsCausal: false).") { a, _ in
            let layer = try TransformerDecoderLayer(try a.integer("dModel"), nhead: try a.integer("nhead"),
                                                    options: try layerOptions(a, "TransformerDecoderLayer"))
            let call = Signature("TransformerDecoderLayer", ["tgt", "memory"] + decoderCall, "runs the layer.")
            return .object(SequenceLayerValue(layer, extras: layerMembers()) { arguments, _ in
                let a = try BoundArguments(arguments, to: call)
                return Convert.wrap(try layer.calling(try a.tensor("tgt", as: "the tgt of TransformerDecoderLayer")) { try layer.forward($0,
                                                      memory: try a.tensor("memory", as: "the memory of TransformerDecoderLayer"),
                                                      masks: try decoderMasks(a)) })
            })
        }
        lib.add("generateSquareSubsequentMask", ["size"],
                "PyTorch's causal float mask [size, size]: 0 on and below the diagonal, -inf above.") { a, _ in
            Convert.wrap(try Transformer.squareSubsequentMask(try a.integer("size")))
        }
    }

    /// The members of an encoder or decoder layer beyond every module's: its sizes and settings.
    private static func layerMembers<L: TransformerLayer & SendableMetatype>() -> MemberTable<L> {
        MemberTable<L>([
            .property("dModel", "features per position.") { .number(Double($0.dModel)) },
            .property("nhead", "attention heads.") { .number(Double($0.nhead)) },
            .property("dimFeedforward", "hidden features of the feed-forward block.") { .number(Double($0.options.dimFeedforward)) },
            .property("normFirst", "whether each block is pre-norm.") { .bool($0.options.normFirst) },
            .property("batchFirst", "whether inputs are [batch, length, dModel].") { .bool($0.options.batchFirst) },
        ])
    }

    /// The members of a Transformer beyond every module's.
    private static let modelMembers = MemberTable<Transformer>([
        .property("dModel", "features per position.") { .number(Double($0.dModel)) },
        .property("nhead", "attention heads.") { .number(Double($0.nhead)) },
        .method("generateSquareSubsequentMask", ["size"], "PyTorch's causal float mask [size, size], as the function of that name.") { _, a, _ in
            Convert.wrap(try Transformer.squareSubsequentMask(try a.integer("size")))
        },
    ])

    /// The engine layer behind a layer argument, of the kind a stack needs.
    private static func layerArgument<L: Module>(_ a: BoundArguments, _ label: String, _ owner: String, _ vm: Interpreter) throws -> L {
        let m = try Convert.moduleArgument(try a.value(label), "the \(label) of \(owner)", vm)
        guard let layer = m as? L else {
            throw ScriptError("TypeError", "the \(label) of \(owner) must be a \(L.self), not a \(m.summaryName)")
        }
        return layer
    }

    private static func addTransformerStacks(_ lib: inout Library) {
        lib.add("TransformerEncoder", ["encoderLayer", "numLayers", .optional("norm")],
                "numLayers copies of an encoder layer (layers.0, layers.1, …), then norm; call (src, mask: nil, srcKeyPaddingMask: nil, isCausal: false).") { a, vm in
            let norm: LayerNorm? = try a.given("norm") == nil ? nil : try layerArgument(a, "norm", "TransformerEncoder", vm)
            let stack = try TransformerEncoder(try layerArgument(a, "encoderLayer", "TransformerEncoder", vm), numLayers: try a.integer("numLayers"), norm: norm)
            let call = Signature("TransformerEncoder", ["src", .optional("mask"), .optional("srcKeyPaddingMask"), .defaulted("isCausal", false)], "runs the stack.")
            return .object(SequenceLayerValue(stack) { arguments, _ in
                let a = try BoundArguments(arguments, to: call)
                return Convert.wrap(try stack.calling(try a.tensor("src", as: "the src of TransformerEncoder")) { try stack.forward($0, mask: try maskArgument(a, "mask"),
                                                      srcKeyPaddingMask: try maskArgument(a, "srcKeyPaddingMask"), isCausal: try a.boolean("isCausal")) })
            })
        }
        lib.add("TransformerDecoder", ["decoderLayer", "numLayers", .optional("norm")],
                "numLayers copies of a decoder layer, then norm; call (tgt, memory, tgtMask: nil, memoryMask: nil, tgtKeyPaddingMask: nil, memoryKeyPaddingMask: nil, tgtIsCausal: false, memoryIsCausal: false).") { a, vm in
            let norm: LayerNorm? = try a.given("norm") == nil ? nil : try layerArgument(a, "norm", "TransformerDecoder", vm)
            let stack = try TransformerDecoder(try layerArgument(a, "decoderLayer", "TransformerDecoder", vm), numLayers: try a.integer("numLayers"), norm: norm)
            let call = Signature("TransformerDecoder", ["tgt", "memory"] + decoderCall, "runs the stack.")
            return .object(SequenceLayerValue(stack) { arguments, _ in
                let a = try BoundArguments(arguments, to: call)
                return Convert.wrap(try stack.calling(try a.tensor("tgt", as: "the tgt of TransformerDecoder")) { try stack.forward($0,
                                                      memory: try a.tensor("memory", as: "the memory of TransformerDecoder"), masks: try decoderMasks(a)) })
            })
        }
        lib.add("Transformer", [.defaulted("dModel", engine: Transformer.Defaults.dModel), .defaulted("nhead", engine: Transformer.Defaults.nhead),
                                .defaulted("numEncoderLayers", engine: Transformer.Defaults.numEncoderLayers),
                                .defaulted("numDecoderLayers", engine: Transformer.Defaults.numDecoderLayers)] + layerOptions,
                "PyTorch's encoder-decoder Transformer (encoder and decoder stacks with final norms, Xavier init); call (src, tgt, srcMask:, tgtMask:, memoryMask:, the three key padding masks, srcIsCausal:, tgtIsCausal:, memoryIsCausal:).") { a, _ in
            let model = try Transformer(dModel: try a.integer("dModel"), nhead: try a.integer("nhead"),
                                        numEncoderLayers: try a.integer("numEncoderLayers"), numDecoderLayers: try a.integer("numDecoderLayers"),
                                        options: try layerOptions(a, "Transformer"))
            let call = Signature("Transformer", ["src", "tgt", .optional("srcMask"), .optional("tgtMask"), .optional("memoryMask"),
                                                 .optional("srcKeyPaddingMask"), .optional("tgtKeyPaddingMask"), .optional("memoryKeyPaddingMask"),
                                                 .defaulted("srcIsCausal", false), .defaulted("tgtIsCausal", false), .defaulted("memoryIsCausal", false)],
                                 "runs the encoder over src and the decoder over tgt.")
            return .object(SequenceLayerValue(model, extras: modelMembers) { arguments, _ in
                let a = try BoundArguments(arguments, to: call)
                return Convert.wrap(try model.calling(try a.tensor("src", as: "the src of Transformer")) { try model.forward($0, tgt: try a.tensor("tgt", as: "the tgt of Transformer"),
                                                      srcMask: try maskArgument(a, "srcMask"), srcKeyPaddingMask: try maskArgument(a, "srcKeyPaddingMask"),
                                                      srcIsCausal: try a.boolean("srcIsCausal"), masks: try decoderMasks(a)) })
            })
        }
    }

    private static func addPositionBiases(_ lib: inout Library) {
        lib.add("rope", ["input", .optional("positions", shown: "0, 1, …"), .defaulted("base", engine: RotaryEmbedding.Defaults.base)],
                "rotary position embedding of [..., length, dim] (rotate-half convention of GPT-NeoX/LLaMA); apply to q and k [batch, heads, length, headDim].") { a, _ in
            Convert.wrap(try PositionalEncoding.rope(try a.tensor("input"), positions: try positions(a), base: try a.number("base")))
        }
        lib.add("RotaryEmbedding", ["dim", .defaulted("base", engine: RotaryEmbedding.Defaults.base)],
                "rope as a layer over [..., length, dim]; call (x, positions: nil).") { a, _ in
            let layer = try RotaryEmbedding(try a.integer("dim"), base: try a.number("base"))
            let call = Signature("RotaryEmbedding", ["input", .optional("positions", shown: "0, 1, …")], "rotates the features by position.")
            return .object(SequenceLayerValue(layer) { arguments, _ in
                let a = try BoundArguments(arguments, to: call)
                return Convert.wrap(try layer.forward(try a.tensor("input", as: "the input of RotaryEmbedding"), positions: try positions(a)))
            })
        }
        lib.add("alibiSlopes", ["heads"], "the ALiBi slope of each head, as a list (2^(-8k/heads) for a power of two).") { a, _ in
            .list(ListStorage(try PositionalEncoding.alibiSlopes(try a.integer("heads")).map { .number($0) }))
        }
        lib.add("alibiBias", ["heads", "length", .defaulted("causal", true)],
                "the ALiBi bias [heads, length, length] to pass as attnMask: -slope·(i - j), -inf after the query when causal (else -slope·|i - j|).") { a, _ in
            Convert.wrap(try PositionalEncoding.alibiBias(heads: try a.integer("heads"), length: try a.integer("length"), causal: try a.boolean("causal")))
        }
    }

    /// The `positions` argument of rope: a tensor or list of numbers, or nil.
    private static func positions(_ a: BoundArguments) throws -> [Double]? {
        try a.given("positions").map { try Convert.tensor($0, "positions").elements(as: Double.self, op: "rope") }
    }
}
