import Script
import TensorEngine

/// Metrics for `fit(…, metrics: [accuracy])` and hand-written loops.
extension Library {
    static func metrics() -> Library {
        var lib = Library()
        lib.add("accuracy", ["output", "target", .defaulted("threshold", 0.5)],
                "the fraction of correct predictions: the arg-max class of each row of [n, classes] scores against class indices (or one-hot rows); one score per sample ([n] or [n, 1]) is class 1 above threshold.") { a, _ in
            .number(try Metrics.accuracy(try a.tensor("output", as: "the output of accuracy"), try a.tensor("target", as: "the target of accuracy"),
                                         threshold: try a.float("threshold")))
        }
        return lib
    }
}

/// Classification accuracy on plain values: no graph is recorded.
enum Metrics {
    static func accuracy(_ output: Tensor, _ target: Tensor, threshold: Float) throws -> Double {
        let n = output.rank == 0 ? 1 : output.shape[0]
        guard n > 0 else { throw ScriptError("ValueError", "accuracy of an empty batch is undefined") }
        let width = output.count / n
        let scores = try output.values(for: "accuracy")
        let predicted: [Float]
        if width == 1 {
            predicted = scores.map { $0 > threshold ? 1 : 0 }
        } else {
            guard output.rank == 2 else {
                throw ScriptError("ShapeError", "accuracy: the output must be [n, classes] or [n], not \(output.shape)")
            }
            predicted = (0..<n).map { Float(argmax(scores[(($0) * width)..<(($0 + 1) * width)])) }
        }
        let labels: [Float]
        if target.count == n {
            labels = try target.values(for: "accuracy")
        } else if target.count == n * width && width > 1 {
            let t = try target.values(for: "accuracy")
            labels = (0..<n).map { Float(argmax(t[($0 * width)..<(($0 + 1) * width)])) }
        } else {
            throw ScriptError("ShapeError", "accuracy: the target of shape \(target.shape) does not match the output of shape \(output.shape) (expected \(n) labels or [\(n), \(width)] one-hot rows)")
        }
        let correct = zip(predicted, labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
        return Double(correct) / Double(n)
    }

    private static func argmax(_ row: ArraySlice<Float>) -> Int {
        var best = row.startIndex
        for i in row.indices where row[i] > row[best] { best = i }
        return best - row.startIndex
    }
}
