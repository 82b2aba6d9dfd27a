@testable import Plot
import Testing

@Suite struct HeatmapTests {
    @Test func cellsLabelsAndColorBar() throws {
        let values: [[Double]] = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
        let chart = Chart.heatmap(values: values, rowLabels: ["a", "b", "c"], columnLabels: ["w", "x", "y", "z"],
                                  title: "Attention", xLabel: "key", yLabel: "query")
        let root = try svgTree(chart)
        let cells = root.first(class: "cells")!.all("rect")
        #expect(cells.count == 12)
        #expect(cells.first!.attributes["fill"] == Colormap.viridis.color(at: 0).hex)
        #expect(cells.last!.attributes["fill"] == Colormap.viridis.color(at: 1).hex)
        // Square cells, in row-major order from the top left.
        #expect(cells[0].attributes["width"] == cells[0].attributes["height"])
        #expect(cells[1].number("x")! > cells[0].number("x")! && cells[4].number("y")! > cells[0].number("y")!)
        #expect(labels(root, "row-labels") == ["a", "b", "c"])
        #expect(labels(root, "column-labels") == ["w", "x", "y", "z"])
        #expect(texts(root, class: "title") == ["Attention"])
        #expect(texts(root, class: "x-label") == ["key"] && texts(root, class: "y-label") == ["query"])
        let bar = root.first(class: "colorbar")!
        #expect(bar.first(class: "colorbar-steps")!.all("rect").count == 64)
        #expect(labels(root, "colorbar-ticks") == ["0", "2", "4", "6", "8", "10"])
        #expect(root.first(class: "annotations") == nil)
    }

    @Test func confusionMatrixAnnotations() throws {
        let chart = Chart.heatmap(values: [[50, 2], [3, 45]], rowLabels: ["cat", "dog"], columnLabels: ["cat", "dog"],
                                  colormap: .grayReversed, annotate: true)
        let root = try svgTree(chart)
        let notes = root.first(class: "annotations")!.all("text")
        #expect(notes.map(\.allText) == ["50", "2", "3", "45"])
        // Light text on dark cells, dark text on light ones.
        #expect(notes[0].attributes["fill"] == "#fff" && notes[1].attributes["fill"] == "#111")
        let fractional = try svgTree(Chart.heatmap(values: [[0.123, 0.5], [1.25, 2]], annotate: true))
        #expect(labels(fractional, "annotations") == ["0.12", "0.5", "1.25", "2"])
    }

    @Test func grayImage() throws {
        let digit: [[Double]] = (0..<8).map { r in (0..<8).map { c in Double((r * 8 + c) % 17) } }
        let root = try svgTree(Chart.heatmap(values: digit, colormap: .gray, colorBar: false))
        let cells = root.first(class: "cells")!.all("rect")
        #expect(cells.count == 64)
        #expect(cells[0].attributes["fill"] == "#000000")
        #expect(cells[16].attributes["fill"] == "#ffffff", "16 is the largest value")
        #expect(root.first(class: "colorbar") == nil)
        #expect(root.first(class: "row-labels") == nil)
    }

    @Test func divergingRangeIsSymmetric() throws {
        let map = Heatmap(values: [[-1, 3]], colormap: .diverging)
        #expect(map.resolvedRange == (-3, 3))
        let root = try svgTree(Chart.heatmap(values: [[-1, 3]], colormap: .diverging))
        #expect(labels(root, "colorbar-ticks").contains("0"))
        let fixed = Heatmap(values: [[-1, 3]], range: 0...10)
        #expect(fixed.resolvedRange == (0, 10))
    }

    @Test func nanRaggedConstantAndEmpty() throws {
        let root = try svgTree(Chart.heatmap(values: [[1, .nan, 3], [4]], annotate: true))
        let cells = root.first(class: "cells")!.all("rect")
        #expect(cells.count == 6)
        #expect(cells.filter { $0.attributes["fill"] == "#f2f2f2" }.count == 3)
        #expect(labels(root, "annotations") == ["1", "3", "4"])
        let constant = try svgTree(Chart.heatmap(values: [[5, 5], [5, 5]]))
        #expect(constant.first(class: "cells")!.all("rect").count == 4)
        for empty in [Chart.heatmap(values: []), Chart.heatmap(values: [[], []])] {
            let tree = try svgTree(empty)
            #expect(texts(tree, class: "note") == ["no data"])
        }
    }

    @Test func manyCellsThinTheLabels() throws {
        let n = 64
        let values = (0..<n).map { r in (0..<n).map { c in Double(r - c) } }
        let names = (0..<n).map { "token\($0)" }
        let root = try svgTree(Chart.heatmap(values: values, rowLabels: names, columnLabels: names))
        #expect(root.first(class: "cells")!.all("rect").count == n * n)
        let shown = labels(root, "row-labels").count
        #expect(shown < n && shown >= 8)
        #expect(root.first(class: "column-labels")!.all("text").allSatisfy { $0.attributes["transform"]?.hasPrefix("rotate(-90") == true })
    }
}

@Suite struct HistogramTests {
    @Test func equalWidthBins() {
        let h = Histogram(values: (0..<10).map(Double.init), bins: 5)
        #expect(h.edges == [0, 1.8, 3.6, 5.4, 7.2, 9])
        #expect(h.counts == [2, 2, 2, 2, 2])
        #expect(h.skipped == 0)
    }

    @Test func sturgesRuleByDefault() {
        let h = Histogram(values: (1...100).map { Double($0) })
        #expect(h.counts.count == 8)
        #expect(h.counts.reduce(0, +) == 100)
    }

    @Test func givenEdgesAndOutsiders() {
        let h = Histogram(values: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, -1, .nan], edges: [0, 1, 2, 3])
        #expect(h.counts == [2, 2, 3], "the last bin holds its right edge")
        #expect(h.skipped == 3)
        let none = Histogram(values: [1, 2], edges: [1])
        #expect(none.counts.isEmpty && none.skipped == 2)
    }

    @Test func constantAndEmptyData() {
        let constant = Histogram(values: [4, 4, 4], bins: 3)
        #expect(constant.edges.first == 3.5 && constant.edges.last == 4.5)
        #expect(constant.counts.reduce(0, +) == 3)
        let empty = Histogram(values: [.nan])
        #expect(empty.counts == [0] && empty.skipped == 1)
    }

    @Test func chartHasOneBarPerBin() throws {
        let values = (0..<100).map { Double($0 % 10) }
        let root = try svgTree(Chart.histogram(values: values, bins: 10, title: "Digits", xLabel: "digit"))
        let bars = root.first(class: "bars")!.all("rect")
        #expect(bars.count == 10)
        let heights = bars.map { $0.number("height")! }
        #expect(heights.allSatisfy { abs($0 - heights[0]) < 0.02 }, "every bin holds 10")
        #expect(texts(root, class: "y-label") == ["count"])
        #expect(labels(root, "y-ticks").first == "0")
        let empty = try svgTree(Chart.histogram(values: []))
        #expect(empty.first(class: "bars")!.all("rect").count == 1)
    }
}

@Suite struct BarChartTests {
    @Test func oneBarPerCategory() throws {
        let root = try svgTree(Chart.bar(categories: ["SGD", "Adam", "RMSprop"], values: [0.8, 0.95, -0.1], title: "Accuracy"))
        let bars = root.first(class: "bars")!.all("rect")
        #expect(bars.count == 3)
        #expect(labels(root, "x-ticks") == ["SGD", "Adam", "RMSprop"])
        #expect(labels(root, "values") == ["0.8", "0.95", "-0.1"])
        // The negative bar hangs below the zero line where the others stand.
        #expect(bars[2].number("y")! >= bars[0].number("y")! + bars[0].number("height")! - 0.02)
    }

    @Test func longNamesTurnAndMismatchedListsTruncate() throws {
        let names = ["convolution", "batch normalization", "relu", "max pooling", "dropout", "linear", "softmax", "extra"]
        let root = try svgTree(Chart.bar(categories: names, values: [1, 2, 3, 4, 5, 6, 7]))
        #expect(root.first(class: "bars")!.all("rect").count == 7)
        #expect(root.first(class: "x-ticks")!.all("text").allSatisfy { $0.attributes["transform"] != nil })
        let empty = try svgTree(Chart.bar(categories: [], values: []))
        #expect(texts(empty, class: "note") == ["no data"])
    }
}

@Suite struct GridTests {
    @Test func smallMultiplesOfHeatmaps() throws {
        let filters = (0..<16).map { k in
            Chart.heatmap(values: (0..<3).map { r in (0..<3).map { c in Double(k + r - c) } }, colormap: .diverging,
                          colorBar: false, title: "filter \(k)")
        }
        let chart = Chart.grid(filters, columns: 4, title: "Conv filters")
        #expect(chart.width == 880 && chart.height == 30 + 4 * 220)
        let root = try svgTree(chart)
        let panels = root.withClass("panel")
        #expect(panels.count == 16)
        #expect(Set(panels.map { "\($0.attributes["x"]!),\($0.attributes["y"]!)" }).count == 16)
        #expect(panels.allSatisfy { $0.first(class: "cells")!.all("rect").count == 9 })
        #expect(texts(root, class: "title").first == "Conv filters")
        #expect(texts(root, class: "title").count == 17)
    }

    @Test func mixedChartsAndDefaults() throws {
        let grid = Chart.grid([Chart.line([1, 2, 3]), Chart.histogram(values: [1, 2, 2, 3]), Chart.scatter(points: [[0, 1]])])
        #expect(grid.width == 2 * 220, "three charts fill a 2-column grid by default")
        let root = try svgTree(grid)
        #expect(root.withClass("panel").count == 3)
        let empty = try svgTree(Chart.grid([]))
        #expect(texts(empty, class: "note") == ["no charts"])
    }
}
