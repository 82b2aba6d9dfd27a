import TensorEngine

/// A multi-layer Elman RNN (`tanh` or `relu`) over batch-first sequences, with PyTorch's equations,
/// parameter names and initialization.
///
/// Each layer runs as one fused engine op (`Tensor.rnnSequence`): one GEMM for the input projections
/// of the whole sequence, then one GEMM and one elementwise pass per step.
public final class RNN: RecurrentModule {
    public let inputSize: Int, hiddenSize: Int, numLayers: Int
    public let nonlinearity: RNNNonlinearity
    let layers: [RecurrentWeights]
    public var isTraining = true

    /// `RNN(inputSize, hiddenSize, numLayers:, nonlinearity:, bias:)`; weights start uniform in ±1/√hidden.
    public init(_ inputSize: Int, _ hiddenSize: Int, numLayers: Int = RecurrentDefaults.numLayers,
                nonlinearity: RNNNonlinearity = RecurrentDefaults.nonlinearity, bias: Bool = RecurrentDefaults.bias) throws {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.nonlinearity = nonlinearity
        layers = try RecurrentWeights.stack("RNN", input: inputSize, hidden: hiddenSize, layers: numLayers, gates: 1, bias: bias)
    }

    public func forward(_ x: Tensor, state: RecurrentState?) throws -> (output: Tensor, state: RecurrentState) {
        try RecurrentStack.run("RNN", x, state: state, input: inputSize, hidden: hiddenSize,
                               layers: numLayers, hasCell: false) { l, input, h0, _ in
            let w = layers[l]
            let outputs = try Tensor.rnnSequence(input, h0: h0, weightIH: w.weightIH, weightHH: w.weightHH,
                                                 biasIH: w.biasIH, biasHH: w.biasHH, nonlinearity: nonlinearity)
            return (outputs, try outputs[.all, .at(-1)], nil)
        }
    }

    public var ownParameters: [(String, Tensor)] { layers.named }

    public var summaryName: String {
        RecurrentStack.summary("RNN", input: inputSize, hidden: hiddenSize, layers: numLayers,
                               options: nonlinearity == .tanh ? "" : ", nonlinearity: \"\(nonlinearity.rawValue)\"")
    }
}
