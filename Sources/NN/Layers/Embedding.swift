import TensorEngine

/// A table of `numEmbeddings` learned vectors of size `embeddingDim`, looked up by index: a tensor of
/// token ids `[…]` becomes `[…, embeddingDim]`. The weight starts standard normal, as in PyTorch.
///
/// Weight tying: `attend(x)` maps hidden states `[…, embeddingDim]` back to scores over the vocabulary
/// `[…, numEmbeddings]` with the same matrix (`x @ weightᵀ`), and `TiedLinear(embedding)` wraps that as
/// a layer, so a language model's output projection shares the input embedding's parameters.
public final class Embedding: Module {
    public let forwardHooks = ForwardHooks()
    public let weight: Tensor
    /// The row that stays fixed (zeros at start, no gradient): padding tokens map to it.
    public let paddingIndex: Int?
    public var isTraining = true

    public init(_ numEmbeddings: Int, _ embeddingDim: Int, paddingIndex: Int? = nil) throws {
        guard numEmbeddings > 0, embeddingDim > 0 else {
            throw TensorError(.value, "Embedding: sizes must be positive (got \(numEmbeddings), \(embeddingDim))")
        }
        if let p = paddingIndex, p < -numEmbeddings || p >= numEmbeddings {
            throw TensorError(.index, "Embedding: padding index \(p) is out of range for \(numEmbeddings) embeddings")
        }
        let resolved = paddingIndex.map { $0 < 0 ? $0 + numEmbeddings : $0 }
        weight = try Tensor.randn([numEmbeddings, embeddingDim])
        if let p = resolved {
            try weight.withUnsafeMutableValues { w in
                for j in 0..<embeddingDim { w[p * embeddingDim + j] = 0 }
            }
        }
        weight.requiresGrad = true
        self.paddingIndex = resolved
    }

    public var numEmbeddings: Int { weight.shape[0] }
    public var embeddingDim: Int { weight.shape[1] }

    /// The vectors of the indices in `x` (whole numbers in `0..<numEmbeddings`).
    public func forward(_ x: Tensor) throws -> Tensor {
        try Tensor.embedding(x, weight: weight, paddingIndex: paddingIndex)
    }

    /// Scores over the vocabulary from hidden states `[…, embeddingDim]`: `x @ weightᵀ`, sharing this
    /// layer's weight (and so its gradient) with the look-up.
    public func attend(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 1, x.shape[x.rank - 1] == embeddingDim else {
            throw TensorError(.shape, "Embedding.attend: input \(x.shape) must end in the embedding size \(embeddingDim)")
        }
        return try Tensor.linear(x, weight: weight, bias: nil)
    }

    public var ownParameters: [(String, Tensor)] { [("weight", weight)] }

    public var summaryName: String {
        "Embedding(\(numEmbeddings), \(embeddingDim)\(paddingIndex.map { ", paddingIndex: \($0)" } ?? ""))"
    }
}
