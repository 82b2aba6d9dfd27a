import Plot
import Script
import Tensor

/// Charts: line plots, scatter plots, heatmaps, histograms, bar charts, decision boundaries, grids.
extension Library {
    static func plots() -> Library {
        var lib = Library()
        lib.add("plot", "plot(y, x: nil, title:, xlabel:, ylabel:, logy: false, markers: false, labels: nil) — a line chart of one series (a list or tensor), or of several (a list of lists, or a dictionary name → values).") { a, _ in
            let v = try a.bind("plot", ["y", "x", "title", "xlabel", "ylabel", "logy", "markers", "labels"], required: 1)
            let x = try v[1].map { try numbers($0, "x") }
            var series: [Series] = []
            switch v[0]! {
            case .dictionary(let d):
                for (k, values) in zip(d.keys, d.values) { series.append(Series(k.text, x: x, y: try numbers(values, "the series \(k.repr)"))) }
            case .list(let l) where l.items.first.map(isSequence) ?? false:
                let names = try v[7].map { try $0.sequence("labels").map(\.text) } ?? []
                for (i, item) in l.items.enumerated() {
                    series.append(Series(i < names.count ? names[i] : "", x: x, y: try numbers(item, "series \(i)")))
                }
            case .object(let o as TensorValue) where o.tensor.rank == 2:
                let names = try v[7].map { try $0.sequence("labels").map(\.text) } ?? []
                let rows = o.tensor.shape[0], cols = o.tensor.shape[1], values = try doubles(o.tensor, "heatmap")
                for r in 0..<rows {
                    series.append(Series(r < names.count ? names[r] : "", x: x, y: Array(values[(r * cols)..<((r + 1) * cols)])))
                }
            default:
                let name = try v[7].flatMap { try $0.sequence("labels").first?.text } ?? ""
                series = [Series(name, x: x, y: try numbers(v[0]!, "y"))]
            }
            return chart(Chart.line(series: series, title: try text(v[2]), xLabel: try text(v[3]), yLabel: try text(v[4]),
                                    logY: try v[5]?.boolean("logy") ?? false, markers: try v[6]?.boolean("markers") ?? false))
        }
        lib.add("scatter", "scatter(points or x, y: nil, labels: nil, classes: nil, title:, xlabel:, ylabel:) — points (an [n, 2] tensor or x and y), colored by class label.") { a, _ in
            let v = try a.bind("scatter", ["points", "y", "labels", "classes", "title", "xlabel", "ylabel"], required: 1)
            let (xs, ys) = try coordinates(v[0]!, v[1])
            let labels = try v[2].map { try numbers($0, "labels") }
            let classes = try v[3].map { try $0.sequence("classes").map(\.text) }
            return chart(Chart.scatter(x: xs, y: ys, labels: labels, classNames: classes, title: try text(v[4]),
                                       xLabel: try text(v[5]), yLabel: try text(v[6])))
        }
        lib.add("heatmap", "heatmap(matrix, rows: nil, columns: nil, colormap: \"viridis\", annotate: false, min: nil, max: nil, title:, xlabel:, ylabel:) — a matrix as colored cells with a color bar.") { a, _ in
            let v = try a.bind("heatmap", ["matrix", "rows", "columns", "colormap", "annotate", "min", "max", "title", "xlabel", "ylabel"], required: 1)
            let matrix = try self.matrix(v[0]!, "matrix")
            let map = try v[3].map { value -> Colormap in
                let name = try value.string("colormap")
                guard let m = Colormap(name: name) else {
                    throw ScriptError("ValueError", "unknown colormap \(Value.quote(name)) (choose from \(Colormap.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return m
            } ?? .viridis
            var range: ClosedRange<Double>?
            if let lo = try v[5]?.number("min"), let hi = try v[6]?.number("max") {
                guard lo < hi else { throw ScriptError("ValueError", "heatmap: min (\(lo)) must be below max (\(hi))") }
                range = lo...hi
            }
            return chart(Chart.heatmap(values: matrix, rowLabels: try v[1].map { try $0.sequence("rows").map(\.text) } ?? [],
                                       columnLabels: try v[2].map { try $0.sequence("columns").map(\.text) } ?? [],
                                       colormap: map, annotate: try v[4]?.boolean("annotate") ?? false, range: range,
                                       title: try text(v[7]), xLabel: try text(v[8]), yLabel: try text(v[9])))
        }
        lib.add("hist", "hist(values, bins: nil, title:, xlabel:) — a histogram (weights, gradients, activations).") { a, _ in
            let v = try a.bind("hist", ["values", "bins", "title", "xlabel"], required: 1)
            let bins = try v[1]?.integer("bins")
            if let bins, bins < 1 { throw ScriptError("ValueError", "hist: bins must be at least 1 (got \(bins))") }
            return chart(Chart.histogram(values: try numbers(v[0]!, "values"), bins: bins, title: try text(v[2]), xLabel: try text(v[3])))
        }
        lib.add("bar", "bar(categories, values, title:, xlabel:, ylabel:) — a bar chart.") { a, _ in
            let v = try a.bind("bar", ["categories", "values", "title", "xlabel", "ylabel"], required: 2)
            let categories = try v[0]!.sequence("categories").map(\.text), values = try numbers(v[1]!, "values")
            guard categories.count == values.count else {
                throw ScriptError("ValueError", "bar: \(categories.count) categories but \(values.count) values")
            }
            return chart(Chart.bar(categories: categories, values: values, title: try text(v[2]), xLabel: try text(v[3]), yLabel: try text(v[4])))
        }
        lib.add("decisionBoundary", "decisionBoundary(model, x, y, steps: 60, classes: nil, title:) — a 2-D classifier's prediction over the plane of the points x ([n, 2]), with the points colored by their labels y (named in the legend by classes).") { a, vm in
            let v = try a.bind("decisionBoundary", ["model", "x", "y", "steps", "title", "xlabel", "ylabel", "classes"], required: 3)
            let points = try Convert.tensor(v[1]!, "x")
            guard points.rank == 2, points.shape[1] == 2 else {
                throw ScriptError("ShapeError", "decisionBoundary: x must have shape [n, 2], not \(points.shape)")
            }
            let labels = try numbers(v[2]!, "y")
            let steps = try v[3]?.integer("steps") ?? 60
            guard steps >= 2 && steps <= 400 else { throw ScriptError("ValueError", "decisionBoundary: steps must be in 2...400") }
            let p = try doubles(points, "decisionBoundary")
            let xs = stride(from: 0, to: p.count, by: 2).map { p[$0] }, ys = stride(from: 1, to: p.count, by: 2).map { p[$0] }
            func padded(_ values: [Double]) -> ClosedRange<Double> {
                let lo = values.min() ?? 0, hi = values.max() ?? 1, pad = max((hi - lo) * 0.1, 1e-3)
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
            let output = try noGrad { try Convert.tensor(try vm.call(v[0]!, Arguments([Convert.wrap(input)])), "the model's output") }
            // One output column: a probability or score; several: the predicted class.
            let predicted: [Double] = output.rank == 2 && output.shape[1] > 1
                ? try doubles(try output.argmax(axis: 1), "decisionBoundary") : try doubles(output, "decisionBoundary")
            guard predicted.count == steps * steps else {
                throw ScriptError("ShapeError", "decisionBoundary: the model gave \(output.shape) for \(steps * steps) points")
            }
            let rows = (0..<steps).map { Array(predicted[($0 * steps)..<(($0 + 1) * steps)]) }
            return chart(Chart.decisionBoundary(grid: rows, xRange: xr, yRange: yr, points: zip(xs, ys).map { [$0, $1] },
                                                labels: labels, classNames: try v[7].map { try $0.sequence("classes").map(\.text) },
                                                title: try text(v[4]), xLabel: try text(v[5]), yLabel: try text(v[6])))
        }
        lib.add("grid", "grid(charts, columns: nil, title:) — charts side by side as small multiples.") { a, _ in
            let v = try a.bind("grid", ["charts", "columns", "title"], required: 1)
            let charts = try v[0]!.sequence("charts").enumerated().map { i, c -> Chart in
                guard case .object(let o as ChartValue) = c else { throw ScriptError("TypeError", "grid: item \(i) is a \(c.typeName), not a chart") }
                return o.chart
            }
            return chart(Chart.grid(charts, columns: try v[1]?.integer("columns"), title: try text(v[2])))
        }
        return lib
    }

    static func chart(_ c: Chart) -> Value { .object(ChartValue(c)) }

    static func text(_ v: Value?) throws -> String { try v?.string("a title or label") ?? "" }

    static func isSequence(_ v: Value) -> Bool {
        switch v {
        case .list, .range: return true
        case .object(let o): return o is TensorValue
        default: return false
        }
    }

    /// A tensor's values as Doubles for a chart, or a MemoryError when memory cannot hold them now.
    static func doubles(_ t: Tensor, _ what: String) throws -> [Double] {
        guard Memory.available(bytes: t.count * (MemoryLayout<Float>.stride + MemoryLayout<Double>.stride)) else {
            throw TensorError(.memory, Memory.cannotAllocate(t.shape, op: what))
        }
        return t.values.map(Double.init)
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
        if let second { return (try numbers(first, "x"), try numbers(second, "y")) }
        let t = try Convert.tensor(first, "points")
        guard t.rank == 2, t.shape[1] == 2 else { throw ScriptError("ShapeError", "points must have shape [n, 2], not \(t.shape)") }
        let p = try doubles(t, "points")
        return (stride(from: 0, to: p.count, by: 2).map { p[$0] }, stride(from: 1, to: p.count, by: 2).map { p[$0] })
    }
}
