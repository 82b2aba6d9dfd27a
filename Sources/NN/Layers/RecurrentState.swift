import TensorEngine

/// The state a recurrent layer carries between calls: the hidden state `h`, and for an LSTM the cell
/// state `c`, each `[numLayers·directions, batch, hidden]` (`[numLayers·directions, hidden]` for an
/// unbatched input), layer by layer with the forward direction before the reverse one, as PyTorch orders them.
public struct RecurrentState {
    /// The hidden state of every layer.
    public var h: Tensor
    /// The cell state of every layer (LSTM only).
    public var c: Tensor?

    public init(h: Tensor, c: Tensor? = nil) {
        self.h = h
        self.c = c
    }

    /// The state as a list of tensors: `[h]`, or `[h, c]` for an LSTM.
    public var tensors: [Tensor] { c.map { [h, $0] } ?? [h] }
}

/// What RNN, LSTM and GRU share: batch-first sequences in, every step's output of the last layer and
/// the final state of every layer out.
public protocol RecurrentModule: Module {
    var inputSize: Int { get }
    var hiddenSize: Int { get }
    var numLayers: Int { get }
    /// Runs the layers over `x` `[batch, seq, input]` (or `[seq, input]`, unbatched) from `state`
    /// (zeros when nil); returns the last layer's outputs `[batch, seq, directions·hidden]` and the
    /// final state.
    ///
    /// `lengths` (one per sequence of a batch, each in 1...seq) stops every sequence at its own
    /// length, as PyTorch's packed sequences do: outputs past it are zero, its final state is the one
    /// after its last step, and the reverse direction starts at its last step.
    func forward(_ x: Tensor, state: RecurrentState?, lengths: [Int]?) throws -> (output: Tensor, state: RecurrentState)
}

extension RecurrentModule {
    /// Every sequence of the batch to its full length.
    public func forward(_ x: Tensor, state: RecurrentState?) throws -> (output: Tensor, state: RecurrentState) {
        try forward(x, state: state, lengths: nil)
    }

    /// The outputs alone, so a recurrent layer is also a plain `Module`.
    public func forward(_ x: Tensor) throws -> Tensor { try forward(x, state: nil).output }
}

