import TensorEngine

/// What RNN, LSTM and GRU share: their sizes and options, their stack of weights (drawn by PyTorch's
/// rules and named as PyTorch names them), their mode and their summary; each adds its own step equations.
public class RecurrentLayer {
    public let inputSize: Int, hiddenSize: Int, numLayers: Int
    /// Whether a second stack reads every sequence from its end (`_reverse` weights); the outputs
    /// then join both directions' features, `[batch, seq, 2·hidden]`.
    public let bidirectional: Bool
    /// The probability of dropping the outputs of every layer but the last, in training mode.
    public let dropout: Double
    /// Whether batched sequences are `[batch, seq, features]` rather than `[seq, batch, features]`.
    public let batchFirst: Bool
    /// Layer by layer, the forward direction before the reverse one.
    let layers: [RecurrentWeights]
    public var isTraining = true
    public let forwardHooks = ForwardHooks()
    private let layout: RecurrentStack.Layout

    /// Checks the sizes and options and draws every weight uniform in ±1/√hidden; `gates` is how many
    /// blocks of `hidden` rows each weight matrix has (1 for RNN, 3 for GRU, 4 for LSTM).
    init(_ name: String, inputSize: Int, hiddenSize: Int, numLayers: Int, gates: Int, bias: Bool,
         dropout: Double, bidirectional: Bool, batchFirst: Bool) throws {
        guard dropout >= 0, dropout <= 1 else {
            throw TensorError(.value, "\(name): dropout must be a probability between 0 and 1, got \(dropout)")
        }
        let directions = bidirectional ? 2 : 1
        layers = try RecurrentWeights.stack(name, input: inputSize, hidden: hiddenSize, layers: numLayers,
                                            directions: directions, gates: gates, bias: bias)
        layout = RecurrentStack.Layout(name: name, input: inputSize, hidden: hiddenSize, layers: numLayers,
                                     directions: directions, dropout: dropout, batchFirst: batchFirst)
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bidirectional = bidirectional
        self.dropout = dropout
        self.batchFirst = batchFirst
    }

    public var ownParameters: [(String, Tensor)] { layers.named(directions: layout.directions) }

    /// Runs `pass(weights, input, h0, c0)`, one direction of one layer over whole sequences, for
    /// every layer and direction (see `RecurrentStack.run`).
    func run(_ x: Tensor, state: RecurrentState?, lengths: [Int]?, hasCell: Bool,
             _ pass: @escaping (RecurrentWeights, Tensor, Tensor, Tensor?) throws -> (Tensor, Tensor, Tensor?))
        throws -> (output: Tensor, state: RecurrentState) {
        let directions = layout.directions, layers = layers
        return try RecurrentStack.run(layout, x, state: state, lengths: lengths, hasCell: hasCell, training: isTraining) { l, d in
            { try pass(layers[l * directions + d], $0, $1, $2) }
        }
    }

    /// `GRU(4, 8)` or `GRU(4, 8, numLayers: 2)`, followed by `options` (`, nonlinearity: "relu"`).
    func summary(options: String = "") -> String { RecurrentStack.summary(layout, options: options) }
}
