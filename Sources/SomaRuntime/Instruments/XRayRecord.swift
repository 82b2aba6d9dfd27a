import Plot

/// What `fit(..., xray: true)` measured inside the network, per layer, at every recorded step, and
/// what it diagnosed: kept in `history.xray` for plotting afterwards.
struct XRayRecord {
    /// The layers with weights, input side first, as the diagnoses name them.
    var layers: [String] = []
    /// When each recorded step happened, in epochs (0.5: half way through the first).
    var steps: [Double] = []
    /// metric → layer → one value per recorded step (NaN where the layer has none).
    var series: [String: [String: [Double]]] = [:]
    /// Every diagnosis, in the order made.
    var diagnoses: [String] = []

    /// The metrics, in the order they are drawn, with their descriptions.
    static let metrics: [(name: String, title: String, log: Bool)] = [
        ("gradNorm", "gradient norm", true),
        ("updateRatio", "update / weight", true),
        ("activationStd", "activation std (layer input)", false),
        ("activationMean", "activation mean (layer input)", false),
        ("saturated", "saturated share (layer input)", false),
        ("dead", "dead ReLU share (layer input)", false),
        ("weightDrift", "weight norm / initial", false),
    ]

    mutating func append(step: Double, _ values: [String: [String: Double]]) {
        steps.append(step)
        for (metric, _, _) in Self.metrics {
            for layer in layers {
                series[metric, default: [:]][layer, default: []].append(values[metric]?[layer] ?? .nan)
            }
        }
    }

    /// One small chart per metric that has values: a line per layer, against epochs.
    func charts(metrics names: [String]? = nil) -> [Chart] {
        Self.metrics.filter { names?.contains($0.name) ?? true }.compactMap { metric in
            guard let byLayer = series[metric.name] else { return nil }
            let lines = layers.enumerated().compactMap { k, layer -> Series? in
                guard let ys = byLayer[layer], ys.contains(where: \.isFinite) else { return nil }
                return Series(layer, x: steps, y: ys, color: k)
            }
            guard !lines.isEmpty else { return nil }
            let positive = lines.allSatisfy { $0.y.allSatisfy { !$0.isFinite || $0 > 0 } }
            return Chart.line(series: lines, title: metric.title, xLabel: "epoch", logY: metric.log && positive)
        }
    }
}
