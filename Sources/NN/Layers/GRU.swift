import TensorEngine

/// A multi-layer GRU over batch-first sequences, with PyTorch's equations, gate layout (reset, update,
/// new), parameter names and initialization.
///
/// Each layer and direction runs as one fused engine op (`Tensor.gruSequence`): one GEMM for the
/// input projections of the whole sequence, then one GEMM and one elementwise pass per step.
public final class GRU: RecurrentLayer, RecurrentModule {
    /// `GRU(inputSize, hiddenSize, numLayers:, bias:, dropout:, bidirectional:, batchFirst:)`; every weight starts
    /// uniform in ±1/√hidden.
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = RecurrentDefaults.numLayers,
                bias: Bool = RecurrentDefaults.bias, dropout: Double = RecurrentDefaults.dropout,
                bidirectional: Bool = RecurrentDefaults.bidirectional, batchFirst: Bool = RecurrentDefaults.batchFirst) throws {
        try super.init("GRU", inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, gates: 3, bias: bias,
                       dropout: dropout, bidirectional: bidirectional, batchFirst: batchFirst)
    }

    public func forward(_ x: Tensor, state: RecurrentState?, lengths: [Int]?) throws -> (output: Tensor, state: RecurrentState) {
        try run(x, state: state, lengths: lengths, hasCell: false) { w, input, h0, _ in
            let outputs = try Tensor.gruSequence(input, h0: h0, weightIH: w.weightIH, weightHH: w.weightHH,
                                                 biasIH: w.biasIH, biasHH: w.biasHH)
            return (outputs, try outputs[.all, .at(-1)], nil)
        }
    }

    public var summaryName: String { summary() }
}
