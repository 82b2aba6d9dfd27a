@testable import Plot
import Testing

/// Layout found wrong in the browser screenshots (docs/screenshots.py): each test pins one fix.
@Suite struct LayoutTests {
    @Test func textWidthsFollowTheLetters() {
        #expect(TextMetrics.width("iiii", size: 10) < TextMetrics.width("mmmm", size: 10) / 2)
        #expect(abs(TextMetrics.width("0.25", size: 10) - 10 * (0.64 * 3 + 0.32)) < 1e-9)
        #expect(TextMetrics.width("loss", size: 12, bold: true) > TextMetrics.width("loss", size: 12))
        #expect(TextMetrics.width("x₁", size: 10) < TextMetrics.width("x1", size: 10))
        #expect(TextMetrics.width("損失", size: 10) == 20)
        // DejaVu Sans draws "SGD + momentum" at 12 px about 103 px wide; the estimate must not fall short.
        #expect(TextMetrics.width("SGD + momentum", size: 12) >= 103)
    }

    @Test func legendNamesStayInsideTheChart() throws {
        let names = ["SGD", "SGD + momentum", "Adam with weight decay"]
        let chart = Chart.line(series: names.enumerated().map { i, n in Series(n, (0..<10).map { Double($0 + i) }) })
        let root = try svgTree(chart)
        for entry in root.withClass("legend-entry") {
            let text = entry.all("text")[0]
            let end = text.number("x")! + TextMetrics.width(text.allText, size: AxesFrame.labelSize)
            #expect(end <= chart.width - 4, "\(text.allText) ends at \(end)")
        }
    }

    @Test func logAxisFitsDataWithinADecadeAndAHalf() {
        let ticks = Ticks.fittedLog(0.046, 0.73, maxDecades: 8)
        #expect(ticks.lower > 0.04 && ticks.lower < 0.046 && ticks.upper > 0.73 && ticks.upper < 0.8)
        #expect(ticks.values == [0.05, 0.1, 0.2, 0.5])
        #expect(ticks.labels == ["0.05", "0.1", "0.2", "0.5"])
        // Data filling whole decades keeps them.
        let decades = Ticks.fittedLog(0.0011, 0.98, maxDecades: 8)
        #expect(decades.values == [0.001, 0.01, 0.1, 1] && decades.lower == 0.001 && decades.upper == 1)
        // Far from 1: multiples of powers of ten in scientific form.
        let tiny = Ticks.fittedLog(2.1e-7, 9e-7, maxDecades: 8)
        #expect(tiny.labels.first == "3×10⁻⁷" && tiny.values.count >= 3)
    }

    @Test func logMinorGridLinesStayInsideTheAxis() throws {
        let chart = Chart.line([0.73, 0.4, 0.2, 0.1, 0.046], logY: true)
        let root = try svgTree(chart)
        let frameTop = root.first(class: "axes")!.all("path")[0].attributes["d"]!
        let top = Double(frameTop.split(separator: " ")[1].split(separator: "V")[0])!
        let lines = root.first(class: "grid")!.all("line")
        #expect(lines.allSatisfy { $0.number("y1")! >= top - 1e-9 })
        #expect(lines.filter { $0.attributes["stroke-opacity"] != nil }.count >= 5, "minor lines at 0.06 … 0.4")
    }

    @Test func barValuesAtTheTopGoInsideTheBars() throws {
        let chart = Chart.bar(categories: ["a", "b", "c"], values: [1, 0.5, 0.98], title: "accuracy")
        let root = try svgTree(chart)
        let values = root.first(class: "values")!.all("text")
        #expect(values.map(\.allText) == ["1", "0.5", "0.98"])
        #expect(values[0].attributes["fill"] == "#fff" && values[2].attributes["fill"] == "#fff")
        #expect(values[1].attributes["fill"] == nil, "a short bar keeps its value above it")
        let title = root.withClass("title")[0].number("y")!
        #expect(values.allSatisfy { $0.number("y")! > title + 15 })
    }

    @Test func decisionRegionsOverlapSoNoSeamShows() throws {
        let grid = (0..<4).map { r in (0..<4).map { c in Double((r + c) % 2) } }
        let chart = Chart.decisionBoundary(grid: grid, xRange: 0...1, yRange: 0...1)
        let rects = try svgTree(chart).first(class: "field")!.all("rect")
        #expect(rects.count == 16)
        let height = (rects.map { $0.number("height")! }.min())!
        // Rows below the top one reach half a pixel up into the next row.
        #expect(rects.contains { abs($0.number("height")! - height - 0.5) < 0.01 })
    }

    @Test func gridsFitANotebookCell() throws {
        let panels = (0..<16).map { k in Chart.heatmap(values: [[Double(k), 1], [2, 3]], title: "unit \(k)") }
        let wide = Chart.grid(panels, columns: 8)
        #expect(wide.width == Chart.maxGridWidth && wide.width == 880)
        let root = try svgTree(wide)
        #expect(root.withClass("colorbar").isEmpty, "110-pixel panels have no room for color bars")
        #expect(root.withClass("title").dropFirst().allSatisfy { $0.attributes["font-size"] == "12" })
        #expect(Chart.grid(panels, columns: 8, cellWidth: 200).width == 1600, "a given cell width is kept")
        #expect(try svgTree(Chart.grid(Array(panels.prefix(4)), columns: 2)).withClass("colorbar").count == 4)
    }

    @Test func heatmapLeavesRoomBelowTheColorBar() throws {
        let chart = Chart.heatmap(values: [[0, 15], [7, 3]], colormap: .grayReversed)
        let root = try svgTree(chart)
        let lowest = root.first(class: "colorbar-ticks")!.all("text").map { $0.number("y")! }.max()!
        #expect(lowest + 4 <= chart.height, "the lowest label's descenders stay inside")
    }

    @Test func wideHeatmapsGetShorterCharts() throws {
        let wide = Chart.heatmap(values: (0..<8).map { r in (0..<64).map { Double(r * $0) } }, title: "8 × 64")
        #expect(wide.width == 520 && wide.height < 200)
        let root = try svgTree(wide)
        let outline = root.first(class: "outline")!
        #expect(outline.number("y")! + outline.number("height")! + 10 <= wide.height, "the color bar's last label fits")
        #expect(Chart.heatmap(values: [[1, 2], [3, 4]]).height == 440, "square matrices keep the full size")
        let labelled = Chart.heatmap(values: [[1, 2, 3, 4, 5, 6]], columnLabels: (0..<6).map { "a long column name \($0)" })
        let labels = try svgTree(labelled).first(class: "column-labels")!.all("text")
        #expect(labels.count == 6 && labelled.height < 440)
        let layout = HeatmapLayout(chart: labelled, map: Heatmap(values: [[1, 2, 3, 4, 5, 6]], columnLabels: (0..<6).map { "a long column name \($0)" }),
                                   width: labelled.width, height: labelled.height)
        #expect(layout.vertical && layout.top + layout.gridHeight + layout.bottomReserve <= labelled.height)
    }
}
