// Scatter plots: points colored by class, with a legend.

extension Chart {
    /// A scatter plot of `points` (each `[x, y]`; shorter rows are skipped), colored by class when
    /// `labels` gives one per point. Integral labels 0, 1, 2, … take palette colors 0, 1, 2, … (as in
    /// `decisionBoundary`); `classNames[k]` names class k in the legend.
    public static func scatter(points: [[Double]], labels: [Double]? = nil, classNames: [String]? = nil,
                               title: String = "", xLabel: String = "", yLabel: String = "") -> Chart {
        let xs = points.map { $0.count >= 2 ? $0[0] : .nan }
        let ys = points.map { $0.count >= 2 ? $0[1] : .nan }
        return scatter(x: xs, y: ys, labels: labels, classNames: classNames, title: title, xLabel: xLabel, yLabel: yLabel)
    }

    /// A scatter plot of points given as separate x and y arrays; see `scatter(points:labels:…)`.
    public static func scatter(x: [Double], y: [Double], labels: [Double]? = nil, classNames: [String]? = nil,
                               title: String = "", xLabel: String = "", yLabel: String = "") -> Chart {
        Chart(.plot(classSeries(x: x, y: y, labels: labels, classNames: classNames).map { .points($0) }),
              title: title, xLabel: xLabel, yLabel: yLabel)
    }

    /// A scatter plot with text labels: one class per distinct label, in order of first appearance.
    public static func scatter(points: [[Double]], labels: [String], title: String = "", xLabel: String = "",
                               yLabel: String = "") -> Chart {
        var order: [String] = []
        var index: [String: Int] = [:]
        for label in labels where index[label] == nil {
            index[label] = order.count
            order.append(label)
        }
        let numeric = (0..<points.count).map { i in i < labels.count ? Double(index[labels[i]]!) : .nan }
        return scatter(points: points, labels: numeric, classNames: order, title: title, xLabel: xLabel, yLabel: yLabel)
    }

    /// A scatter plot of ready-made series (one color and legend entry each).
    public static func scatter(series: [Series], title: String = "", xLabel: String = "", yLabel: String = "") -> Chart {
        let marks: [Mark] = series.enumerated().map { i, s in
            var s = s
            if s.color == nil { s.color = i }
            return .points(s)
        }
        return Chart(.plot(marks), title: title, xLabel: xLabel, yLabel: yLabel)
    }

    /// Splits points into one series per class label. Points whose label is missing or NaN are dropped.
    static func classSeries(x: [Double], y: [Double], labels: [Double]?, classNames: [String]?) -> [Series] {
        let n = min(x.count, y.count)
        guard let labels else { return [Series("", x: Array(x[..<n]), y: Array(y[..<n]), color: 0)] }
        var groups: [Double: (xs: [Double], ys: [Double])] = [:]
        for i in 0..<min(n, labels.count) where labels[i].isFinite {
            groups[labels[i], default: ([], [])].xs.append(x[i])
            groups[labels[i], default: ([], [])].ys.append(y[i])
        }
        let classes = groups.keys.sorted()
        let integral = classes.allSatisfy { $0 >= 0 && $0 == $0.rounded() && $0 < 1e6 }
        return classes.enumerated().map { rank, label in
            let k = integral ? Int(label) : rank
            let name: String
            if integral, let classNames, k < classNames.count {
                name = classNames[k]
            } else {
                name = NumberFormat.compact(label)
            }
            return Series(name, x: groups[label]!.xs, y: groups[label]!.ys, color: k)
        }
    }
}
