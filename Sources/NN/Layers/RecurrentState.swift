import TensorEngine

/// The state a recurrent layer carries between calls: the hidden state `h`, and for an LSTM the cell
/// state `c`, each `[numLayers, batch, hidden]` (`[numLayers, hidden]` for an unbatched input).
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
    /// (zeros when nil); returns the last layer's outputs `[batch, seq, hidden]` and the final state.
    func forward(_ x: Tensor, state: RecurrentState?) throws -> (output: Tensor, state: RecurrentState)
}

extension RecurrentModule {
    /// The outputs alone, so a recurrent layer is also a plain `Module`.
    public func forward(_ x: Tensor) throws -> Tensor { try forward(x, state: nil).output }
}

/// The weights of one recurrent layer in PyTorch's layout and naming (`weight_ih_l0`, …).
struct RecurrentWeights {
    let weightIH: Tensor, weightHH: Tensor
    let biasIH: Tensor?, biasHH: Tensor?

    /// Draws every weight and bias uniformly in ±1/√hidden, PyTorch's initialization.
    init(input: Int, hidden: Int, gates: Int, bias: Bool) throws {
        let bound = 1 / Float(hidden).squareRoot()
        func draw(_ shape: [Int]) throws -> Tensor {
            let t = try Tensor.rand(shape, low: -bound, high: bound)
            t.requiresGrad = true
            return t
        }
        weightIH = try draw([gates * hidden, input])
        weightHH = try draw([gates * hidden, hidden])
        biasIH = bias ? try draw([gates * hidden]) : nil
        biasHH = bias ? try draw([gates * hidden]) : nil
    }

    /// The weights of every layer of a stack, after checking the sizes: the first layer reads
    /// `input` features, the others the previous layer's `hidden`.
    static func stack(_ name: String, input: Int, hidden: Int, layers: Int, gates: Int, bias: Bool) throws -> [RecurrentWeights] {
        guard input > 0, hidden > 0, layers > 0 else {
            throw TensorError(.value, "\(name): inputSize (\(input)), hiddenSize (\(hidden)) and numLayers (\(layers)) must be positive")
        }
        // The whole stack's weights are counted before the first layer is drawn.
        _ = try Memory.count([layers, gates * hidden, max(input, hidden) + hidden + 2], op: name)
        return try (0..<layers).map {
            try RecurrentWeights(input: $0 == 0 ? input : hidden, hidden: hidden, gates: gates, bias: bias)
        }
    }

    func named(_ layer: Int) -> [(String, Tensor)] {
        var out = [("weight_ih_l\(layer)", weightIH), ("weight_hh_l\(layer)", weightHH)]
        if let biasIH { out.append(("bias_ih_l\(layer)", biasIH)) }
        if let biasHH { out.append(("bias_hh_l\(layer)", biasHH)) }
        return out
    }
}

extension Array where Element == RecurrentWeights {
    /// Every layer's tensors under PyTorch's names, layer by layer.
    var named: [(String, Tensor)] { enumerated().flatMap { $0.element.named($0.offset) } }
}

/// The driver shared by the three layer types: argument checks, unbatched inputs, initial states,
/// and the stacking of layers.
enum RecurrentStack {
    /// `LSTM(4, 8)` or `LSTM(4, 8, numLayers: 2)`, and any further options.
    static func summary(_ name: String, input: Int, hidden: Int, layers: Int, options: String = "") -> String {
        "\(name)(\(input), \(hidden)\(layers != RecurrentDefaults.numLayers ? ", numLayers: \(layers)" : "")\(options))"
    }

    /// Runs `layer(l, input, h0, c0)` for every layer; it returns the layer's outputs and final h and c.
    static func run(_ name: String, _ x: Tensor, state: RecurrentState?, input: Int, hidden: Int, layers: Int,
                    hasCell: Bool,
                    _ layer: (Int, Tensor, Tensor, Tensor?) throws -> (Tensor, Tensor, Tensor?))
        throws -> (output: Tensor, state: RecurrentState) {
        guard x.rank == 3 || x.rank == 2, x.shape[x.rank - 1] == input else {
            throw TensorError(.shape, "\(name): input must be [batch, seq, \(input)] or [seq, \(input)], got \(x.shape)")
        }
        let batched = x.rank == 3
        let xb = batched ? x : try x.unsqueeze(axis: 0)
        let batch = xb.shape[0]
        let expected = batched ? [layers, batch, hidden] : [layers, hidden]
        func initial(_ t: Tensor?, _ what: String) throws -> Tensor? {
            guard let t else { return nil }
            guard t.shape == expected else {
                throw TensorError(.shape, "\(name): initial \(what) must be \(expected) ([numLayers, \(batched ? "batch, " : "")hidden]), got \(t.shape)")
            }
            return batched ? t : try t.unsqueeze(axis: 1)
        }
        let h0 = try initial(state?.h, "h")
        if hasCell, state != nil, state?.c == nil {
            throw TensorError(.value, "\(name): the initial state needs both h and c")
        }
        let c0 = hasCell ? try initial(state?.c, "c") : nil
        let zeros = try Tensor.full(checked: [batch, hidden], 0)
        var current = xb
        var hs: [Tensor] = [], cs: [Tensor] = []
        for l in 0..<layers {
            let hl = try h0.map { try $0[.at(l)] } ?? zeros
            let cl = hasCell ? try c0.map { try $0[.at(l)] } ?? zeros : nil
            let (out, hN, cN) = try layer(l, current, hl, cl)
            current = out
            hs.append(hN)
            if let cN { cs.append(cN) }
        }
        var h = try Tensor.stack(hs, axis: 0), c = hasCell ? try Tensor.stack(cs, axis: 0) : nil
        if !batched {
            current = try current.squeeze(axis: 0)
            h = try h.squeeze(axis: 1)
            c = try c?.squeeze(axis: 1)
        }
        return (current, RecurrentState(h: h, c: c))
    }
}
