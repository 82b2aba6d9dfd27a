import NN
import Script
import TensorEngine

/// One-step recurrent cells: RNNCell, LSTMCell and GRUCell, called once per step of a loop written
/// in the language.
extension Library {
    static func addRecurrentCells(_ lib: inout Library) {
        let sizes: [Signature.Parameter] = ["inputSize", "hiddenSize", .defaulted("bias", engine: RecurrentDefaults.bias)]
        lib.add("RNNCell", sizes + [.defaulted("nonlinearity", engine: RecurrentDefaults.nonlinearity)],
                "one step of an Elman RNN: cell(x [batch, input], h: nil) returns the next h [batch, hidden].") { a, _ in
            let cell = try RNNCell(try a.integer("inputSize"), try a.integer("hiddenSize"), bias: try a.boolean("bias"),
                                   nonlinearity: try nonlinearity(a, "RNNCell"))
            return cellValue(cell) { x, h in
                let h0 = try h.map { try Convert.tensor($0, "h of RNNCell") }
                return Convert.wrap(try cell.calling(x) { try cell.forward($0, h: h0) })
            }
        }
        lib.add("LSTMCell", sizes,
                "one step of an LSTM: cell(x [batch, input], [h, c]: nil) returns the next [h, c], each [batch, hidden].") { a, _ in
            let cell = try LSTMCell(try a.integer("inputSize"), try a.integer("hiddenSize"), bias: try a.boolean("bias"))
            return cellValue(cell) { x, state in
                let (h0, c0) = try state.map { try lstmState($0, "LSTMCell") } ?? (nil, nil)
                let (h, c) = try cell.calling(x) { try cell.forward($0, h: h0, c: c0) }
                return .list(ListStorage([Convert.wrap(h), Convert.wrap(c)]))
            }
        }
        lib.add("GRUCell", sizes,
                "one step of a GRU: cell(x [batch, input], h: nil) returns the next h [batch, hidden].") { a, _ in
            let cell = try GRUCell(try a.integer("inputSize"), try a.integer("hiddenSize"), bias: try a.boolean("bias"))
            return cellValue(cell) { x, h in
                let h0 = try h.map { try Convert.tensor($0, "h of GRUCell") }
                return Convert.wrap(try cell.calling(x) { try cell.forward($0, h: h0) })
            }
        }
    }

    /// A cell whose call takes `(input, state: nil)` and returns what `step(input, state)` gives.
    private static func cellValue<Cell: RecurrentCellLayer & Module & SendableMetatype>(
        _ cell: Cell, _ step: @escaping (Tensor, Value?) throws -> Value) -> Value {
        let name = String(describing: type(of: cell))
        let extras = MemberTable<Cell>([
            .property("inputSize", "features of the input.") { .number(Double($0.inputSize)) },
            .property("hiddenSize", "features of the hidden state.") { .number(Double($0.hiddenSize)) },
        ])
        let call = Signature(name, ["input", .optional("state")], "runs one step.")
        return .object(SequenceLayerValue(cell, extras: extras) { arguments, _ in
            let a = try BoundArguments(arguments, to: call)
            return try step(try a.tensor("input", as: "the input of \(name)"), try a.given("state"))
        })
    }
}
