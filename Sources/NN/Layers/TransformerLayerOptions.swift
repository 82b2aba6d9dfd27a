import TensorEngine

/// The activation of a Transformer layer's feed-forward block.
public enum TransformerActivation: String, Sendable {
    case relu, gelu
}

/// The settings PyTorch's `TransformerEncoderLayer`, `TransformerDecoderLayer` and `Transformer` share.
public struct TransformerLayerOptions: Sendable {
    public var dimFeedforward = Defaults.dimFeedforward
    public var dropout = Defaults.dropout
    public var activation = TransformerActivation.relu
    public var layerNormEps = Defaults.layerNormEps
    /// Inputs `[batch, length, dModel]` when true (the default here; PyTorch's is false), `[length, batch, dModel]` when false.
    public var batchFirst = Defaults.batchFirst
    /// Pre-norm (`x + block(norm(x))`) when true; post-norm (`norm(x + block(x))`, PyTorch's default) when false.
    public var normFirst = Defaults.normFirst
    public var bias = Defaults.bias

    public init(dimFeedforward: Int = Defaults.dimFeedforward, dropout: Double = Defaults.dropout,
                activation: TransformerActivation = .relu, layerNormEps: Double = Defaults.layerNormEps,
                batchFirst: Bool = Defaults.batchFirst, normFirst: Bool = Defaults.normFirst, bias: Bool = Defaults.bias) {
        self.dimFeedforward = dimFeedforward
        self.dropout = dropout
        self.activation = activation
        self.layerNormEps = layerNormEps
        self.batchFirst = batchFirst
        self.normFirst = normFirst
        self.bias = bias
    }

    /// PyTorch's defaults, except `batchFirst`.
    public enum Defaults {
        public static let dimFeedforward = 2048, dropout = 0.1, layerNormEps = 1e-5
        public static let batchFirst = true, normFirst = false, bias = true
    }

    func check(dModel: Int, nhead: Int, owner: String) throws {
        guard dModel > 0, nhead > 0, dimFeedforward > 0 else {
            throw TensorError(.value, "\(owner): dModel (\(dModel)), nhead (\(nhead)) and dimFeedforward (\(dimFeedforward)) must be positive")
        }
        guard dModel % nhead == 0 else {
            throw TensorError(.value, "\(owner): dModel \(dModel) is not divisible by nhead \(nhead)")
        }
        guard dropout >= 0, dropout <= 1 else {
            throw TensorError(.value, "\(owner): dropout must be between 0 and 1, got \(dropout)")
        }
        guard layerNormEps > 0, layerNormEps.isFinite else {
            throw TensorError(.value, "\(owner): layerNormEps must be positive, got \(layerNormEps)")
        }
    }

    /// The option list of a summary: those that differ from the defaults.
    func summary() -> String {
        var s = ""
        if dimFeedforward != Defaults.dimFeedforward { s += ", dimFeedforward: \(dimFeedforward)" }
        if dropout != Defaults.dropout { s += ", dropout: \(dropout)" }
        if activation != .relu { s += ", activation: \"\(activation.rawValue)\"" }
        if layerNormEps != Defaults.layerNormEps { s += ", layerNormEps: \(layerNormEps)" }
        if !batchFirst { s += ", batchFirst: false" }
        if normFirst { s += ", normFirst: true" }
        if !bias { s += ", bias: false" }
        return s
    }
}

/// The pieces the encoder and decoder layers share.
enum TransformerParts {
    /// `linear2(dropout(activation(linear1(x))))`, then dropout: PyTorch's `_ff_block`.
    static func feedForward(_ x: Tensor, _ linear1: Linear, _ linear2: Linear, _ options: TransformerLayerOptions, training: Bool) throws -> Tensor {
        let h = try linear1(x)
        let a = options.activation == .relu ? try h.relu() : try h.gelu()
        return try linear2(try a.dropout(p: options.dropout, training: training)).dropout(p: options.dropout, training: training)
    }

    /// `x + block(norm(x))` (pre-norm) or `norm(x + block(x))` (post-norm).
    static func residual(_ x: Tensor, _ norm: LayerNorm, normFirst: Bool, _ block: (Tensor) throws -> Tensor) throws -> Tensor {
        normFirst ? try x + block(try norm(x)) : try norm(try x + block(x))
    }

    /// A batch-first view of a layer input, checking its width.
    static func batchFirst(_ x: Tensor, _ options: TransformerLayerOptions, dModel: Int, _ what: String, _ owner: String) throws -> Tensor {
        guard x.rank == 3 || x.rank == 2, x.shape[x.rank - 1] == dModel else {
            let layout = options.batchFirst ? "[batch, length, \(dModel)]" : "[length, batch, \(dModel)]"
            throw TensorError(.shape, "\(owner): \(what) must be \(layout) or [length, \(dModel)], got \(x.shape)")
        }
        return x.rank == 3 && !options.batchFirst ? try x.transpose(0, 1) : x
    }

    /// A layer output in the caller's layout.
    static func restore(_ x: Tensor, _ options: TransformerLayerOptions) throws -> Tensor {
        x.rank == 3 && !options.batchFirst ? try x.transpose(0, 1) : x
    }

    static func layerNorm(_ dModel: Int, _ options: TransformerLayerOptions) throws -> LayerNorm {
        try LayerNorm(dModel, eps: options.layerNormEps, bias: options.bias)
    }
}

/// What the encoder and decoder layers have in common for those who inspect them.
public protocol TransformerLayer: Module {
    var dModel: Int { get }
    var nhead: Int { get }
    var options: TransformerLayerOptions { get }
}

extension TransformerEncoderLayer: TransformerLayer {}
extension TransformerDecoderLayer: TransformerLayer {}
