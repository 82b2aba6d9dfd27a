import NN
import Script
import TensorEngine

/// Transposed convolutions (layers and functions) and padding.
extension Library {
    /// The options of every transposed convolution, in PyTorch's order.
    private static let transposedOptions: [Signature.Parameter] = [
        .defaulted("stride", engine: ConvDefaults.stride), .defaulted("padding", engine: ConvDefaults.padding),
        .defaulted("outputPadding", engine: ConvDefaults.outputPadding), .defaulted("groups", engine: ConvDefaults.groups),
    ]

    static func addTransposedConvolutions(_ lib: inout Library) {
        let dilation = Signature.Parameter.defaulted("dilation", engine: ConvDefaults.dilation)
        let layerOptions = transposedOptions + [.defaulted("bias", engine: ConvDefaults.bias), dilation]
        addTransposedLayer(&lib, ConvTranspose2d.self, layerOptions,
                           "a 2-D transposed convolution over [N, C, H, W] (upsampling); weight [in, out/groups, kH, kW] as in PyTorch.")
        addTransposedLayer(&lib, ConvTranspose1d.self, layerOptions, "a 1-D transposed convolution over [N, C, L]; weight [in, out/groups, k].")
        for dims in [1, 2] {
            let name = "convTranspose\(dims)d"
            lib.add(name, ["input", "weight", .optional("bias")] + transposedOptions + [dilation],
                    "the transposed convolution as a function; weight [in, out/groups, \(dims == 1 ? "k" : "kH, kW")].") { a, _ in
                let x = try a.tensor("input", as: "the input of \(name)"), w = try a.tensor("weight")
                let bias = try a.optionalTensor("bias"), groups = try a.integer("groups")
                let stride = try a.sizes("stride"), padding = try a.sizes("padding")
                let outputPadding = try a.sizes("outputPadding"), dilation = try a.sizes("dilation")
                if dims == 1 {
                    guard [stride, padding, outputPadding, dilation].allSatisfy({ $0.count == 1 }) else {
                        throw ScriptError("ValueError", "\(name): stride, padding, outputPadding and dilation take one number each")
                    }
                    return Convert.wrap(try Tensor.convTranspose1d(x, weight: w, bias: bias, stride: stride[0], padding: padding[0],
                                                                   outputPadding: outputPadding[0], groups: groups, dilation: dilation[0]))
                }
                return Convert.wrap(try Tensor.convTranspose2d(x, weight: w, bias: bias, stride: stride, padding: padding,
                                                               outputPadding: outputPadding, groups: groups, dilation: dilation))
            }
        }
    }

    static func addPadding(_ lib: inout Library) {
        let modes = PadMode.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        lib.add("pad", ["input", "padding", .defaulted("mode", engine: PadDefaults.mode), .defaulted("value", engine: PadDefaults.value)],
                "pads the last dimensions, last first ([left, right, top, bottom, …]); mode \(modes) (constant fills with value).") { a, _ in
            let x = try a.tensor("input", as: "the input of pad")
            let modeName = try a.string("mode")
            guard let mode = PadMode(rawValue: modeName) else {
                throw ScriptError("ValueError", "pad: mode must be one of \(modes), not \"\(modeName)\"")
            }
            return Convert.wrap(try x.pad(try a.sizes("padding"), mode: mode, value: try a.float("value")))
        }
    }
}
