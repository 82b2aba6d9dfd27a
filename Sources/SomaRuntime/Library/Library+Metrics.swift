import Script
import TensorEngine

/// Metrics for `fit(…, metrics: [accuracy])` and hand-written loops, with scikit-learn's definitions.
extension Library {
    static func metrics() -> Library {
        var lib = Library()
        let scored = "the arg-max class of each row of [n, classes] scores against class indices (or one-hot rows); one score per sample ([n] or [n, 1]) is class 1 above threshold"
        lib.add("accuracy", ["output", "target", .defaulted("threshold", 0.5)],
                "the fraction of correct predictions: \(scored).") { a, _ in
            let p = try Metrics.predictions(a, "accuracy")
            return .number(Double(zip(p.predicted, p.labels).filter { $0 == $1 }.count) / Double(p.labels.count))
        }
        lib.add("confusionMatrix", ["output", "target", .defaulted("threshold", 0.5), .optional("classes", shown: "from the data")],
                "counts [classes, classes]: row i, column j is how many samples of class i were predicted as j; \(scored).") { a, _ in
            let p = try Metrics.predictions(a, "confusionMatrix")
            let m = Metrics.confusion(p)
            return Convert.wrap(try Tensor(shape: [p.classes, p.classes], values: m.flatMap { $0.map { Float($0) } }))
        }
        for (name, summary) in [("precision", "of the samples predicted as a class, the fraction that are"),
                                ("recall", "of the samples of a class, the fraction predicted as it"),
                                ("f1", "the harmonic mean of precision and recall")] {
            lib.add(name, ["output", "target", .defaulted("average", "macro"), .defaulted("threshold", 0.5),
                           .optional("classes", shown: "from the data")],
                    "\(summary); average: \"macro\" (mean over classes), \"micro\" (over samples), \"binary\" (class 1) or \"none\" (a tensor per class).") { a, _ in
                let p = try Metrics.predictions(a, name)
                return try Metrics.score(name, Metrics.confusion(p), average: try a.string("average"))
            }
        }
        lib.add("topKAccuracy", ["output", "target", .defaulted("k", 5)],
                "the fraction of samples whose class is among the k highest scores of their row of [n, classes].") { a, _ in
            .number(try Metrics.topK(try a.tensor("output"), try a.tensor("target"), k: try a.integer("k")))
        }
        lib.add("auc", ["scores", "target"],
                "the area under the ROC curve of scores for the positive class (target 1) against the rest (target 0); ties count half.") { a, _ in
            .number(try Metrics.auc(try a.tensor("scores"), try a.tensor("target")))
        }
        return lib
    }
}

/// Classification metrics on plain values: no graph is recorded.
enum Metrics {
    /// Predicted and true class of every sample, and how many classes there are.
    struct Predictions {
        var predicted: [Int], labels: [Int], classes: Int
    }

    /// The predictions of `output` against `target`, read from a metric's arguments.
    static func predictions(_ a: BoundArguments, _ op: String) throws -> Predictions {
        let output = try a.tensor("output", as: "the output of \(op)"), target = try a.tensor("target", as: "the target of \(op)")
        let n = output.rank == 0 ? 1 : output.shape[0]
        guard n > 0 else { throw ScriptError("ValueError", "\(op) of an empty batch is undefined") }
        let width = output.count / n
        let scores = try output.values(for: op)
        let predicted: [Int]
        if width == 1 {
            let threshold = try a.float("threshold")
            predicted = scores.map { $0 > threshold ? 1 : 0 }
        } else {
            guard output.rank == 2 else {
                throw ScriptError("ShapeError", "\(op): the output must be [n, classes] or [n], not \(output.shape)")
            }
            predicted = (0..<n).map { argmax(scores[($0 * width)..<(($0 + 1) * width)]) }
        }
        let labels: [Int]
        if target.count == n {
            labels = try target.values(for: op).enumerated().map { i, v in
                guard v >= 0, v == v.rounded(), v < Float(Int32.max) else {
                    throw ScriptError("ValueError", "\(op): target \(i) is \(Value.number(Double(v)).text), not a class index")
                }
                return Int(v)
            }
        } else if target.count == n * width && width > 1 {
            let t = try target.values(for: op)
            labels = (0..<n).map { argmax(t[($0 * width)..<(($0 + 1) * width)]) }
        } else {
            throw ScriptError("ShapeError", "\(op): the target of shape \(target.shape) does not match the output of shape \(output.shape) (expected \(n) labels or [\(n), \(width)] one-hot rows)")
        }
        let seen = max(width == 1 ? 2 : width, (labels.max() ?? 0) + 1)
        let classes = try a.signature.labels.contains("classes") ? a.given("classes")?.integer("classes") ?? seen : seen
        guard classes >= seen, classes <= 100_000 else {
            throw ScriptError("ValueError", "\(op): classes must cover the labels and predictions (at least \(seen), at most 100000), got \(classes)")
        }
        return Predictions(predicted: predicted, labels: labels, classes: classes)
    }

    /// `m[i][j]`: samples of class i predicted as j.
    static func confusion(_ p: Predictions) -> [[Int]] {
        var m = [[Int]](repeating: [Int](repeating: 0, count: p.classes), count: p.classes)
        for (label, predicted) in zip(p.labels, p.predicted) { m[label][predicted] += 1 }
        return m
    }

    /// Precision, recall or F1 from a confusion matrix; a class with no predicted (or no true) samples
    /// scores 0, as scikit-learn's `zero_division=0`.
    static func score(_ name: String, _ m: [[Int]], average: String) throws -> Value {
        let classes = m.count
        let truePositives = (0..<classes).map { m[$0][$0] }
        let predicted = (0..<classes).map { j in m.reduce(0) { $0 + $1[j] } }
        let actual = m.map { $0.reduce(0, +) }
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
        func value(tp: Int, predicted: Int, actual: Int) -> Double {
            let p = ratio(tp, predicted), r = ratio(tp, actual)
            switch name {
            case "precision": return p
            case "recall": return r
            default: return p + r == 0 ? 0 : 2 * p * r / (p + r)
            }
        }
        let perClass = (0..<classes).map { value(tp: truePositives[$0], predicted: predicted[$0], actual: actual[$0]) }
        switch average {
        case "none": return Convert.wrap(try Tensor(shape: [classes], values: perClass.map { Float($0) }))
        case "macro": return .number(perClass.reduce(0, +) / Double(classes))
        case "micro": return .number(value(tp: truePositives.reduce(0, +), predicted: predicted.reduce(0, +), actual: actual.reduce(0, +)))
        case "binary":
            guard classes == 2 else { throw ScriptError("ValueError", "\(name): average \"binary\" needs two classes, not \(classes)") }
            return .number(perClass[1])
        default:
            throw ScriptError("ValueError", "\(name): average must be \"macro\", \"micro\", \"binary\" or \"none\", not \(Value.quote(average))")
        }
    }

    static func topK(_ output: Tensor, _ target: Tensor, k: Int) throws -> Double {
        guard output.rank == 2, output.shape[0] > 0 else {
            throw ScriptError("ShapeError", "topKAccuracy: the output must be [n, classes] with n > 0, not \(output.shape)")
        }
        let n = output.shape[0], width = output.shape[1]
        guard k >= 1, k <= width else { throw ScriptError("ValueError", "topKAccuracy: k must be 1…\(width), got \(k)") }
        guard target.count == n else {
            throw ScriptError("ShapeError", "topKAccuracy: \(target.count) targets for \(n) rows")
        }
        let scores = try output.values(for: "topKAccuracy"), labels = try target.values(for: "topKAccuracy")
        var hits = 0
        for i in 0..<n {
            let row = scores[(i * width)..<((i + 1) * width)]
            let label = Int(labels[i])
            guard label >= 0, label < width, Float(label) == labels[i] else {
                throw ScriptError("ValueError", "topKAccuracy: target \(i) is \(Value.number(Double(labels[i])).text), not a class of 0…\(width - 1)")
            }
            // The label is in the top k when fewer than k classes score strictly higher.
            if row.filter({ $0 > row[row.startIndex + label] }).count < k { hits += 1 }
        }
        return Double(hits) / Double(n)
    }

    /// The Mann–Whitney form of the ROC area: the chance that a positive outscores a negative.
    static func auc(_ scores: Tensor, _ target: Tensor) throws -> Double {
        guard scores.count == target.count, scores.count > 0 else {
            throw ScriptError("ShapeError", "auc: \(scores.count) scores for \(target.count) targets")
        }
        let s = try scores.values(for: "auc"), t = try target.values(for: "auc")
        guard t.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw ScriptError("ValueError", "auc: targets must be 0 or 1") }
        let positives = zip(s, t).filter { $1 == 1 }.map(\.0), negatives = zip(s, t).filter { $1 == 0 }.map(\.0)
        guard !positives.isEmpty, !negatives.isEmpty else {
            throw ScriptError("ValueError", "auc: needs both positive and negative targets")
        }
        // Ranks with ties averaged, in one sort.
        let order = s.indices.sorted { s[$0] < s[$1] }
        var ranks = [Double](repeating: 0, count: s.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && s[order[j + 1]] == s[order[i]] { j += 1 }
            for k in i...j { ranks[order[k]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        let positiveRanks = s.indices.filter { t[$0] == 1 }.reduce(0) { $0 + ranks[$1] }
        let np = Double(positives.count), nn = Double(negatives.count)
        return (positiveRanks - np * (np + 1) / 2) / (np * nn)
    }

    private static func argmax(_ row: ArraySlice<Float>) -> Int {
        var best = row.startIndex
        for i in row.indices where row[i] > row[best] { best = i }
        return best - row.startIndex
    }
}
