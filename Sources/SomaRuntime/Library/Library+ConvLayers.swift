import NN
import Script
import TensorEngine

/// The convolution and pooling layers as builtins, one declaration per family for every dimension count:
/// a layer reads its size options as its Swift type takes them (a number in 1-D, sizes above).
extension Library {
    static func addConvLayer<D>(_ lib: inout Library, _ layer: ConvNd<D>.Type, _ doc: String) where D.Size: LayerSize {
        let name = String(describing: layer)
        lib.add(name, ["inChannels", "outChannels", "kernelSize"] + convOptions + [.defaulted("bias", engine: ConvDefaults.bias)], doc) { a, _ in
            .object(ModuleValue(try layer.init(try a.integer("inChannels"), try a.integer("outChannels"), kernelSize: try .read(a, "kernelSize"),
                                               stride: try .read(a, "stride"), padding: try convPadding(try a.value("padding"), name, dims: D.count),
                                               dilation: try .read(a, "dilation"), groups: try a.integer("groups"), bias: try a.boolean("bias"))))
        }
    }

    static func addTransposedLayer<D>(_ lib: inout Library, _ layer: ConvTransposeNd<D>.Type, _ options: [Signature.Parameter],
                                      _ doc: String) where D.Size: LayerSize {
        lib.add(String(describing: layer), ["inChannels", "outChannels", "kernelSize"] + options, doc) { a, _ in
            .object(ModuleValue(try layer.init(try a.integer("inChannels"), try a.integer("outChannels"), kernelSize: try .read(a, "kernelSize"),
                                               stride: try .read(a, "stride"), padding: try .read(a, "padding"),
                                               outputPadding: try .read(a, "outputPadding"), groups: try a.integer("groups"),
                                               bias: try a.boolean("bias"), dilation: try .read(a, "dilation"))))
        }
    }

    static func addMaxPoolLayer<D>(_ lib: inout Library, _ layer: MaxPoolNd<D>.Type, _ doc: String) where D.Size: LayerSize {
        lib.add(String(describing: layer), ["kernelSize"] + maxPoolOptions, doc) { a, _ in
            .object(ModuleValue(try layer.init(kernelSize: try .read(a, "kernelSize"), stride: try .readOptional(a, "stride"),
                                               padding: try .read(a, "padding"), dilation: try .read(a, "dilation"),
                                               ceilMode: try a.boolean("ceilMode"))))
        }
    }

    static func addAvgPoolLayer<D>(_ lib: inout Library, _ layer: AvgPoolNd<D>.Type, _ doc: String) where D.Size: LayerSize {
        lib.add(String(describing: layer), ["kernelSize"] + avgPoolOptions, doc) { a, _ in
            .object(ModuleValue(try layer.init(kernelSize: try .read(a, "kernelSize"), stride: try .readOptional(a, "stride"),
                                               padding: try .read(a, "padding"), ceilMode: try a.boolean("ceilMode"),
                                               countIncludePad: try a.boolean("countIncludePad"))))
        }
    }
}

/// A layer's size option read from a builtin's arguments in the form its Swift type takes.
protocol LayerSize {
    /// The option given for `label`.
    static func read(_ a: BoundArguments, _ label: String) throws -> Self
    /// The option given for `label`, or nil when it was left out or given as `nil`.
    static func readOptional(_ a: BoundArguments, _ label: String) throws -> Self?
}

/// A 1-D layer's option: one number.
extension Int: LayerSize {
    static func read(_ a: BoundArguments, _ label: String) throws -> Int { try a.integer(label) }
    static func readOptional(_ a: BoundArguments, _ label: String) throws -> Int? { try a.given(label)?.integer(label) }
}

/// A 2-D or 3-D layer's option: a number or a list of numbers.
extension Array: LayerSize where Element == Int {
    static func read(_ a: BoundArguments, _ label: String) throws -> [Int] { try a.sizes(label) }
    static func readOptional(_ a: BoundArguments, _ label: String) throws -> [Int]? { try a.optionalSizes(label) }
}
