import TensorEngine

/// What RNNCell, LSTMCell and GRUCell share: one step of their layer's equations, with PyTorch's
/// parameter names (`weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`) and initialization.
///
/// A step runs the layer's fused sequence op over one step, so it has that op's gradients, including
/// higher-order ones.
public class RecurrentCellLayer {
    public let inputSize: Int, hiddenSize: Int
    let weights: RecurrentWeights
    public var isTraining = true
    public let forwardHooks = ForwardHooks()
    private let name: String

    init(_ name: String, inputSize: Int, hiddenSize: Int, gates: Int, bias: Bool) throws {
        guard inputSize > 0, hiddenSize > 0 else {
            throw TensorError(.value, "\(name): inputSize (\(inputSize)) and hiddenSize (\(hiddenSize)) must be positive")
        }
        _ = try Memory.count([gates * hiddenSize, inputSize + hiddenSize + 2], op: name)
        weights = try RecurrentWeights(input: inputSize, hidden: hiddenSize, gates: gates, bias: bias)
        self.name = name
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
    }

    public var ownParameters: [(String, Tensor)] { weights.named("") }

    /// Checks `x` (`[batch, input]` or `[input]`) and the states (`[batch, hidden]` or `[hidden]`, zeros
    /// when nil), runs `pass(x, states)` on the batched forms as one step `[batch, 1, …]`, and gives
    /// the new states back in the input's form.
    func step(_ x: Tensor, _ states: [Tensor?], _ names: [String],
              _ pass: (Tensor, [Tensor]) throws -> [Tensor]) throws -> [Tensor] {
        guard x.rank == 1 || x.rank == 2, x.shape[x.rank - 1] == inputSize else {
            throw TensorError(.shape, "\(name): input must be [batch, \(inputSize)] or [\(inputSize)], got \(x.shape)")
        }
        let batched = x.rank == 2
        let batch = batched ? x.shape[0] : 1
        let expected = batched ? [batch, hiddenSize] : [hiddenSize]
        let given = try zip(states, names).map { state, what -> Tensor in
            guard let state else { return try Tensor.full(checked: [batch, hiddenSize], 0) }
            guard state.shape == expected else {
                throw TensorError(.shape, "\(name): \(what) must be \(expected) (\(batched ? "[batch, hidden]" : "[hidden]")), got \(state.shape)")
            }
            return batched ? state : try state.unsqueeze(axis: 0)
        }
        let xb = try (batched ? x : x.unsqueeze(axis: 0)).unsqueeze(axis: 1)
        return try pass(xb, given).map { batched ? $0 : try $0.squeeze(axis: 0) }
    }

    /// `GRUCell(4, 8)`, followed by `options`.
    func summary(options: String = "") -> String { "\(name)(\(inputSize), \(hiddenSize)\(options))" }
}

/// One step of an Elman RNN: `h' = act(Wih x + bih + Whh h + bhh)`.
public final class RNNCell: RecurrentCellLayer, Module {
    public let nonlinearity: RNNNonlinearity

    /// `RNNCell(inputSize, hiddenSize, bias:, nonlinearity:)`; weights start uniform in ±1/√hidden.
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = RecurrentDefaults.bias,
                nonlinearity: RNNNonlinearity = RecurrentDefaults.nonlinearity) throws {
        self.nonlinearity = nonlinearity
        try super.init("RNNCell", inputSize: inputSize, hiddenSize: hiddenSize, gates: 1, bias: bias)
    }

    /// The next hidden state from `x` `[batch, input]` (or `[input]`) and `h` (zeros when nil).
    public func forward(_ x: Tensor, h: Tensor?) throws -> Tensor {
        let w = weights, nonlinearity = nonlinearity
        return try step(x, [h], ["h"]) { x, s in
            [try Tensor.rnnSequence(x, h0: s[0], weightIH: w.weightIH, weightHH: w.weightHH, biasIH: w.biasIH,
                                    biasHH: w.biasHH, nonlinearity: nonlinearity)[.all, .at(0)]]
        }[0]
    }

    public func forward(_ x: Tensor) throws -> Tensor { try forward(x, h: nil) }

    public var summaryName: String {
        summary(options: nonlinearity == RecurrentDefaults.nonlinearity ? "" : ", nonlinearity: \"\(nonlinearity.rawValue)\"")
    }
}

/// One step of an LSTM, with PyTorch's gate layout (input, forget, cell, output).
public final class LSTMCell: RecurrentCellLayer, Module {
    /// `LSTMCell(inputSize, hiddenSize, bias:)`; weights start uniform in ±1/√hidden.
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = RecurrentDefaults.bias) throws {
        try super.init("LSTMCell", inputSize: inputSize, hiddenSize: hiddenSize, gates: 4, bias: bias)
    }

    /// The next hidden and cell states from `x` `[batch, input]` (or `[input]`) and `h`, `c` (zeros
    /// when nil).
    public func forward(_ x: Tensor, h: Tensor?, c: Tensor?) throws -> (h: Tensor, c: Tensor) {
        let w = weights
        let out = try step(x, [h, c], ["h", "c"]) { x, s in
            // The fused op packs the cell state after the hidden state as a second step.
            let packed = try Tensor.lstmSequence(x, h0: s[0], c0: s[1], weightIH: w.weightIH, weightHH: w.weightHH,
                                                 biasIH: w.biasIH, biasHH: w.biasHH)
            return [try packed[.all, .at(0)], try packed[.all, .at(1)]]
        }
        return (out[0], out[1])
    }

    /// The next hidden state from zero states.
    public func forward(_ x: Tensor) throws -> Tensor { try forward(x, h: nil, c: nil).h }

    public var summaryName: String { summary() }
}

/// One step of a GRU, with PyTorch's equations and gate layout (reset, update, new).
public final class GRUCell: RecurrentCellLayer, Module {
    /// `GRUCell(inputSize, hiddenSize, bias:)`; weights start uniform in ±1/√hidden.
    public init(_ inputSize: Int, _ hiddenSize: Int, bias: Bool = RecurrentDefaults.bias) throws {
        try super.init("GRUCell", inputSize: inputSize, hiddenSize: hiddenSize, gates: 3, bias: bias)
    }

    /// The next hidden state from `x` `[batch, input]` (or `[input]`) and `h` (zeros when nil).
    public func forward(_ x: Tensor, h: Tensor?) throws -> Tensor {
        let w = weights
        return try step(x, [h], ["h"]) { x, s in
            [try Tensor.gruSequence(x, h0: s[0], weightIH: w.weightIH, weightHH: w.weightHH, biasIH: w.biasIH,
                                    biasHH: w.biasHH)[.all, .at(0)]]
        }[0]
    }

    public func forward(_ x: Tensor) throws -> Tensor { try forward(x, h: nil) }

    public var summaryName: String { summary() }
}
