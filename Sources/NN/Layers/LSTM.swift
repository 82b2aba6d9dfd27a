import TensorEngine

/// A multi-layer LSTM over batch-first sequences, with PyTorch's gate layout, parameter names and
/// initialization.
///
/// Each layer and direction runs as one fused engine op (`Tensor.lstmSequence`): one GEMM for the
/// input projections of the whole sequence, then one GEMM and one elementwise pass per step.
public final class LSTM: RecurrentLayer, RecurrentModule {
    /// `LSTM(inputSize, hiddenSize, numLayers:, bias:, dropout:, bidirectional:, batchFirst:)`; every weight starts
    /// uniform in ±1/√hidden.
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = RecurrentDefaults.numLayers,
                bias: Bool = RecurrentDefaults.bias, dropout: Double = RecurrentDefaults.dropout,
                bidirectional: Bool = RecurrentDefaults.bidirectional, batchFirst: Bool = RecurrentDefaults.batchFirst) throws {
        try super.init("LSTM", inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, gates: 4, bias: bias,
                       dropout: dropout, bidirectional: bidirectional, batchFirst: batchFirst)
    }

    public func forward(_ x: Tensor, state: RecurrentState?, lengths: [Int]?) throws -> (output: Tensor, state: RecurrentState) {
        try run(x, state: state, lengths: lengths, hasCell: true) { w, input, h0, c0 in
            let steps = input.shape[1]
            // The fused op packs the final cell state after the outputs as one extra step.
            let packed = try Tensor.lstmSequence(input, h0: h0, c0: c0!, weightIH: w.weightIH, weightHH: w.weightHH,
                                                 biasIH: w.biasIH, biasHH: w.biasHH)
            let outputs = try packed[.all, .range(0, steps, 1)]
            return (outputs, try packed[.all, .at(steps - 1)], try packed[.all, .at(steps)])
        }
    }

    public var summaryName: String { summary() }
}
