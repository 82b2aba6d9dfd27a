@testable import Plot
import Testing

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
        #expect(grid.width == 2 * 440, "three charts fill a 2-column grid by default, each 440 wide")
        #expect(Chart.grid((0..<4).map { _ in Chart.line([1, 2]) }, columns: 4).width == 880, "four fit the notebook's width")
        let root = try svgTree(grid)
        #expect(root.withClass("panel").count == 3)
        let empty = try svgTree(Chart.grid([]))
        #expect(texts(empty, class: "note") == ["no charts"])
    }

    @Test func heatmapsOnOneScaleShareOneColorBar() throws {
        let maps = (0..<4).map { k in
            Chart.heatmap(values: [[Double(k), -1], [1, 0]], colormap: .diverging, range: -3...3, title: "f\(k)")
        }
        let chart = Chart.grid(maps, columns: 4)
        #expect(chart.width == Chart.maxGridWidth, "the bar's strip comes out of the panels' width")
        let root = try svgTree(chart)
        #expect(root.withClass("colorbar").count == 1, "one bar for the grid, none in the panels")
        #expect(root.withClass("panel").allSatisfy { $0.first(class: "colorbar") == nil })
        let ticks = root.first(class: "colorbar-ticks")!.all("text").map(\.text)
        #expect(ticks.count >= 3 && ticks.contains("0"), "ticks: \(ticks)")
        // Panels on different scales keep their own bars (where they are wide enough for one).
        var different = maps
        different[1] = Chart.heatmap(values: [[1]], colormap: .diverging, range: -1...1)
        #expect(Chart.sharedScale(different) == nil)
        #expect(Chart.sharedScale(maps.map { _ in Chart.heatmap(values: [[1]]) }) == nil, "no stated range: no shared bar")
        // Beside one row of ten small panels the bar is short: fewer ticks, so that their labels do not collide.
        let row = try svgTree(Chart.grid((0..<10).map { _ in Chart.heatmap(values: [[0, 1]], range: 0...1) }, columns: 10))
        let labels = row.first(class: "colorbar-ticks")!.all("text").map { Double($0.attributes["y"]!)! }
        #expect(labels.count >= 2 && zip(labels, labels.dropFirst()).allSatisfy { abs($0 - $1) >= 14 }, "\(labels)")
    }

    @Test func labelledAttentionMapsNameEveryTokenAndTheTitleIsNotCut() throws {
        let tokens = Array("the cat sat on the wall").map(String.init)
        let n = tokens.count
        let map = Chart.heatmap(values: (0..<n).map { r in (0..<n).map { c in c <= r ? 1 / Double(r + 1) : 0 } },
                                rowLabels: tokens, columnLabels: tokens)
        let title = "first block's attention on \"the cat sat on the wall\", all four heads"
        let chart = Chart.grid([map, map, map, map], columns: 2, title: title)
        #expect(chart.width >= AxesFrame.textWidth(title, GridLayout.titleSize))
        let root = try svgTree(chart)
        for panel in root.withClass("panel") {
            #expect(panel.first(class: "row-labels")!.all("text").count == n)
            #expect(panel.first(class: "column-labels")!.all("text").count == n)
        }
    }
}
