import Plot
import Script
import TensorEngine

/// Charts: line plots, scatter plots, heatmaps, histograms, bar charts, decision boundaries, grids.
extension Library {
    static func plots() -> Library {
        var lib = Library()
        addRichOutput(&lib)
        let labels: [Signature.Parameter] = [.defaulted("title", ""), .defaulted("xlabel", ""), .defaulted("ylabel", "")]
        lib.add("plot", ["y", .optional("x", shown: "0, 1, …")] + labels
                    + [.defaulted("logy", false), .defaulted("markers", false), .optional("labels")],
                "a line chart of one series (a list or tensor), or of several (a list of lists, a [series, points] tensor, or a dictionary name → values).") { a, _ in
            let x = try a.given("x").map { try numbers($0, "x") }
            let names = try a.given("labels").map { try $0.sequence("labels").map(\.text) } ?? []
            var series: [Series] = []
            switch try a.value("y") {
            case .dictionary(let d):
                for (k, values) in zip(d.keys, d.values) { series.append(Series(k.text, x: x, y: try numbers(values, "the series \(k.repr)"))) }
            case .list(let l) where l.items.first.map(isSequence) ?? false:
                for (i, item) in l.items.enumerated() {
                    series.append(Series(i < names.count ? names[i] : "", x: x, y: try numbers(item, "series \(i)")))
                }
            case .object(let o as TensorValue) where o.tensor.rank == 2:
                let rows = o.tensor.shape[0], cols = o.tensor.shape[1], values = try doubles(o.tensor, "heatmap")
                for r in 0..<rows {
                    series.append(Series(r < names.count ? names[r] : "", x: x, y: Array(values[(r * cols)..<((r + 1) * cols)])))
                }
            case let y:
                series = [Series(names.first ?? "", x: x, y: try numbers(y, "y"))]
            }
            return chart(Chart.line(series: series, title: try a.string("title"), xLabel: try a.string("xlabel"), yLabel: try a.string("ylabel"),
                                    logY: try a.boolean("logy"), markers: try a.boolean("markers")))
        }
        lib.add("scatter", ["points", .optional("y"), .optional("labels"), .optional("classes")] + labels,
                "points (an [n, 2] tensor, or x and y), colored by class label and named in the legend by classes.") { a, _ in
            let (xs, ys) = try coordinates(try a.value("points"), try a["y"])
            return chart(Chart.scatter(x: xs, y: ys, labels: try a.given("labels").map { try numbers($0, "labels") },
                                       classNames: try a.given("classes").map { try $0.sequence("classes").map(\.text) },
                                       title: try a.string("title"), xLabel: try a.string("xlabel"), yLabel: try a.string("ylabel")))
        }
        lib.add("heatmap", ["matrix", .optional("rows"), .optional("columns"), .defaulted("colormap", "viridis"), .defaulted("annotate", false),
                            .optional("min"), .optional("max")] + labels,
                "a matrix as colored cells with a color bar.") { a, _ in
            let matrix = try self.matrix(try a.value("matrix"), "matrix")
            let name = try a.string("colormap")
            guard let map = Colormap(name: name) else {
                throw ScriptError("ValueError", "unknown colormap \(Value.quote(name)) (choose from \(Colormap.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var range: ClosedRange<Double>?
            if let lo = try a.given("min")?.number("min"), let hi = try a.given("max")?.number("max") {
                guard lo < hi else { throw ScriptError("ValueError", "heatmap: min (\(lo)) must be below max (\(hi))") }
                range = lo...hi
            }
            return chart(Chart.heatmap(values: matrix, rowLabels: try a.given("rows").map { try $0.sequence("rows").map(\.text) } ?? [],
                                       columnLabels: try a.given("columns").map { try $0.sequence("columns").map(\.text) } ?? [],
                                       colormap: map, annotate: try a.boolean("annotate"), range: range,
                                       title: try a.string("title"), xLabel: try a.string("xlabel"), yLabel: try a.string("ylabel")))
        }
        lib.add("hist", ["values", .optional("bins", shown: "auto"), .defaulted("title", ""), .defaulted("xlabel", "")],
                "a histogram (weights, gradients, activations).") { a, _ in
            let bins = try a.given("bins")?.integer("bins")
            if let bins, bins < 1 { throw ScriptError("ValueError", "hist: bins must be at least 1 (got \(bins))") }
            return chart(Chart.histogram(values: try numbers(try a.value("values"), "values"), bins: bins, title: try a.string("title"),
                                         xLabel: try a.string("xlabel")))
        }
        lib.add("bar", ["categories", "values"] + labels, "a bar chart.") { a, _ in
            let categories = try a.sequence("categories").map(\.text), values = try numbers(try a.value("values"), "values")
            guard categories.count == values.count else {
                throw ScriptError("ValueError", "bar: \(categories.count) categories but \(values.count) values")
            }
            return chart(Chart.bar(categories: categories, values: values, title: try a.string("title"), xLabel: try a.string("xlabel"),
                                   yLabel: try a.string("ylabel")))
        }
        lib.add("decisionBoundary", ["model", "x", "y", .defaulted("steps", 60)] + labels + [.optional("classes")],
                "a 2-D classifier's prediction over the plane of the points x ([n, 2]), with the points colored by their labels y (named in the legend by classes).") { a, vm in
            let points = try a.tensor("x")
            guard points.rank == 2, points.shape[1] == 2 else {
                throw ScriptError("ShapeError", "decisionBoundary: x must have shape [n, 2], not \(points.shape)")
            }
            let labels = try numbers(try a.value("y"), "y")
            let steps = try a.integer("steps")
            guard steps >= 2 && steps <= 400 else { throw ScriptError("ValueError", "decisionBoundary: steps must be in 2...400") }
            let p = try doubles(points, "decisionBoundary")
            let xs = stride(from: 0, to: p.count, by: 2).map { p[$0] }, ys = stride(from: 1, to: p.count, by: 2).map { p[$0] }
            func padded(_ values: [Double]) -> ClosedRange<Double> {
                // NaN and infinite points are left out of the range: a NaN bound makes no range at all.
                let finite = values.filter(\.isFinite)
                let lo = finite.min() ?? 0, hi = finite.max() ?? 1, pad = max((hi - lo) * 0.1, 1e-3)
                return (lo - pad)...(hi + pad)
            }
            let xr = padded(xs), yr = padded(ys)
            var grid: [Float] = []
            for j in 0..<steps {
                for i in 0..<steps {
                    grid.append(Float(xr.lowerBound + (xr.upperBound - xr.lowerBound) * Double(i) / Double(steps - 1)))
                    grid.append(Float(yr.lowerBound + (yr.upperBound - yr.lowerBound) * Double(j) / Double(steps - 1)))
                }
            }
            let input = try Tensor(shape: [steps * steps, 2], values: grid)
            let model = try a.value("model")
            let output = try noGrad { try Convert.tensor(try vm.call(model, Arguments([Convert.wrap(input)])), "the model's output") }
            // One output column: a probability or score; several: the predicted class.
            let predicted: [Double] = output.rank == 2 && output.shape[1] > 1
                ? try doubles(try output.argmax(axis: 1), "decisionBoundary") : try doubles(output, "decisionBoundary")
            guard predicted.count == steps * steps else {
                throw ScriptError("ShapeError", "decisionBoundary: the model gave \(output.shape) for \(steps * steps) points")
            }
            let rows = (0..<steps).map { Array(predicted[($0 * steps)..<(($0 + 1) * steps)]) }
            return chart(Chart.decisionBoundary(grid: rows, xRange: xr, yRange: yr, points: zip(xs, ys).map { [$0, $1] },
                                                labels: labels, classNames: try a.given("classes").map { try $0.sequence("classes").map(\.text) },
                                                title: try a.string("title"), xLabel: try a.string("xlabel"), yLabel: try a.string("ylabel")))
        }
        lib.add("grid", ["charts", .optional("columns", shown: "auto"), .defaulted("title", "")], "charts side by side as small multiples.") { a, _ in
            let charts = try a.sequence("charts").enumerated().map { i, c -> Chart in
                guard case .object(let o as ChartValue) = c else { throw ScriptError("TypeError", "grid: item \(i) is a \(c.typeName), not a chart") }
                return o.chart
            }
            return chart(Chart.grid(charts, columns: try a.given("columns")?.integer("columns"), title: try a.string("title")))
        }
        return lib
    }

    static func chart(_ c: Chart) -> Value { .object(ChartValue(c)) }

    static func isSequence(_ v: Value) -> Bool {
        switch v {
        case .list, .range: return true
        case .object(let o): return o is TensorValue
        default: return false
        }
    }

    /// A tensor's values as Doubles for a chart, or a MemoryError when memory cannot hold them now.
    static func doubles(_ t: Tensor, _ what: String) throws -> [Double] {
        try t.elements(as: Double.self, op: what)
    }

    /// Numbers from a list of numbers or a tensor (flattened).
    static func numbers(_ v: Value, _ what: String) throws -> [Double] {
        if case .object(let o as TensorValue) = v { return try doubles(o.tensor, what) }
        return try v.sequence(what).map { try $0.number("each value of \(what)") }
    }

    /// Rows of numbers from a rank-2 tensor or a list of lists.
    static func matrix(_ v: Value, _ what: String) throws -> [[Double]] {
        let t = try Convert.tensor(v, what)
        guard t.rank == 2 else { throw ScriptError("ShapeError", "\(what) must be a matrix (rank 2), not shape \(t.shape)") }
        let cols = t.shape[1], values = try doubles(t, what)
        return (0..<t.shape[0]).map { Array(values[($0 * cols)..<(($0 + 1) * cols)]) }
    }

    /// x and y from an [n, 2] tensor / list of pairs, or from two sequences.
    static func coordinates(_ first: Value, _ second: Value?) throws -> ([Double], [Double]) {
        if let second {
            // scatter(points, labels) reads labels as the y coordinates: say what went wrong.
            if case .object(let o as TensorValue) = first, o.tensor.rank == 2, o.tensor.shape[1] == 2 {
                throw ScriptError("TypeError", "scatter: points \(o.tensor.shape) already holds x and y; pass class labels as labels: (scatter(points, labels: y))")
            }
            let (xs, ys) = (try numbers(first, "x"), try numbers(second, "y"))
            guard xs.count == ys.count else {
                throw ScriptError("ShapeError", "scatter: x has \(xs.count) values but y has \(ys.count)")
            }
            return (xs, ys)
        }
        let t = try Convert.tensor(first, "points")
        guard t.rank == 2, t.shape[1] == 2 else { throw ScriptError("ShapeError", "points must have shape [n, 2], not \(t.shape)") }
        let p = try doubles(t, "points")
        return (stride(from: 0, to: p.count, by: 2).map { p[$0] }, stride(from: 1, to: p.count, by: 2).map { p[$0] })
    }
}
