@testable import Plot
import Testing

/// Awkward data never crashes a chart, and every form stays well-formed.
@Suite struct RobustnessTests {
    static let awkward: [[Double]] = [
        [], [.nan], [.infinity, -.infinity], [0], [-1, -1], [1e308, -1e308], [.greatestFiniteMagnitude],
        [.leastNonzeroMagnitude, .leastNormalMagnitude / 1000], [1e-300, 1e300], [0, 1e-15], [1, 1 + 1e-15], [-0.0, 0.0], [1, .nan, -3, .infinity, 2e9],
        (0..<500).map { Double($0 % 7) - 3 },
    ]

    static func charts(_ data: [Double]) -> [Chart] {
        let points = zip(data, data.reversed()).map { [$0, $1] }
        let labels = data.map { $0.isFinite ? Double(abs(Int(exactly: $0.rounded()) ?? 1) % 3) : $0 }
        let side = max(1, Int(Double(data.count).squareRoot()))
        let grid = (0..<side).map { r in (0..<side).map { c in r * side + c < data.count ? data[r * side + c] : .nan } }
        return [
            Chart.line(data), Chart.line(data, logY: true, markers: true),
            Chart.line(series: [Series("a", x: data, y: data), Series("b", x: data.reversed(), y: data)]),
            Chart.scatter(points: points, labels: labels), Chart.scatter(x: data, y: data),
            Chart.histogram(values: data), Chart.histogram(values: data, bins: 0), Chart.histogram(values: data, edges: data),
            Chart.bar(categories: data.map { "\($0)" }, values: data),
            Chart.heatmap(values: grid), Chart.heatmap(values: grid, colormap: .diverging, annotate: true),
            Chart.heatmap(values: grid, range: -1...1),
            Chart.decisionBoundary(grid: grid, xRange: -1...1, yRange: 0...0, points: points, labels: labels),
            Chart.decisionBoundary(grid: grid, xRange: -1e308...1e308, yRange: -1...1, points: points, labels: labels),
            Chart.grid([Chart.line(data), Chart.heatmap(values: grid)], columns: 0),
            Chart.line(data).sized(width: .nan, height: -5), Chart.line(data).sized(width: 61, height: 41),
        ]
    }

    @Test(arguments: awkward)
    func everyChartRendersWellFormed(_ data: [Double]) throws {
        for chart in RobustnessTests.charts(data) {
            _ = try svgTree(chart)
            for ascii in [false, true] {
                let text = chart.text(width: 20, height: 5, ascii: ascii)
                #expect(!text.isEmpty)
                #expect(!text.contains("nan") || chart.content.isBarsOrHeatmap, "NaN never reaches an axis label")
            }
            _ = chart.text(width: 0, height: 0)
            _ = chart.text(width: Int.max, height: 3, color: true).count
        }
    }

    @Test func tinyAndHugeSizes() throws {
        let chart = Chart.line(series: [Series("a very long series name that goes on and on", [1, 2, 3])], title: String(repeating: "T", count: 500))
        for (w, h) in [(60.0, 40.0), (10_000.0, 40.0), (60.0, 10_000.0)] {
            _ = try svgTree(chart.sized(width: w, height: h))
        }
        var raw = chart
        raw.width = -100
        raw.height = .infinity
        _ = try XML.parse(raw.svg())
    }
}

extension Chart.Content {
    /// Bars and heatmaps print their values, NaN included.
    var isBarsOrHeatmap: Bool {
        switch self {
        case .bars, .heatmap, .grid: return true
        case .plot(let marks): return marks.allSatisfy { if case .bars = $0 { return true } else { return false } }
        }
    }
}
