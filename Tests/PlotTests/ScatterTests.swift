@testable import Plot
import Testing

@Suite struct ScatterTests {
    @Test func classesGetColorsAndLegendEntries() throws {
        let points: [[Double]] = [[0, 0], [1, 1], [2, 1], [3, 0], [.nan, 1], [4]]
        let chart = Chart.scatter(points: points, labels: [0, 1, 1, 2, 1, 0], classNames: ["cat", "dog", "bird"],
                                  title: "Data", xLabel: "x₁", yLabel: "x₂")
        let root = try svgTree(chart)
        let series = root.withClass("points")
        #expect(series.count == 3)
        #expect(series.map { $0.all("circle").count } == [1, 2, 1], "NaN and short points are skipped")
        #expect(series.map { $0.attributes["fill"]! } == [0, 1, 2].map { Palette.color($0).hex })
        #expect(labels(root, "legend") == ["cat", "dog", "bird"])
        #expect(texts(root, class: "x-label") == ["x₁"])
    }

    @Test func classColorsFollowTheLabelValue() throws {
        // Only classes 1 and 3 appear: they keep colors 1 and 3, matching a decision boundary's classes.
        let root = try svgTree(Chart.scatter(points: [[0, 0], [1, 1]], labels: [3, 1]))
        #expect(root.withClass("points").map { $0.attributes["fill"]! } == [Palette.color(1).hex, Palette.color(3).hex])
        #expect(labels(root, "legend") == ["1", "3"])
    }

    @Test func twelveClassesAreTwelveDistinctMarks() throws {
        // Ten colors for the ten digits; classes 10 and 11 reuse colors 0 and 1 with other shapes.
        let root = try svgTree(Chart.scatter(points: (0..<12).map { [Double($0), 0] }, labels: (0..<12).map(Double.init)))
        let series = root.withClass("points")
        let marks = series.map { s in "\(s.attributes["fill"]!) \(s.descendants.first { $0.name != "g" }!.name)" }
        #expect(Set(marks).count == 12)
        #expect(Set(series.prefix(10).map { $0.attributes["fill"]! }).count == 10)
        #expect(series[10].all("rect").count == 1 && series[11].all("rect").count == 1)
        let legend = root.first(class: "legend")!
        #expect(legend.all("rect").count == 2 && legend.all("circle").count == 10)
    }

    @Test func textLabelsInOrderOfAppearance() throws {
        let root = try svgTree(Chart.scatter(points: [[0, 0], [1, 1], [2, 2]], labels: ["b", "a", "b"]))
        #expect(labels(root, "legend") == ["b", "a"])
        #expect(root.withClass("points").map { $0.all("circle").count } == [2, 1])
    }

    @Test func unlabeledPointsHaveNoLegend() throws {
        let root = try svgTree(Chart.scatter(x: [1, 2, 3], y: [3, 1, 2]))
        #expect(root.withClass("points").count == 1)
        #expect(root.first(class: "legend") == nil)
        #expect(root.first(class: "points")!.all("circle").count == 3)
    }

    @Test func emptyScatter() throws {
        let root = try svgTree(Chart.scatter(points: []))
        #expect(texts(root, class: "note") == ["no data"])
    }
}

@Suite struct DecisionBoundaryTests {
    @Test func classGridIsFilledAndPointsAreOnTop() throws {
        let grid: [[Double]] = [[0, 0, 1], [0, 1, 1]]
        let chart = Chart.decisionBoundary(grid: grid, xRange: -1...1, yRange: 0...2, points: [[-0.5, 0.5], [0.5, 1.5]],
                                           labels: [0, 1], title: "XOR")
        let root = try svgTree(chart)
        let field = root.first(class: "field")!
        let rects = field.all("rect")
        #expect(rects.count == 4, "runs of one class in a row merge into one rectangle")
        let fills = Set(rects.map { $0.attributes["fill"]! })
        #expect(fills == [Palette.color(0).mixed(with: .white, 0.72).hex, Palette.color(1).mixed(with: .white, 0.72).hex])
        // Row 0 is at the bottom: its rectangles sit lower (larger y) than row 1's.
        #expect(rects[0].number("y")! > rects[2].number("y")!)
        // The field fills the plot exactly: the domain is the given ranges.
        let xs = rects.map { $0.number("x")! }, rights = rects.map { $0.number("x")! + $0.number("width")! }
        let axes = root.first(class: "axes")!.all("path").first!.attributes["d"]!
        let frame = axes.split(whereSeparator: { "MVH ".contains($0) }).compactMap { Double($0) }
        #expect(abs(xs.min()! - frame[0]) < 0.02 && abs(rights.max()! - frame[3]) < 0.02)
        // Points come after the field in the document, so they are drawn on top.
        let order = root.descendants.map { $0.attributes["class"] ?? "" }
        #expect(order.firstIndex(of: "field")! < order.firstIndex(of: "series points")!)
        #expect(root.withClass("points").count == 2)
        #expect(labels(root, "legend") == ["0", "1"])
    }

    @Test func probabilitiesShadeInBands() throws {
        let n = 40
        let grid = (0..<n).map { r in (0..<n).map { c in Double(r * n + c) / Double(n * n - 1) } }
        let root = try svgTree(Chart.decisionBoundary(grid: grid, xRange: 0...1, yRange: 0...1))
        let fills = Set(root.first(class: "field")!.all("rect").map { $0.attributes["fill"]! })
        #expect(fills.count <= 16 && fills.count >= 8)
        #expect(root.first(class: "legend") == nil)
    }

    @Test func raggedAndNaNGridsDoNotCrash() throws {
        let root = try svgTree(Chart.decisionBoundary(grid: [[0, .nan, 1], [1]], xRange: 0...3, yRange: 0...2))
        #expect(root.first(class: "field")!.all("rect").count == 3)
        let empty = try svgTree(Chart.decisionBoundary(grid: [], xRange: 0...1, yRange: 0...1))
        #expect(empty.first(class: "field")?.all("rect").isEmpty ?? true)
    }
}
