import TensorEngine

/// The driver shared by the three layer types: argument checks, unbatched inputs, initial states,
/// both directions, sequence lengths, and the stacking of layers with dropout between them.
enum RecurrentStack {
    /// One direction of one layer over whole sequences, from the forward start: `(input
    /// [batch, seq, features], h0, c0)` to `(outputs [batch, seq, hidden], final h, final c)`.
    typealias Pass = (Tensor, Tensor, Tensor?) throws -> (Tensor, Tensor, Tensor?)

    /// What a stack is made of, for its checks and its summary.
    struct Layout {
        let name: String
        let input: Int, hidden: Int, layers: Int, directions: Int
        let dropout: Double
        let batchFirst: Bool
    }

    /// `LSTM(4, 8)` or `LSTM(4, 8, numLayers: 2, bidirectional: true)`, and any further options.
    static func summary(_ s: Layout, options: String = "") -> String {
        var out = "\(s.name)(\(s.input), \(s.hidden)"
        if s.layers != RecurrentDefaults.numLayers { out += ", numLayers: \(s.layers)" }
        out += options
        if s.dropout != RecurrentDefaults.dropout { out += ", dropout: \(s.dropout)" }
        if s.directions == 2 { out += ", bidirectional: true" }
        if s.batchFirst != RecurrentDefaults.batchFirst { out += ", batchFirst: \(s.batchFirst)" }
        return out + ")"
    }

    /// Runs `pass(l, d)` (layer `l`, direction `d`) over the stack, feeding every layer the previous
    /// one's outputs of both directions joined along the features, with dropout between layers in
    /// training mode.
    static func run(_ s: Layout, _ x: Tensor, state: RecurrentState?, lengths: [Int]?, hasCell: Bool, training: Bool,
                    _ pass: (Int, Int) -> Pass) throws -> (output: Tensor, state: RecurrentState) {
        let name = s.name, hidden = s.hidden
        guard x.rank == 3 || x.rank == 2, x.shape[x.rank - 1] == s.input else {
            let batchedShape = s.batchFirst ? "[batch, seq, \(s.input)]" : "[seq, batch, \(s.input)]"
            throw TensorError(.shape, "\(name): input must be \(batchedShape) or [seq, \(s.input)], got \(x.shape)")
        }
        let batched = x.rank == 3
        // The kernels run batch-first: a sequence-first batch is turned around on the way in and out.
        let xb = batched ? (s.batchFirst ? x : try x.transpose(0, 1)) : try x.unsqueeze(axis: 0)
        let batch = xb.shape[0], steps = xb.shape[1]
        try checkLengths(name, lengths, batched: batched, batch: batch, steps: steps)
        let rows = s.layers * s.directions
        let expected = batched ? [rows, batch, hidden] : [rows, hidden]
        let layout = s.directions == 2 ? "numLayers·2" : "numLayers"
        func initial(_ t: Tensor?, _ what: String) throws -> Tensor? {
            guard let t else { return nil }
            guard t.shape == expected else {
                throw TensorError(.shape, "\(name): initial \(what) must be \(expected) ([\(layout), \(batched ? "batch, " : "")hidden]), got \(t.shape)")
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
        for l in 0..<s.layers {
            var outs: [Tensor] = []
            for d in 0..<s.directions {
                let row = l * s.directions + d
                let hl = try h0.map { try $0[.at(row)] } ?? zeros
                let cl = hasCell ? try c0.map { try $0[.at(row)] } ?? zeros : nil
                let (out, hN, cN) = try direction(pass(l, d), current, h0: hl, c0: cl, reverse: d == 1, lengths: lengths)
                outs.append(out)
                hs.append(hN)
                if let cN { cs.append(cN) }
            }
            current = outs.count == 1 ? outs[0] : try Tensor.concat(outs, axis: 2)
            if l < s.layers - 1, training, s.dropout > 0 { current = try current.dropout(p: s.dropout) }
        }
        var h = try Tensor.stack(hs, axis: 0), c = hasCell ? try Tensor.stack(cs, axis: 0) : nil
        if batched && !s.batchFirst { current = try current.transpose(0, 1) }
        if !batched {
            current = try current.squeeze(axis: 0)
            h = try h.squeeze(axis: 1)
            c = try c?.squeeze(axis: 1)
        }
        return (current, RecurrentState(h: h, c: c))
    }

    /// The lengths must fit the batch: one per sequence, each from 1 to the padded length.
    static func checkLengths(_ name: String, _ lengths: [Int]?, batched: Bool, batch: Int, steps: Int) throws {
        guard let lengths else { return }
        guard batched else {
            throw TensorError(.shape, "\(name): lengths need a batched input [batch, seq, features]")
        }
        guard lengths.count == batch else {
            throw TensorError(.shape, "\(name): lengths must hold one length per sequence of the batch: expected \(batch), got \(lengths.count)")
        }
        if let bad = lengths.first(where: { $0 < 1 || $0 > steps }) {
            throw TensorError(.value, "\(name): every length must be between 1 and the sequence length \(steps), got \(bad)")
        }
    }

    /// One direction over the batch: the reverse direction runs each sequence from its last step;
    /// with lengths, the sequences of each length run together on their valid steps, and the
    /// outputs are padded with zeros back to the full length.
    static func direction(_ pass: Pass, _ x: Tensor, h0: Tensor, c0: Tensor?, reverse: Bool,
                          lengths: [Int]?) throws -> (Tensor, Tensor, Tensor?) {
        let steps = x.shape[1]
        guard let lengths, lengths.contains(where: { $0 != steps }) else {
            guard reverse else { return try pass(x, h0, c0) }
            let (out, h, c) = try pass(try x.flip([1]), h0, c0)
            return (try out.flip([1]), h, c)
        }
        var order: [Int] = [], outs: [Tensor] = [], hs: [Tensor] = [], cs: [Tensor] = []
        for length in Set(lengths).sorted() {
            let members = lengths.indices.filter { lengths[$0] == length }
            let index = try Tensor(shape: [members.count], elements: members.map(Double.init), dtype: .int64)
            func pick(_ t: Tensor) throws -> Tensor { try t.indexSelect(axis: 0, indices: index) }
            let valid = try pick(x)[.all, .range(0, length, 1)]
            let (out, h, c) = try direction(pass, valid, h0: try pick(h0), c0: try c0.map(pick), reverse: reverse, lengths: nil)
            outs.append(length < steps ? try out.pad([0, 0, 0, steps - length]) : out)
            hs.append(h)
            if let c { cs.append(c) }
            order += members
        }
        // Back to the batch's order: sequence b sits at position `place[b]` of the groups.
        var place = [Double](repeating: 0, count: order.count)
        for (position, b) in order.enumerated() { place[b] = Double(position) }
        let restore = try Tensor(shape: [place.count], elements: place, dtype: .int64)
        func join(_ parts: [Tensor]) throws -> Tensor { try Tensor.concat(parts, axis: 0).indexSelect(axis: 0, indices: restore) }
        return (try join(outs), try join(hs), cs.isEmpty ? nil : try join(cs))
    }
}
