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
        #expect(grid.width == 2 * 220, "three charts fill a 2-column grid by default")
        let root = try svgTree(grid)
        #expect(root.withClass("panel").count == 3)
        let empty = try svgTree(Chart.grid([]))
        #expect(texts(empty, class: "note") == ["no charts"])
    }
}
