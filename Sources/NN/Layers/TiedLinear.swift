import TensorEngine

/// An output projection that reuses an embedding's matrix: `y = x @ embedding.weightᵀ (+ bias)`, mapping
/// `[…, embeddingDim]` to `[…, numEmbeddings]` (weight tying, as in language models).
///
/// It lists the shared weight among its parameters under `weight`; `parameters()` lists each tensor once,
/// so a model holding both layers updates the matrix once per step with the sum of both gradients.
/// The optional bias starts at zero.
public final class TiedLinear: Module {
    public let forwardHooks = ForwardHooks()
    public let embedding: Embedding
    public let bias: Tensor?
    public var isTraining = true

    public init(_ embedding: Embedding, bias hasBias: Bool = Defaults.bias) throws {
        self.embedding = embedding
        if hasBias {
            let b = try Tensor.full([embedding.numEmbeddings], 0)
            b.requiresGrad = true
            bias = b
        } else {
            bias = nil
        }
    }

    public var weight: Tensor { embedding.weight }

    public func forward(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 1, x.shape[x.rank - 1] == embedding.embeddingDim else {
            throw TensorError(.shape, "TiedLinear: input \(x.shape) must end in the embedding size \(embedding.embeddingDim)")
        }
        return try Tensor.linear(x, weight: embedding.weight, bias: bias)
    }

    public var ownParameters: [(String, Tensor)] {
        [("weight", embedding.weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public var summaryName: String {
        "TiedLinear(\(embedding.embeddingDim), \(embedding.numEmbeddings)\(bias == nil ? "" : ", bias: true"))"
    }
}

extension TiedLinear {
    /// The default the language's `TiedLinear` declares too: no bias, as in the models that tie weights.
    public enum Defaults {
        public static let bias = false
    }
}
