import TensorEngine

/// A multi-layer Elman RNN (`tanh` or `relu`) over batch-first sequences, with PyTorch's equations,
/// parameter names and initialization.
///
/// Each layer and direction runs as one fused engine op (`Tensor.rnnSequence`): one GEMM for the
/// input projections of the whole sequence, then one GEMM and one elementwise pass per step.
public final class RNN: RecurrentLayer, RecurrentModule {
    public let nonlinearity: RNNNonlinearity

    /// `RNN(inputSize, hiddenSize, numLayers:, nonlinearity:, bias:, dropout:, bidirectional:, batchFirst:)`;
    /// weights start uniform in ±1/√hidden.
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = RecurrentDefaults.numLayers,
                nonlinearity: RNNNonlinearity = RecurrentDefaults.nonlinearity, bias: Bool = RecurrentDefaults.bias,
                dropout: Double = RecurrentDefaults.dropout, bidirectional: Bool = RecurrentDefaults.bidirectional,
                batchFirst: Bool = RecurrentDefaults.batchFirst) throws {
        self.nonlinearity = nonlinearity
        try super.init("RNN", inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, gates: 1, bias: bias,
                       dropout: dropout, bidirectional: bidirectional, batchFirst: batchFirst)
    }

    public func forward(_ x: Tensor, state: RecurrentState?, lengths: [Int]?) throws -> (output: Tensor, state: RecurrentState) {
        let nonlinearity = nonlinearity
        return try run(x, state: state, lengths: lengths, hasCell: false) { w, input, h0, _ in
            let outputs = try Tensor.rnnSequence(input, h0: h0, weightIH: w.weightIH, weightHH: w.weightHH,
                                                 biasIH: w.biasIH, biasHH: w.biasHH, nonlinearity: nonlinearity)
            return (outputs, try outputs[.all, .at(-1)], nil)
        }
    }

    public var summaryName: String {
        summary(options: nonlinearity == RecurrentDefaults.nonlinearity ? "" : ", nonlinearity: \"\(nonlinearity.rawValue)\"")
    }
}
