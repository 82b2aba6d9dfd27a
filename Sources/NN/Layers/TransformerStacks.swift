import TensorEngine

/// The layers of a stack as PyTorch's `nn.ModuleList` names them (`layers.0`, `layers.1`, …).
final class LayerList: Module {
    let forwardHooks = ForwardHooks()
    let layers: [any Module]
    var isTraining = true

    init(_ layers: [any Module]) { self.layers = layers }

    func forward(_ x: Tensor) throws -> Tensor {
        throw TensorError(.value, "ModuleList: a list of layers is not called, its owner calls each layer")
    }

    var children: [(String, any Module)] { layers.enumerated().map { (String($0.offset), $0.element) } }
    var summaryName: String { "ModuleList" }
}

/// Checks a layer count and clones `layer` that many times (PyTorch's `_get_clones`: each clone starts
/// with the given layer's parameters).
func clones<L>(_ layer: L, _ count: Int, owner: String, _ copy: (L) throws -> L) throws -> [L] {
    guard count >= 1, count <= 10_000 else {
        throw TensorError(.value, "\(owner): numLayers must be between 1 and 10000, got \(count)")
    }
    return try (0..<count).map { _ in try copy(layer) }
}

/// PyTorch's `nn.TransformerEncoder`: `numLayers` copies of an encoder layer, then an optional norm.
public final class TransformerEncoder: Module {
    public let forwardHooks = ForwardHooks()
    public let layers: [TransformerEncoderLayer]
    public let norm: LayerNorm?
    private let list: LayerList
    public var isTraining = true

    public init(_ layer: TransformerEncoderLayer, numLayers: Int, norm: LayerNorm? = nil) throws {
        layers = try clones(layer, numLayers, owner: "TransformerEncoder") { try $0.copy() }
        self.norm = norm
        list = LayerList(layers)
    }

    public func forward(_ x: Tensor) throws -> Tensor { try forward(x, mask: nil) }

    /// The stack over `src`; `mask`, `srcKeyPaddingMask` and `isCausal` go to every layer.
    public func forward(_ src: Tensor, mask: Tensor?, srcKeyPaddingMask: Tensor? = nil, isCausal: Bool = false) throws -> Tensor {
        var x = src
        for layer in layers {
            x = try layer.calling(x) { try layer.forward($0, srcMask: mask, srcKeyPaddingMask: srcKeyPaddingMask, isCausal: isCausal) }
        }
        return try norm.map { try $0(x) } ?? x
    }

    public var children: [(String, any Module)] { [("layers", list)] + (norm.map { [("norm", $0)] } ?? []) }
    public var summaryName: String { "TransformerEncoder(numLayers: \(layers.count))" }
}

/// PyTorch's `nn.TransformerDecoder`: `numLayers` copies of a decoder layer, then an optional norm.
public final class TransformerDecoder: Module {
    public let forwardHooks = ForwardHooks()
    public let layers: [TransformerDecoderLayer]
    public let norm: LayerNorm?
    private let list: LayerList
    public var isTraining = true

    public init(_ layer: TransformerDecoderLayer, numLayers: Int, norm: LayerNorm? = nil) throws {
        layers = try clones(layer, numLayers, owner: "TransformerDecoder") { try $0.copy() }
        self.norm = norm
        list = LayerList(layers)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        throw TensorError(.value, "TransformerDecoder: call it with the target and the encoder's memory, (tgt, memory)")
    }

    /// The stack over `tgt`, every layer attending to `memory` with the same masks.
    public func forward(_ tgt: Tensor, memory: Tensor, masks: DecoderMasks = DecoderMasks()) throws -> Tensor {
        var x = tgt
        for layer in layers { x = try layer.calling(x) { try layer.forward($0, memory: memory, masks: masks) } }
        return try norm.map { try $0(x) } ?? x
    }

    public var children: [(String, any Module)] { [("layers", list)] + (norm.map { [("norm", $0)] } ?? []) }
    public var summaryName: String { "TransformerDecoder(numLayers: \(layers.count))" }
}

/// PyTorch's `nn.Transformer`: an encoder and a decoder stack, each ending in a LayerNorm, with every
/// matrix parameter Xavier-uniform initialized (PyTorch's `_reset_parameters`).
public final class Transformer: Module {
    public let forwardHooks = ForwardHooks()
    public let dModel: Int, nhead: Int
    public let encoder: TransformerEncoder, decoder: TransformerDecoder
    public var isTraining = true

    public init(dModel: Int = Defaults.dModel, nhead: Int = Defaults.nhead, numEncoderLayers: Int = Defaults.numEncoderLayers,
                numDecoderLayers: Int = Defaults.numDecoderLayers, options: TransformerLayerOptions = TransformerLayerOptions()) throws {
        self.dModel = dModel
        self.nhead = nhead
        encoder = try TransformerEncoder(try TransformerEncoderLayer(dModel, nhead: nhead, options: options),
                                         numLayers: numEncoderLayers, norm: try TransformerParts.layerNorm(dModel, options))
        decoder = try TransformerDecoder(try TransformerDecoderLayer(dModel, nhead: nhead, options: options),
                                         numLayers: numDecoderLayers, norm: try TransformerParts.layerNorm(dModel, options))
        for p in parameters() where p.rank > 1 { try Init.xavierUniform(p) }
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        throw TensorError(.value, "Transformer: call it with the source and the target, (src, tgt)")
    }

    /// The encoder over `src`, then the decoder over `tgt` attending to the encoder's output.
    public func forward(_ src: Tensor, tgt: Tensor, srcMask: Tensor? = nil, srcKeyPaddingMask: Tensor? = nil, srcIsCausal: Bool = false,
                        masks: DecoderMasks = DecoderMasks()) throws -> Tensor {
        let batchAxis = encoder.layers[0].options.batchFirst ? 0 : 1
        if src.rank == 3, tgt.rank == 3, src.shape[batchAxis] != tgt.shape[batchAxis] {
            throw TensorError(.shape, "Transformer: the batch number of src \(src.shape) and tgt \(tgt.shape) must be equal")
        }
        guard src.rank == tgt.rank, src.shape.last == dModel, tgt.shape.last == dModel else {
            throw TensorError(.shape, "Transformer: src \(src.shape) and tgt \(tgt.shape) must have the same rank and \(dModel) (dModel) features")
        }
        let memory = try encoder.forward(src, mask: srcMask, srcKeyPaddingMask: srcKeyPaddingMask, isCausal: srcIsCausal)
        return try decoder.forward(tgt, memory: memory, masks: masks)
    }

    /// PyTorch's `generate_square_subsequent_mask`: `[size, size]`, 0 on and below the diagonal, −∞ above.
    public static func squareSubsequentMask(_ size: Int, dtype: DType = .float32) throws -> Tensor {
        guard size >= 0, size <= 1 << 14 else {
            throw TensorError(.value, "generateSquareSubsequentMask: size must be between 0 and 16384, got \(size)")
        }
        var values = [Double](repeating: 0, count: size * size)
        for i in 0..<size { for j in (i + 1)..<Swift.max(i + 1, size) { values[i * size + j] = -.infinity } }
        return try Tensor(shape: [size, size], elements: values, dtype: dtype)
    }

    public var children: [(String, any Module)] { [("encoder", encoder), ("decoder", decoder)] }
    public var summaryName: String {
        "Transformer(dModel: \(dModel), nhead: \(nhead), numEncoderLayers: \(encoder.layers.count), numDecoderLayers: \(decoder.layers.count)\(encoder.layers[0].options.summary()))"
    }
}

extension Transformer {
    /// PyTorch's defaults, which the language's `Transformer` declares too.
    public enum Defaults {
        public static let dModel = 512, nhead = 8, numEncoderLayers = 6, numDecoderLayers = 6
    }
}
