import TensorEngine

/// The kinds of position-wise feed-forward block.
public enum FeedForwardKind: String, Sendable {
    /// `fc2(gelu(fc1(x)))`, the original Transformer's MLP with GELU (BERT, GPT-2).
    case gelu
    /// `down(silu(gate(x)) ⊙ up(x))`, the gated MLP of PaLM and LLaMA.
    case swiglu
}

/// A Transformer's position-wise feed-forward block: a GELU MLP or a SwiGLU gated MLP, applied to the
/// last dimension of `[..., dim]`.
public final class FeedForward: Module {
    public let forwardHooks = ForwardHooks()
    public let dim: Int, hidden: Int
    public let kind: FeedForwardKind
    /// GELU: `fc1` (dim → hidden) and `fc2` (hidden → dim). SwiGLU: `gate`, `up` (dim → hidden) and
    /// `down` (hidden → dim).
    let layers: [(String, Linear)]
    public var isTraining = true

    /// `bias` defaults to true for GELU and false for SwiGLU, as in the models that made them common.
    public init(_ dim: Int, _ hidden: Int, kind: FeedForwardKind = Defaults.kind, bias: Bool? = nil) throws {
        guard dim > 0, hidden > 0 else {
            throw TensorError(.value, "FeedForward: dim (\(dim)) and hidden (\(hidden)) must be positive")
        }
        self.dim = dim
        self.hidden = hidden
        self.kind = kind
        let b = bias ?? (kind == .gelu)
        switch kind {
        case .gelu:
            layers = [("fc1", try Linear(dim, hidden, bias: b)), ("fc2", try Linear(hidden, dim, bias: b))]
        case .swiglu:
            layers = [("gate", try Linear(dim, hidden, bias: b)), ("up", try Linear(dim, hidden, bias: b)),
                      ("down", try Linear(hidden, dim, bias: b))]
        }
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 1, x.shape[x.rank - 1] == dim else {
            throw TensorError(.shape, "FeedForward: input \(x.shape) does not end in dim \(dim)")
        }
        switch kind {
        case .gelu:
            return try layers[1].1(try layers[0].1(x).gelu())
        case .swiglu:
            return try layers[2].1(try layers[0].1(x).silu() * layers[1].1(x))
        }
    }

    public var children: [(String, any Module)] { layers.map { ($0.0, $0.1) } }

    public var summaryName: String {
        "FeedForward(\(dim), \(hidden)\(kind == Defaults.kind ? "" : ", kind: \"\(kind.rawValue)\""))"
    }
}

extension FeedForward {
    /// The default kind, which the language's `FeedForward`, `TransformerBlock` and `MixtureOfExperts` declare too.
    public enum Defaults {
        public static let kind = FeedForwardKind.gelu
    }
}
