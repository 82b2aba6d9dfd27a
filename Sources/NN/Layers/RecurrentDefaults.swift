import TensorEngine

/// PyTorch's defaults of RNN's, LSTM's and GRU's options, which the language's recurrent layers declare too.
public enum RecurrentDefaults {
    public static let numLayers = 1, bias = true, bidirectional = false
    /// The probability of dropping the outputs of every layer but the last, in training mode.
    public static let dropout = 0.0
    /// RNN's only.
    public static let nonlinearity = RNNNonlinearity.tanh
}
