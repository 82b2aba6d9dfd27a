@testable import Plot
import Testing

@Suite struct LineChartTests {
    @Test func seriesLegendTitleAndAxisLabels() throws {
        let chart = Chart.line(series: [Series("train", [3, 2, 1]), Series("test & <val>", [3, 2.5, 2]), Series([1, 1, 1])],
                               title: "Loss & \"accuracy\"", xLabel: "epoch", yLabel: "loss")
        let root = try svgTree(chart)
        #expect(root.withClass("series").count == 3)
        #expect(root.withClass("line").count == 3)
        #expect(root.withClass("legend-entry").count == 2, "the unnamed series has no legend entry")
        #expect(labels(root, "legend") == ["train", "test & <val>"])
        #expect(texts(root, class: "title") == ["Loss & \"accuracy\""])
        #expect(root.all("title").first?.allText == "Loss & \"accuracy\"", "an accessible <title>")
        #expect(texts(root, class: "x-label") == ["epoch"])
        #expect(texts(root, class: "y-label") == ["loss"])
        // Each series has its own palette color.
        let strokes = root.withClass("line").compactMap { $0.attributes["stroke"] }
        #expect(strokes == [Palette.color(0).hex, Palette.color(1).hex, Palette.color(2).hex])
    }

    @Test func unitRangeTicks() throws {
        let root = try svgTree(Chart.line([0, 0.5, 1]))
        #expect(labels(root, "y-ticks") == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        // Tick labels climb the axis as their values grow.
        let ys = root.first(class: "y-ticks")!.all("text").map { $0.number("y")! }
        #expect(zip(ys, ys.dropFirst()).allSatisfy { $0 > $1 })
    }

    @Test func roundedUpRangeTicks() throws {
        let root = try svgTree(Chart.line([0, 50, 97]))
        #expect(labels(root, "y-ticks") == ["0", "20", "40", "60", "80", "100"])
        #expect(labels(root, "x-ticks") == ["0", "1", "2"], "index x steps by whole numbers")
    }

    @Test func xValuesAndWideIndexRange() throws {
        let root = try svgTree(Chart.line(series: [Series(x: [10, 20, 30], y: [1, 2, 3])]))
        #expect(labels(root, "x-ticks").first == "10" && labels(root, "x-ticks").last == "30")
        let losses = (0..<500).map { 1 / Double($0 + 1) }
        let wide = try svgTree(Chart.line(losses))
        #expect(labels(wide, "x-ticks") == ["0", "100", "200", "300", "400", "500"])
    }

    @Test func logAxisShowsDecades() throws {
        let root = try svgTree(Chart.line([1e-3, 0.05, 10], logY: true))
        #expect(labels(root, "y-ticks") == ["0.001", "0.01", "0.1", "1", "10"])
        // Decades are evenly spaced on a log axis.
        let ys = root.first(class: "y-ticks")!.all("text").map { $0.number("y")! }
        let gaps = zip(ys, ys.dropFirst()).map { $0 - $1 }
        #expect(gaps.allSatisfy { abs($0 - gaps[0]) < 0.02 })
        #expect(root.withClass("note").isEmpty)
    }

    @Test func logAxisLeavesOutNonPositiveValuesWithANote() throws {
        let root = try svgTree(Chart.line([1, 0, -1, 10, 100], logY: true))
        #expect(texts(root, class: "note") == ["2 values ≤ 0 not shown on the log scale"])
        let path = root.first(class: "line")!.attributes["d"]!
        #expect(path.filter { $0 == "M" }.count == 1, "10 and 100 form one run")
        #expect(root.first(class: "markers")!.all("circle").count == 1, "the lone 1 is a dot")
        let allBad = try svgTree(Chart.line([0, -1], logY: true))
        #expect(texts(allBad, class: "note").contains("no data"))
    }

    @Test func nanAndInfinityLeaveGaps() throws {
        let root = try svgTree(Chart.line([1, 2, .nan, 4, 5, .infinity, 7, -.infinity]))
        let d = root.first(class: "line")!.attributes["d"]!
        #expect(d.filter { $0 == "M" }.count == 2)
        #expect(d.filter { $0 == "L" }.count == 2)
        #expect(!d.contains("nan") && !d.contains("inf"))
        #expect(root.first(class: "markers")!.all("circle").count == 1, "7 stands alone")
    }

    @Test func markersMarkEveryFinitePoint() throws {
        let root = try svgTree(Chart.line(series: [Series("a", [1, .nan, 3, 4])], markers: true))
        #expect(root.first(class: "markers")!.all("circle").count == 3)
        #expect(root.first(class: "legend-entry")!.all("circle").count == 1, "the legend shows the marker")
    }

    @Test func emptyChartsHaveANote() throws {
        for chart in [Chart.line(series: []), Chart.line([]), Chart.line([.nan, .nan])] {
            let root = try svgTree(chart)
            #expect(texts(root, class: "note") == ["no data"])
            #expect(root.withClass("line").isEmpty)
            #expect(!labels(root, "y-ticks").isEmpty, "axes are still drawn")
        }
    }

    @Test func constantAndSinglePointData() throws {
        let constant = try svgTree(Chart.line([2, 2, 2]))
        let ticks = labels(constant, "y-ticks").compactMap(Double.init)
        #expect(ticks.first! < 2 && ticks.last! > 2)
        let d = constant.first(class: "line")!.attributes["d"]!
        #expect(d.filter { $0 == "L" }.count == 2)
        let single = try svgTree(Chart.line([3]))
        #expect(single.first(class: "markers")!.all("circle").count == 1)
    }

    @Test func pointsStayInsideThePlotArea() throws {
        let root = try svgTree(Chart.line(series: [Series("s", x: [-5, 0, 5], y: [-1e6, 3, 1e6])], markers: true))
        let axes = root.first(class: "axes")!.all("path").first!.attributes["d"]!
        // "M{left} {top}V{bottom}H{right}"
        let numbers = axes.split(whereSeparator: { "MVH ".contains($0) }).compactMap { Double($0) }
        let (left, top, bottom, right) = (numbers[0], numbers[1], numbers[2], numbers[3])
        for circle in root.first(class: "markers")!.all("circle") {
            let (cx, cy) = (circle.number("cx")!, circle.number("cy")!)
            #expect(cx >= left - 0.01 && cx <= right + 0.01 && cy >= top - 0.01 && cy <= bottom + 0.01)
        }
    }

    @Test func sizeAndViewBox() throws {
        let root = try svgTree(Chart.line([1, 2]).sized(width: 300, height: 200))
        #expect(root.attributes["viewBox"] == "0 0 300 200")
        #expect(root.attributes["width"] == "300" && root.attributes["height"] == "200")
    }

    @Test func hostileTextIsEscaped() throws {
        let chart = Chart.line(series: [Series("</text><script>x()</script>", [1, 2])],
                               title: "a]]>b\u{0}c", xLabel: "x'\"<>&", yLabel: "\u{1B}[31m")
        let root = try svgTree(chart)
        #expect(root.all("script").isEmpty)
        #expect(labels(root, "legend") == ["</text><script>x()</script>"])
        #expect(texts(root, class: "title") == ["a]]>bc"])
        #expect(texts(root, class: "x-label") == ["x'\"<>&"])
    }
}
