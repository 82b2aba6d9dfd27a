import NN
import Script
import TensorEngine

/// Layers for images and tokens: convolutions, pooling, flattening, dropout, normalization and
/// embeddings, with functional forms of the convolutions and pools.
extension Library {
    static func conv() -> Library {
        var lib = Library()
        addConvolutions(&lib)
        addTransposedConvolutions(&lib)
        addPadding(&lib)
        addResizing(&lib)
        addWindows(&lib)
        addPools(&lib)
        addConv3d(&lib)
        addNormalizations(&lib)
        lib.add("Flatten", [.defaulted("startAxis", engine: Flatten.Defaults.startAxis), .defaulted("endAxis", engine: Flatten.Defaults.endAxis)],
                "collapses those dimensions into one ([N, C, H, W] → [N, C·H·W]).") { a, _ in
            .object(ModuleValue(Flatten(startAxis: try a.integer("startAxis"), endAxis: try a.integer("endAxis"))))
        }
        lib.add("Unflatten", ["axis", "sizes"], "splits dimension axis into sizes (one may be -1), as PyTorch's nn.Unflatten: [N, C·H·W] → [N, C, H, W] with Unflatten(1, [C, H, W]).") { a, _ in
            .object(ModuleValue(Unflatten(axis: try a.integer("axis"), sizes: try a.value("sizes").integers("the sizes of unflatten"))))
        }
        lib.add("Dropout", [.defaulted("p", engine: Dropout.Defaults.p)],
                "in training mode zeroes each element with probability p and scales the rest by 1/(1 − p); eval() turns it off.") { a, _ in
            .object(ModuleValue(try Dropout(p: try a.number("p"))))
        }
        lib.add("dropout", ["input", .defaulted("p", engine: Dropout.Defaults.p), .defaulted("training", true)], "dropout as a function.") { a, _ in
            Convert.wrap(try a.tensor("input", as: "the input of dropout").dropout(p: try a.number("p"), training: try a.boolean("training")))
        }
        lib.add("Embedding", ["numEmbeddings", "embeddingDim", .optional("paddingIndex")],
                "a table of learned vectors looked up by index ([…] → […, embeddingDim]).") { a, _ in
            .object(ModuleValue(try Embedding(try a.integer("numEmbeddings"), try a.integer("embeddingDim"),
                                              paddingIndex: try a.given("paddingIndex")?.integer("paddingIndex"))))
        }
        lib.add("TiedLinear", ["embedding", .defaulted("bias", engine: TiedLinear.Defaults.bias)],
                "an output layer x @ embedding.weightᵀ that shares the embedding's matrix (weight tying).") { a, vm in
            let given = try a.value("embedding")
            guard let embedding = Convert.moduleOrNil(given, vm) as? Embedding else {
                throw ScriptError("TypeError", "TiedLinear needs an Embedding layer, not a \(given.typeName)")
            }
            return .object(ModuleValue(try TiedLinear(embedding, bias: try a.boolean("bias"))))
        }
        return lib
    }

    /// The options every convolution layer and function shares, after its own leading parameters.
    static let convOptions: [Signature.Parameter] = [
        .defaulted("stride", engine: ConvDefaults.stride), .defaulted("padding", engine: ConvDefaults.padding),
        .defaulted("dilation", engine: ConvDefaults.dilation), .defaulted("groups", engine: ConvDefaults.groups),
    ]

    private static func addConvolutions(_ lib: inout Library) {
        addConvLayer(&lib, Conv2d.self,
                     "a 2-D convolution over [N, C, H, W]; sizes are a number or [height, width], padding may be \"same\" or \"valid\".")
        addConvLayer(&lib, Conv1d.self, "a 1-D convolution over [N, C, L].")
        for dims in [1, 2] {
            let name = "conv\(dims)d"
            lib.add(name, ["input", "weight", .optional("bias")] + convOptions,
                    "the convolution as a function; weight [out, in/groups, \(dims == 1 ? "k" : "kH, kW")].") { a, _ in
                let x = try a.tensor("input", as: "the input of \(name)"), w = try a.tensor("weight")
                let bias = try a.optionalTensor("bias")
                let stride = try a.sizes("stride"), dilation = try a.sizes("dilation"), groups = try a.integer("groups")
                let padding = try convPadding(try a.value("padding"), name, dims: dims)
                if dims == 1 {
                    guard stride.count == 1, dilation.count == 1 else {
                        throw ScriptError("ValueError", "conv1d: stride and dilation take one number each")
                    }
                    return Convert.wrap(try Tensor.conv1d(x, weight: w, bias: bias, stride: stride[0], padding: padding,
                                                          dilation: dilation[0], groups: groups))
                }
                return Convert.wrap(try Tensor.conv2d(x, weight: w, bias: bias, stride: stride, padding: padding,
                                                      dilation: dilation, groups: groups))
            }
        }
    }

    /// The options of the max and average pools after the kernel size.
    static let maxPoolOptions: [Signature.Parameter] = [
        .optional("stride", shown: "kernelSize"), .defaulted("padding", engine: PoolDefaults.padding),
        .defaulted("dilation", engine: PoolDefaults.dilation), .defaulted("ceilMode", engine: PoolDefaults.ceilMode),
    ]
    static let avgPoolOptions: [Signature.Parameter] = [
        .optional("stride", shown: "kernelSize"), .defaulted("padding", engine: PoolDefaults.padding),
        .defaulted("ceilMode", engine: PoolDefaults.ceilMode), .defaulted("countIncludePad", engine: PoolDefaults.countIncludePad),
    ]

    private static func addPools(_ lib: inout Library) {
        addMaxPoolLayer(&lib, MaxPool2d.self, "the maximum of each window of [N, C, H, W].")
        addMaxPoolLayer(&lib, MaxPool1d.self, "the maximum of each window of [N, C, L].")
        addAvgPoolLayer(&lib, AvgPool2d.self, "the mean of each window of [N, C, H, W].")
        addAvgPoolLayer(&lib, AvgPool1d.self, "the mean of each window of [N, C, L].")
        lib.add("GlobalAvgPool2d", [], "the mean of each channel over all positions: [N, C, H, W] → [N, C].") { _, _ in
            .object(ModuleValue(GlobalAvgPool2d()))
        }
        for (name, isMax, dims) in [("maxPool2d", true, 2), ("maxPool1d", true, 1), ("avgPool2d", false, 2), ("avgPool1d", false, 1)] {
            lib.add(name, ["input", "kernelSize"] + (isMax ? maxPoolOptions : avgPoolOptions), "pooling as a function.") { a, _ in
                let x = try a.tensor("input", as: "the input of \(name)")
                let kernel = try a.sizes("kernelSize"), stride = try a.optionalSizes("stride"), pad = try a.sizes("padding")
                if dims == 1, kernel.count != 1 || (stride?.count ?? 1) != 1 || pad.count != 1 {
                    throw ScriptError("ValueError", "\(name): kernelSize, stride and padding take one number each")
                }
                let ceil = try a.boolean("ceilMode")
                if isMax {
                    let dilation = try a.sizes("dilation")
                    if dims == 1 {
                        guard dilation.count == 1 else { throw ScriptError("ValueError", "\(name): dilation takes one number") }
                        return Convert.wrap(try Tensor.maxPool1d(x, kernel: kernel[0], stride: stride?[0], padding: pad[0],
                                                                 dilation: dilation[0], ceilMode: ceil))
                    }
                    return Convert.wrap(try Tensor.maxPool2d(x, kernel: kernel, stride: stride, padding: pad, dilation: dilation, ceilMode: ceil))
                }
                let include = try a.boolean("countIncludePad")
                if dims == 1 {
                    return Convert.wrap(try Tensor.avgPool1d(x, kernel: kernel[0], stride: stride?[0], padding: pad[0],
                                                             ceilMode: ceil, countIncludePad: include))
                }
                return Convert.wrap(try Tensor.avgPool2d(x, kernel: kernel, stride: stride, padding: pad, ceilMode: ceil,
                                                         countIncludePad: include))
            }
        }
    }

    private static func addNormalizations(_ lib: inout Library) {
        for (name, make) in [("BatchNorm1d", BatchNorm1d.init), ("BatchNorm2d", BatchNorm2d.init)] as [(String, (Int, Double, Double, Bool, Bool) throws -> BatchNorm)] {
            lib.add(name, ["numFeatures", .defaulted("eps", engine: BatchNorm.Defaults.eps), .defaulted("momentum", engine: BatchNorm.Defaults.momentum),
                           .defaulted("affine", engine: BatchNorm.Defaults.affine),
                           .defaulted("trackRunningStats", engine: BatchNorm.Defaults.trackRunningStats)],
                    "normalizes each channel with batch statistics in training, running ones after eval().") { a, _ in
                .object(ModuleValue(try make(try a.integer("numFeatures"), try a.number("eps"), try a.number("momentum"),
                                             try a.boolean("affine"), try a.boolean("trackRunningStats"))))
            }
        }
        lib.add("LayerNorm", ["normalizedShape", .defaulted("eps", engine: LayerNorm.Defaults.eps),
                              .defaulted("elementwiseAffine", engine: LayerNorm.Defaults.elementwiseAffine),
                              .defaulted("bias", engine: LayerNorm.Defaults.bias)],
                "normalizes the last dimensions of each sample to mean 0 and variance 1, then scales and shifts.") { a, _ in
            .object(ModuleValue(try LayerNorm(try a.shape("normalizedShape"), eps: try a.number("eps"),
                                              elementwiseAffine: try a.boolean("elementwiseAffine"), bias: try a.boolean("bias"))))
        }
        lib.add("RMSNorm", ["normalizedShape", .optional("eps"), .defaulted("elementwiseAffine", engine: RMSNorm.Defaults.elementwiseAffine)],
                "divides the last dimensions by their root mean square, then scales.") { a, _ in
            .object(ModuleValue(try RMSNorm(try a.shape("normalizedShape"), eps: try a.given("eps").map { try $0.number("eps") },
                                            elementwiseAffine: try a.boolean("elementwiseAffine"))))
        }
        lib.add("layerNorm", ["input", "normalizedShape", .optional("weight"), .optional("bias"), .defaulted("eps", engine: LayerNorm.Defaults.eps)],
                "layer normalization as a function.") { a, _ in
            Convert.wrap(try Tensor.layerNorm(try a.tensor("input", as: "the input of layerNorm"), normalizedShape: try a.shape("normalizedShape"),
                                              weight: try a.optionalTensor("weight"), bias: try a.optionalTensor("bias"), eps: try a.number("eps")))
        }
    }

    /// A convolution's padding: a number, a list of numbers, a list of `[before, after]` pairs (one per
    /// spatial dimension, first dimension first), or "same" / "valid".
    static func convPadding(_ v: Value, _ function: String, dims: Int) throws -> ConvPadding {
        if case .string(let s) = v {
            switch s {
            case "same": return .same
            case "valid": return .valid
            default: throw ScriptError("ValueError", "\(function): padding must be a number, a list of numbers, \"same\" or \"valid\", not \"\(s)\"")
            }
        }
        if case .number = v { return .explicit(try v.integers("padding")) }
        let entries = try v.sequence("padding")
        let nested = entries.map { if case .list = $0 { return true } else { return false } }
        guard nested.contains(true) else { return .explicit(try v.integers("padding")) }
        guard !nested.contains(false) else {
            throw ScriptError("ValueError", "\(function): padding mixes numbers and [before, after] pairs; write every dimension as a pair")
        }
        guard entries.count == dims else {
            throw ScriptError("ValueError", "\(function): padding has \(entries.count) [before, after] pair\(entries.count == 1 ? "" : "s") but the convolution has \(dims) spatial dimension\(dims == 1 ? "" : "s")")
        }
        var flat: [Int] = []
        for (d, entry) in entries.enumerated() {
            let pair = try entry.integers("padding[\(d)]")
            guard pair.count == 2 else {
                throw ScriptError("ValueError", "\(function): padding[\(d)] must be a [before, after] pair, got \(pair.count) value\(pair.count == 1 ? "" : "s")")
            }
            flat += pair
        }
        return .explicit(flat)
    }
}
