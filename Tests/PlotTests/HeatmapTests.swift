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
