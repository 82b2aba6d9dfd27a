import TensorEngine

/// A multi-layer LSTM over batch-first sequences, with PyTorch's gate layout, parameter names and
/// initialization.
///
/// Each layer runs as one fused engine op (`Tensor.lstmSequence`): one GEMM for the input projections
/// of the whole sequence, then one GEMM and one elementwise pass per step.
public final class LSTM: RecurrentLayer, RecurrentModule {
    /// `LSTM(inputSize, hiddenSize, numLayers:, bias:)`; every weight starts uniform in ±1/√hidden.
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = RecurrentDefaults.numLayers,
                bias: Bool = RecurrentDefaults.bias) throws {
        try super.init("LSTM", inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, gates: 4, bias: bias)
    }

    public func forward(_ x: Tensor, state: RecurrentState?) throws -> (output: Tensor, state: RecurrentState) {
        let steps = x.rank >= 2 ? x.shape[x.rank - 2] : 0
        return try run(x, state: state, hasCell: true) { l, input, h0, c0 in
            let w = layers[l]
            // The fused op packs the final cell state after the outputs as one extra step.
            let packed = try Tensor.lstmSequence(input, h0: h0, c0: c0!, weightIH: w.weightIH, weightHH: w.weightHH,
                                                 biasIH: w.biasIH, biasHH: w.biasHH)
            let outputs = try packed[.all, .range(0, steps, 1)]
            return (outputs, try packed[.all, .at(steps - 1)], try packed[.all, .at(steps)])
        }
    }

    public var summaryName: String { summary() }
}
