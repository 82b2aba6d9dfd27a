import JSONFormat
import Plot

/// What `fit` records: per-epoch averages of the loss and each metric, on the training data and on
/// the validation data, the learning rate of each epoch, and the loss of every step.
struct TrainingHistory {
    /// Series in the order they were first recorded: `loss`, the metrics, `valLoss`, `valAccuracy`, `lr`.
    private(set) var names: [String] = []
    private(set) var series: [String: [Double]] = [:]
    /// (epoch as a fraction: 0.5 is half way through the first epoch, loss) for every step.
    private(set) var steps: [(epoch: Double, loss: Double)] = []
    var epochs = 0
    var interrupted = false
    /// Why training ended before its last epoch (early stopping or a callback), shown in the final line.
    var stopReason: String?
    /// The epoch (from 1) whose weights early stopping kept as the best.
    var bestEpoch: Int?
    var seconds = 0.0
    /// What `fit(..., xray: true)` measured inside the network.
    var xray: XRayRecord?
    /// What `fit(..., record: fn)` recorded, for `replay(history)`.
    var frames: [ReplayFrame] = []

    mutating func record(_ name: String, _ value: Double) {
        if series[name] == nil { names.append(name) }
        series[name, default: []].append(value)
    }

    /// The name of a series measured on the validation data: `loss` → `valLoss`.
    static func validationName(_ name: String) -> String { "val" + name.prefix(1).uppercased() + name.dropFirst() }

    mutating func recordStep(epoch: Double, loss: Double) { steps.append((epoch, loss)) }

    /// The latest value of each epoch-level series except the learning rate.
    var latest: [(name: String, value: Double)] {
        names.filter { $0 != "lr" }.compactMap { name in series[name]?.last.map { (name, $0) } }
    }

    /// The loss curves: step losses (averaged into at most `points` buckets) and the validation loss per
    /// epoch, against epochs; on a log axis when `logY`, or by default when the losses span more than 30×.
    func lossChart(points: Int = 300, logY: Bool? = nil) -> Chart {
        var curves: [Series] = []
        if !steps.isEmpty {
            let size = max(1, (steps.count + points - 1) / points)
            var x: [Double] = [], y: [Double] = []
            var i = 0
            while i < steps.count {
                let bucket = steps[i..<min(steps.count, i + size)]
                x.append(bucket.last!.epoch)
                y.append(bucket.map(\.loss).reduce(0, +) / Double(bucket.count))
                i += size
            }
            curves.append(Series("train", x: x, y: y, color: 0))
        }
        if let val = series["valLoss"], !val.isEmpty {
            curves.append(Series("validation", x: (1...val.count).map(Double.init), y: val, color: 1))
        }
        let all = curves.flatMap(\.y).filter(\.isFinite)
        let logY = logY ?? ((all.min() ?? 0) > 0 && (all.max() ?? 0) / (all.min() ?? 1) > 30)
        return Chart.line(series: curves, title: "loss", xLabel: "epoch", yLabel: "loss", logY: logY)
    }

    /// Whether every step loss and validation loss so far is positive (a log axis can show them all).
    var lossesArePositive: Bool {
        steps.allSatisfy { !$0.loss.isFinite || $0.loss > 0 } && (series["valLoss"] ?? []).allSatisfy { !$0.isFinite || $0 > 0 }
    }

    /// One line for plain output: `epoch 3/10  loss 0.1234  valLoss 0.2345  (1.2 s)`, with the time
    /// `seconds` that the last `epochsTaken` epochs took (`(12 ms for 25 epochs)` when more than one).
    func epochLine(of total: Int, seconds: Double, epochsTaken: Int = 1) -> String {
        let values = latest.map { "\($0.name) \(ProgressStatus.number($0.value))" }
        let time = TrainingHistory.duration(seconds) + (epochsTaken > 1 ? " for \(epochsTaken) epochs" : "")
        return (["epoch \(epochs)/\(total)"] + values + ["(" + time + ")"]).joined(separator: "  ")
    }

    /// `1.2 s` from a second, `340 ms` or `4.5 ms` below, `85 µs` below a millisecond: short epochs
    /// never read as 0.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "0 µs" }
        if seconds >= 1 { return NumberFormat.fixed(seconds, decimals: 1) + " s" }
        if seconds >= 0.01 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds >= 0.001 { return NumberFormat.fixed(seconds * 1000, decimals: 1) + " ms" }
        return "\(max(1, Int((seconds * 1_000_000).rounded()))) µs"
    }
}

/// A history as JSON, to send one from another process (a `distributed` block's `fit`) and back.
extension TrainingHistory {
    var json: JSON {
        .object([
            "names": .array(names.map { .string($0) }),
            "series": .object(series.mapValues { .array($0.map(Self.number)) }),
            "steps": .array(steps.map { .array([Self.number($0.epoch), Self.number($0.loss)]) }),
            "epochs": .int(epochs), "interrupted": .bool(interrupted), "seconds": Self.number(seconds),
            "stopReason": stopReason.map { .string($0) } ?? .null, "bestEpoch": bestEpoch.map { .int($0) } ?? .null,
        ])
    }

    init?(json: JSON) {
        guard case .array(let names)? = json["names"], case .object(let series)? = json["series"],
              case .array(let steps)? = json["steps"] else { return nil }
        self.names = names.compactMap(\.stringValue)
        for (name, values) in series {
            guard case .array(let vs) = values else { return nil }
            self.series[name] = vs.compactMap(Self.double)
        }
        self.steps = steps.compactMap { step in
            guard case .array(let pair) = step, pair.count == 2, let e = Self.double(pair[0]), let l = Self.double(pair[1]) else { return nil }
            return (e, l)
        }
        epochs = json["epochs"]?.intValue ?? 0
        if case .bool(let b)? = json["interrupted"] { interrupted = b }
        seconds = json["seconds"].flatMap(Self.double) ?? 0
        stopReason = json["stopReason"]?.stringValue
        bestEpoch = json["bestEpoch"]?.intValue
    }

    /// A number JSON can hold: NaN and the infinities travel as their text.
    static func number(_ x: Double) -> JSON { x.isFinite ? .double(x) : .string(x.description) }

    static func double(_ j: JSON) -> Double? {
        switch j {
        case .double(let x): return x
        case .int(let n): return Double(n)
        case .string(let s): return Double(s)
        default: return nil
        }
    }
}
