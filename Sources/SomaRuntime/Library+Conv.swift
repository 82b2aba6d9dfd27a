import NN
import Script
import Tensor

/// Layers for images and tokens: convolutions, pooling, flattening, dropout, normalization and
/// embeddings, with functional forms of the convolutions and pools.
extension Library {
    static func conv() -> Library {
        var lib = Library()
        addConvolutions(&lib)
        addPools(&lib)
        addNormalizations(&lib)
        lib.add("Flatten", "Flatten(startAxis: 1, endAxis: -1) — collapses those dimensions into one ([N, C, H, W] → [N, C·H·W]).") { a, _ in
            let v = try a.bind("Flatten", ["startAxis", "endAxis"])
            return .object(ModuleValue(Flatten(startAxis: try v[0]?.integer("startAxis") ?? 1, endAxis: try v[1]?.integer("endAxis") ?? -1)))
        }
        lib.add("Dropout", "Dropout(p: 0.5) — in training mode zeroes each element with probability p and scales the rest by 1/(1 − p); eval() turns it off.") { a, _ in
            let v = try a.bind("Dropout", ["p"])
            return .object(ModuleValue(try Dropout(p: try Convert.float(v[0], "p", default: 0.5))))
        }
        lib.add("dropout", "dropout(x, p: 0.5, training: true) — dropout as a function.") { a, _ in
            let v = try a.bind("dropout", ["input", "p", "training"], required: 1)
            return Convert.wrap(try Convert.tensor(v[0]!, "the input of dropout")
                .dropout(p: try Convert.float(v[1], "p", default: 0.5), training: try v[2]?.boolean("training") ?? true))
        }
        lib.add("Embedding", "Embedding(numEmbeddings, embeddingDim, paddingIndex: nil) — a table of learned vectors looked up by index ([…] → […, embeddingDim]).") { a, _ in
            let v = try a.bind("Embedding", ["numEmbeddings", "embeddingDim", "paddingIndex"], required: 2)
            return .object(ModuleValue(try Embedding(try v[0]!.integer("numEmbeddings"), try v[1]!.integer("embeddingDim"),
                                                     paddingIndex: try convOptionalInteger(v[2], "paddingIndex"))))
        }
        lib.add("TiedLinear", "TiedLinear(embedding, bias: false) — an output layer x @ embedding.weightᵀ that shares the embedding's matrix (weight tying).") { a, vm in
            let v = try a.bind("TiedLinear", ["embedding", "bias"], required: 1)
            guard let embedding = Convert.moduleOrNil(v[0]!, vm) as? Embedding else {
                throw ScriptError("TypeError", "TiedLinear needs an Embedding layer, not a \(v[0]!.typeName)")
            }
            return .object(ModuleValue(try TiedLinear(embedding, bias: try v[1]?.boolean("bias") ?? false)))
        }
        return lib
    }

    private static func addConvolutions(_ lib: inout Library) {
        lib.add("Conv2d", "Conv2d(inChannels, outChannels, kernelSize, stride: 1, padding: 0, dilation: 1, groups: 1, bias: true) — a 2-D convolution over [N, C, H, W]; sizes are a number or [height, width], padding may be \"same\" or \"valid\".") { a, _ in
            let v = try a.bind("Conv2d", ["inChannels", "outChannels", "kernelSize", "stride", "padding", "dilation", "groups", "bias"], required: 3)
            return .object(ModuleValue(try Conv2d(try v[0]!.integer("inChannels"), try v[1]!.integer("outChannels"),
                                                  kernelSize: try convSizes(v[2], "kernelSize", default: [1]),
                                                  stride: try convSizes(v[3], "stride", default: [1]),
                                                  padding: try convPadding(v[4], "Conv2d"), dilation: try convSizes(v[5], "dilation", default: [1]),
                                                  groups: try v[6]?.integer("groups") ?? 1, bias: try v[7]?.boolean("bias") ?? true)))
        }
        lib.add("Conv1d", "Conv1d(inChannels, outChannels, kernelSize, stride: 1, padding: 0, dilation: 1, groups: 1, bias: true) — a 1-D convolution over [N, C, L].") { a, _ in
            let v = try a.bind("Conv1d", ["inChannels", "outChannels", "kernelSize", "stride", "padding", "dilation", "groups", "bias"], required: 3)
            return .object(ModuleValue(try Conv1d(try v[0]!.integer("inChannels"), try v[1]!.integer("outChannels"),
                                                  kernelSize: try v[2]!.integer("kernelSize"), stride: try v[3]?.integer("stride") ?? 1,
                                                  padding: try convPadding(v[4], "Conv1d"), dilation: try v[5]?.integer("dilation") ?? 1,
                                                  groups: try v[6]?.integer("groups") ?? 1, bias: try v[7]?.boolean("bias") ?? true)))
        }
        for dims in [1, 2] {
            let name = "conv\(dims)d"
            lib.add(name, "\(name)(x, weight, bias: nil, stride: 1, padding: 0, dilation: 1, groups: 1) — the convolution as a function; weight [out, in/groups, \(dims == 1 ? "k" : "kH, kW")].") { a, _ in
                let v = try a.bind(name, ["input", "weight", "bias", "stride", "padding", "dilation", "groups"], required: 2)
                let x = try Convert.tensor(v[0]!, "the input of \(name)"), w = try Convert.tensor(v[1]!, "weight")
                let bias = try v[2].flatMap { b -> Tensor? in
                    if case .null = b { return nil }
                    return try Convert.tensor(b, "bias")
                }
                let stride = try convSizes(v[3], "stride", default: [1]), dilation = try convSizes(v[5], "dilation", default: [1])
                let groups = try v[6]?.integer("groups") ?? 1
                if dims == 1 {
                    guard stride.count == 1, dilation.count == 1 else {
                        throw ScriptError("ValueError", "conv1d: stride and dilation take one number each")
                    }
                    return Convert.wrap(try Tensor.conv1d(x, weight: w, bias: bias, stride: stride[0], padding: try convPadding(v[4], name),
                                                          dilation: dilation[0], groups: groups))
                }
                return Convert.wrap(try Tensor.conv2d(x, weight: w, bias: bias, stride: stride, padding: try convPadding(v[4], name),
                                                      dilation: dilation, groups: groups))
            }
        }
    }

    private static func addPools(_ lib: inout Library) {
        lib.add("MaxPool2d", "MaxPool2d(kernelSize, stride: kernelSize, padding: 0, dilation: 1, ceilMode: false) — the maximum of each window of [N, C, H, W].") { a, _ in
            let v = try a.bind("MaxPool2d", ["kernelSize", "stride", "padding", "dilation", "ceilMode"], required: 1)
            return .object(ModuleValue(try MaxPool2d(kernelSize: try convSizes(v[0], "kernelSize", default: [1]),
                                                     stride: try convOptionalSizes(v[1], "stride"), padding: try convSizes(v[2], "padding", default: [0]),
                                                     dilation: try convSizes(v[3], "dilation", default: [1]), ceilMode: try v[4]?.boolean("ceilMode") ?? false)))
        }
        lib.add("MaxPool1d", "MaxPool1d(kernelSize, stride: kernelSize, padding: 0, dilation: 1, ceilMode: false) — the maximum of each window of [N, C, L].") { a, _ in
            let v = try a.bind("MaxPool1d", ["kernelSize", "stride", "padding", "dilation", "ceilMode"], required: 1)
            return .object(ModuleValue(try MaxPool1d(try v[0]!.integer("kernelSize"), stride: try convOptionalInteger(v[1], "stride"),
                                                     padding: try v[2]?.integer("padding") ?? 0, dilation: try v[3]?.integer("dilation") ?? 1,
                                                     ceilMode: try v[4]?.boolean("ceilMode") ?? false)))
        }
        lib.add("AvgPool2d", "AvgPool2d(kernelSize, stride: kernelSize, padding: 0, ceilMode: false, countIncludePad: true) — the mean of each window of [N, C, H, W].") { a, _ in
            let v = try a.bind("AvgPool2d", ["kernelSize", "stride", "padding", "ceilMode", "countIncludePad"], required: 1)
            return .object(ModuleValue(try AvgPool2d(kernelSize: try convSizes(v[0], "kernelSize", default: [1]),
                                                     stride: try convOptionalSizes(v[1], "stride"), padding: try convSizes(v[2], "padding", default: [0]),
                                                     ceilMode: try v[3]?.boolean("ceilMode") ?? false,
                                                     countIncludePad: try v[4]?.boolean("countIncludePad") ?? true)))
        }
        lib.add("AvgPool1d", "AvgPool1d(kernelSize, stride: kernelSize, padding: 0, ceilMode: false, countIncludePad: true) — the mean of each window of [N, C, L].") { a, _ in
            let v = try a.bind("AvgPool1d", ["kernelSize", "stride", "padding", "ceilMode", "countIncludePad"], required: 1)
            return .object(ModuleValue(try AvgPool1d(try v[0]!.integer("kernelSize"), stride: try convOptionalInteger(v[1], "stride"),
                                                     padding: try v[2]?.integer("padding") ?? 0, ceilMode: try v[3]?.boolean("ceilMode") ?? false,
                                                     countIncludePad: try v[4]?.boolean("countIncludePad") ?? true)))
        }
        lib.add("GlobalAvgPool2d", "GlobalAvgPool2d() — the mean of each channel over all positions: [N, C, H, W] → [N, C].") { a, _ in
            try a.expectNone("GlobalAvgPool2d")
            return .object(ModuleValue(GlobalAvgPool2d()))
        }
        for (name, isMax, dims) in [("maxPool2d", true, 2), ("maxPool1d", true, 1), ("avgPool2d", false, 2), ("avgPool1d", false, 1)] {
            let options = isMax ? ["dilation", "ceilMode"] : ["ceilMode", "countIncludePad"]
            lib.add(name, "\(name)(x, kernelSize, stride: kernelSize, padding: 0, \(isMax ? "dilation: 1, ceilMode: false" : "ceilMode: false, countIncludePad: true")) — pooling as a function.") { a, _ in
                let v = try a.bind(name, ["input", "kernelSize", "stride", "padding"] + options, required: 2)
                let x = try Convert.tensor(v[0]!, "the input of \(name)")
                let kernel = try convSizes(v[1], "kernelSize", default: [1]), stride = try convOptionalSizes(v[2], "stride")
                let pad = try convSizes(v[3], "padding", default: [0])
                if dims == 1, kernel.count != 1 || (stride?.count ?? 1) != 1 || pad.count != 1 {
                    throw ScriptError("ValueError", "\(name): kernelSize, stride and padding take one number each")
                }
                if isMax {
                    let dilation = try convSizes(v[4], "dilation", default: [1]), ceil = try v[5]?.boolean("ceilMode") ?? false
                    if dims == 1 {
                        guard dilation.count == 1 else { throw ScriptError("ValueError", "\(name): dilation takes one number") }
                        return Convert.wrap(try Tensor.maxPool1d(x, kernel: kernel[0], stride: stride?[0], padding: pad[0],
                                                                 dilation: dilation[0], ceilMode: ceil))
                    }
                    return Convert.wrap(try Tensor.maxPool2d(x, kernel: kernel, stride: stride, padding: pad, dilation: dilation, ceilMode: ceil))
                }
                let ceil = try v[4]?.boolean("ceilMode") ?? false, include = try v[5]?.boolean("countIncludePad") ?? true
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
        for (name, make) in [("BatchNorm1d", BatchNorm1d.init), ("BatchNorm2d", BatchNorm2d.init)] as [(String, (Int, Float, Float, Bool, Bool) throws -> BatchNorm)] {
            lib.add(name, "\(name)(numFeatures, eps: 1e-5, momentum: 0.1, affine: true, trackRunningStats: true) — normalizes each channel with batch statistics in training, running ones after eval().") { a, _ in
                let v = try a.bind(name, ["numFeatures", "eps", "momentum", "affine", "trackRunningStats"], required: 1)
                return .object(ModuleValue(try make(try v[0]!.integer("numFeatures"), try Convert.float(v[1], "eps", default: 1e-5),
                                                    try Convert.float(v[2], "momentum", default: 0.1), try v[3]?.boolean("affine") ?? true,
                                                    try v[4]?.boolean("trackRunningStats") ?? true)))
            }
        }
        lib.add("LayerNorm", "LayerNorm(normalizedShape, eps: 1e-5, elementwiseAffine: true, bias: true) — normalizes the last dimensions of each sample to mean 0 and variance 1, then scales and shifts.") { a, _ in
            let v = try a.bind("LayerNorm", ["normalizedShape", "eps", "elementwiseAffine", "bias"], required: 1)
            return .object(ModuleValue(try LayerNorm(try Convert.shape(v[0]!, "normalizedShape"), eps: try Convert.float(v[1], "eps", default: 1e-5),
                                                     elementwiseAffine: try v[2]?.boolean("elementwiseAffine") ?? true,
                                                     bias: try v[3]?.boolean("bias") ?? true)))
        }
        lib.add("RMSNorm", "RMSNorm(normalizedShape, eps: nil, elementwiseAffine: true) — divides the last dimensions by their root mean square, then scales.") { a, _ in
            let v = try a.bind("RMSNorm", ["normalizedShape", "eps", "elementwiseAffine"], required: 1)
            let eps = try v[1].flatMap { e -> Float? in
                if case .null = e { return nil }
                return Float(try e.number("eps"))
            }
            return .object(ModuleValue(try RMSNorm(try Convert.shape(v[0]!, "normalizedShape"), eps: eps,
                                                   elementwiseAffine: try v[2]?.boolean("elementwiseAffine") ?? true)))
        }
        lib.add("layerNorm", "layerNorm(x, normalizedShape, weight: nil, bias: nil, eps: 1e-5) — layer normalization as a function.") { a, _ in
            let v = try a.bind("layerNorm", ["input", "normalizedShape", "weight", "bias", "eps"], required: 2)
            return Convert.wrap(try Tensor.layerNorm(try Convert.tensor(v[0]!, "the input of layerNorm"),
                                                     normalizedShape: try Convert.shape(v[1]!, "normalizedShape"),
                                                     weight: try convOptionalTensor(v[2], "weight"), bias: try convOptionalTensor(v[3], "bias"),
                                                     eps: try Convert.float(v[4], "eps", default: 1e-5)))
        }
    }

    /// Sizes given as a number or a list of numbers (`3`, `[3, 5]`).
    private static func convSizes(_ v: Value?, _ what: String, default d: [Int]) throws -> [Int] {
        guard let v else { return d }
        return try v.integers(what)
    }

    /// Sizes that may be left out or nil (a pool's stride, which then follows the kernel).
    private static func convOptionalSizes(_ v: Value?, _ what: String) throws -> [Int]? {
        guard let v else { return nil }
        if case .null = v { return nil }
        return try v.integers(what)
    }

    private static func convOptionalInteger(_ v: Value?, _ what: String) throws -> Int? {
        guard let v else { return nil }
        if case .null = v { return nil }
        return try v.integer(what)
    }

    private static func convOptionalTensor(_ v: Value?, _ what: String) throws -> Tensor? {
        guard let v else { return nil }
        if case .null = v { return nil }
        return try Convert.tensor(v, what)
    }

    /// A convolution's padding: a number, a list, or "same" / "valid".
    private static func convPadding(_ v: Value?, _ function: String) throws -> ConvPadding {
        guard let v else { return 0 }
        if case .string(let s) = v {
            switch s {
            case "same": return .same
            case "valid": return .valid
            default: throw ScriptError("ValueError", "\(function): padding must be a number, a list of numbers, \"same\" or \"valid\", not \"\(s)\"")
            }
        }
        return .explicit(try v.integers("padding"))
    }
}
