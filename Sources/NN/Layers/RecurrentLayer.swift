import TensorEngine

/// What RNN, LSTM and GRU share: their sizes, their stack of weights (drawn by PyTorch's rules and
/// named as PyTorch names them), their mode and their summary; each adds its own step equations.
public class RecurrentLayer {
    public let inputSize: Int, hiddenSize: Int, numLayers: Int
    let layers: [RecurrentWeights]
    public var isTraining = true
    public let forwardHooks = ForwardHooks()
    /// The layer type, for messages and summaries.
    private let name: String

    /// Checks the sizes and draws every weight uniform in ±1/√hidden; `gates` is how many blocks of
    /// `hidden` rows each weight matrix has (1 for RNN, 3 for GRU, 4 for LSTM).
    init(_ name: String, inputSize: Int, hiddenSize: Int, numLayers: Int, gates: Int, bias: Bool) throws {
        layers = try RecurrentWeights.stack(name, input: inputSize, hidden: hiddenSize, layers: numLayers, gates: gates, bias: bias)
        self.name = name
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
    }

    public var ownParameters: [(String, Tensor)] { layers.named }

    /// Runs `layer(l, input, h0, c0)` for every layer with this stack's sizes (see `RecurrentStack.run`).
    func run(_ x: Tensor, state: RecurrentState?, hasCell: Bool,
             _ layer: (Int, Tensor, Tensor, Tensor?) throws -> (Tensor, Tensor, Tensor?)) throws -> (output: Tensor, state: RecurrentState) {
        try RecurrentStack.run(name, x, state: state, input: inputSize, hidden: hiddenSize, layers: numLayers, hasCell: hasCell, layer)
    }

    /// `GRU(4, 8)` or `GRU(4, 8, numLayers: 2)`, followed by `options` (`, nonlinearity: "relu"`).
    func summary(options: String = "") -> String {
        RecurrentStack.summary(name, input: inputSize, hidden: hiddenSize, layers: numLayers, options: options)
    }
}
