import Plot
import Script

/// What `fit` returns: `history.loss`, `history.valLoss`, `history.accuracy`, … (one number per
/// finished epoch; also as `history["loss"]`), `history.lr`, `history.stepLosses`, `history.epochs`,
/// `history.interrupted`, `history.seconds`; it displays itself as its loss curves.
final class HistoryValue: ScriptObject, SVGDisplayable {
    let history: TrainingHistory
    init(_ history: TrainingHistory) { self.history = history }

    var typeName: String { "History" }
    var text: String {
        let values = history.latest.map { "\($0.name) \(ProgressStatus.number($0.value))" }
        let epochs = "\(history.epochs) epoch\(history.epochs == 1 ? "" : "s")" + (history.interrupted ? ", interrupted" : "")
        return "History(" + ([epochs] + values).joined(separator: ", ") + ")"
    }

    func displaySVG() -> String { history.lossChart().svg() }

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        switch name {
        case "epochs": return .number(Double(history.epochs))
        case "interrupted": return .bool(history.interrupted)
        case "seconds": return .number(history.seconds)
        case "stepLosses": return HistoryValue.list(history.steps.map(\.loss))
        case "names": return .list(ListStorage(history.names.map { .string($0) }))
        case "plot":
            return .function(NativeFunction("plot", doc: "history.plot() — the loss curves as a chart (train per step, validation per epoch).") { a, _ in
                try a.expectNone("plot")
                return .object(ChartValue(self.history.lossChart()))
            })
        default: return history.series[name].map(HistoryValue.list)
        }
    }

    var memberNames: [String] { history.names + ["epochs", "interrupted", "names", "plot", "seconds", "stepLosses"] }

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
