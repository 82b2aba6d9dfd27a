import Plot
import Script

/// What `fit` returns: `history.loss`, `history.valLoss`, `history.accuracy`, … (one number per
/// finished epoch; also as `history["loss"]`), `history.lr`, `history.stepLosses`, `history.epochs`,
/// `history.interrupted`, `history.stopped`, `history.bestEpoch`, `history.seconds`; it displays itself as its loss curves.
final class HistoryValue: ScriptObject, SVGDisplayable {
    let history: TrainingHistory
    init(_ history: TrainingHistory) { self.history = history }

    var typeName: String { "History" }
    var text: String {
        let values = history.latest.map { "\($0.name) \(ProgressStatus.number($0.value))" }
        let epochs = "\(history.epochs) epoch\(history.epochs == 1 ? "" : "s")" + (history.interrupted ? ", interrupted" : "")
            + (history.stopReason != nil ? ", stopped early" : "")
        return "History(" + ([epochs] + values).joined(separator: ", ") + ")"
    }

    func displaySVG() -> String { history.lossChart().svg() }

    static let members = MemberTable<HistoryValue>([
        .property("epochs", "how many epochs finished.") { h in .number(Double(h.history.epochs)) },
        .property("interrupted", "whether an interrupt stopped it.") { h in .bool(h.history.interrupted) },
        .property("stopped", "why training ended before its last epoch (early stopping or a callback), or nil.") { h in
            h.history.stopReason.map { .string($0) } ?? .null
        },
        .property("bestEpoch", "the epoch (from 1) whose weights early stopping restored or would restore, or nil.") { h in
            h.history.bestEpoch.map { .number(Double($0)) } ?? .null
        },
        .property("seconds", "how long it trained.") { h in .number(h.history.seconds) },
        .property("xray", "what fit(..., xray: true) measured per layer and diagnosed, or nil.") { h in
            h.history.xray.map { .object(XRayValue($0)) } ?? .null
        },
        .property("stepLosses", "the training loss of every step.") { h in HistoryValue.list(h.history.steps.map(\.loss)) },
        .property("names", "the names of its series (loss, valLoss, metrics, lr).") { h in .list(ListStorage(h.history.names.map { .string($0) })) },
        .method("plot", [], "the loss curves as a chart (train per step, validation per epoch).") { h, _, _ in
            .object(ChartValue(h.history.lossChart()))
        },
    ])

    /// A member of the table, or a series by name (`history.loss`, `history.accuracy`).
    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        try Self.members.get(self, name) ?? history.series[name].map(HistoryValue.list)
    }

    var memberNames: [String] { history.names + Self.members.names }

    func subscriptGet(_ items: [IndexValue]) throws -> Value {
        guard items.count == 1, case .value(.string(let name)) = items[0] else {
            throw ScriptError("TypeError", "a History is indexed by a series name, as history[\"loss\"]")
        }
        guard let values = history.series[name] else {
            throw ScriptError("IndexError", "the history has no series \(Value.quote(name)) (it has: \(history.names.joined(separator: ", ")))")
        }
        return HistoryValue.list(values)
    }

    private static func list(_ values: [Double]) -> Value { .list(ListStorage(values.map { .number($0) })) }
}
