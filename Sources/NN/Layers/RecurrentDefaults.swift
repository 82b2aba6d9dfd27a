import TensorEngine

/// PyTorch's defaults of RNN's, LSTM's and GRU's options, which the language's recurrent layers declare too.
public enum RecurrentDefaults {
    public static let numLayers = 1, bias = true, bidirectional = false
    /// Sequences are `[batch, seq, features]` unless `batchFirst` is false (`[seq, batch, features]`):
    /// here Soma's default differs from PyTorch's, as its Transformer layers' does.
    public static let batchFirst = true
    /// The probability of dropping the outputs of every layer but the last, in training mode.
    public static let dropout = 0.0
    /// RNN's only.
    public static let nonlinearity = RNNNonlinearity.tanh
}
