@testable import Plot
import Testing

@Suite struct TextChartTests {
    @Test func brailleGolden() {
        // Eight points on a diagonal in 8 × 8 dots (4 characters across, 2 down), on an axis from 0 to 10.
        let chart = Chart.line((0..<8).map(Double.init))
        let expected = """
            10 ┤⠀⠀⠀⡠
             0 ┤⡠⠔⠉⠀
               └┬─┬─
                0 5
            """
        #expect(chart.text(width: 4, height: 2) == expected)
    }

    @Test func asciiGolden() {
        let chart = Chart.line((0..<8).map(Double.init))
        let expected = """
            8 +
              |       *
            6 +      *
              |     *
            4 +   **
            2 +  *
              | *
            0 +*
              ++----+--
               0    5
            """
        #expect(chart.text(width: 8, height: 8, ascii: true) == expected)
    }

    @Test func asciiLinesLegendAndLabels() {
        let chart = Chart.line(series: [Series("a", [0, 1]), Series("b", [1, 0])], title: "T", xLabel: "x", yLabel: "y")
        let expected = """
            T
            y
            1 ++    *
              | ....
              | ....
            0 +*    +
              ++----+
               0    1
                 x
               * a   + b
            """
        #expect(chart.text(width: 6, height: 4, ascii: true) == expected)
    }

    @Test func interpolatedDotsBetweenDistantPoints() {
        let text = Chart.line([0, 3]).text(width: 2, height: 4, ascii: true)
        #expect(text.split(separator: "\n").prefix(4).map { String($0.dropFirst(3)) } == ["", " *", " .", "*"])
    }

    @Test func logScaleGapsAndNotes() {
        let text = Chart.line([1, 0, 100], logY: true).text(width: 10, height: 3)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first!.hasPrefix("100 ┤"))
        #expect(lines[2].hasPrefix("  1 ┤"))
        #expect(lines.last! == "     (1 value ≤ 0 not shown on the log scale)")
    }

    @Test func emptyNaNAndConstantData() {
        #expect(Chart.line([]).text() == "(no data)")
        #expect(Chart.line([.nan, .infinity], title: "Loss").text() == "Loss\n(no data)")
        let constant = Chart.line([2, 2, 2]).text(width: 6, height: 3, ascii: true)
        #expect(constant.split(separator: "\n").first == "2.2 +")
        #expect(constant.contains("*"))
        #expect(Chart.line([5]).text(width: 3, height: 2).contains("5.5"))
    }

    @Test func sizeIsConfigurable() {
        let lines = Chart.line((0..<100).map { Double($0 * $0) }).text(width: 30, height: 7).split(separator: "\n")
        #expect(lines.count == 7 + 2)
        #expect(lines.allSatisfy { TextOptions.visibleWidth(String($0)) <= 30 + 8 })
    }

    @Test func colorMarksSeriesWithANSI() {
        let text = Chart.line(series: [Series("a", [0, 1]), Series("b", [1, 0])]).text(width: 4, height: 2, color: true)
        #expect(text.contains("\u{1B}[38;5;25m"), "series 0 in Okabe–Ito blue, as the nearest xterm color")
        #expect(text.contains("\u{1B}[38;5;178m"), "series 1 in orange")
        #expect(text.contains("\u{1B}[0m"))
        #expect(!Chart.line([1, 2]).text().contains("\u{1B}"), "no escapes unless asked")
    }

    @Test func scatterClassesUseMarkersWithoutColor() {
        let chart = Chart.scatter(points: [[0, 0], [1, 1]], labels: [0, 1], classNames: ["no", "yes"])
        let plain = chart.text(width: 4, height: 2)
        #expect(plain.contains("*") && plain.contains("+"))
        #expect(plain.hasSuffix("* no   + yes"))
        let colored = chart.text(width: 4, height: 2, color: true)
        #expect(!colored.contains("*"), "with color, classes are told apart by color and drawn in braille")
    }

    @Test func decisionBoundaryShadesClasses() {
        let chart = Chart.decisionBoundary(grid: [[0, 1], [0, 1]], xRange: 0...2, yRange: 0...2, points: [[0.5, 1.5]], labels: [0])
        let lines = chart.text(width: 4, height: 2, ascii: true).split(separator: "\n").map(String.init)
        #expect(lines == ["2 + *..", "0 +  ..", "  ++--+", "   0  2", "   * 0"])
    }

    @Test func heatmapShadesGolden() {
        let chart = Chart.heatmap(values: [[0, 1], [0.5, .nan]])
        #expect(chart.text() == "  ██\n▒▒??\n0 [ ░▒▓█] 1")
        #expect(chart.text(ascii: true) == "  @@\n++??\n0 [ .:-=+*#%@] 1")
    }

    @Test func heatmapRowLabelsAndSampling() {
        let chart = Chart.heatmap(values: (0..<40).map { r in (0..<100).map { c in Double(r + c) } }, rowLabels: (0..<40).map { "r\($0)" })
        let lines = chart.text(width: 50, height: 10).split(separator: "\n").map(String.init)
        #expect(lines.count == 11)
        #expect(lines[0].hasPrefix("r0  "))
        #expect(lines.last!.hasSuffix("(40×100 shown as 10×50)"))
    }

    @Test func confusionMatrixAsTable() {
        let chart = Chart.heatmap(values: [[50, 2], [3, 45]], rowLabels: ["cat", "dog"], columnLabels: ["cat", "dog"],
                                  annotate: true, xLabel: "predicted", yLabel: "true")
        let expected = """
                predicted
                cat dog
            cat  50   2
            dog   3  45
            (rows: true)
            """
        #expect(chart.text() == expected)
    }

    @Test func barsGolden() {
        let chart = Chart.bar(categories: ["a", "bb"], values: [1, 2])
        #expect(chart.text(width: 4) == "a  │██ 1\nbb │████ 2")
        #expect(chart.text(width: 4, ascii: true) == "a  |## 1\nbb |#### 2")
        #expect(Chart.bar(categories: ["x"], values: [1.5]).text(width: 3) == "x │███ 1.5")
        #expect(Chart.bar(categories: [], values: []).text() == "(no data)")
    }

    @Test func histogramAsBars() {
        let text = Chart.histogram(values: [0, 1, 1, 2, 2, 2], bins: 3, yLabel: "").text(width: 6)
        #expect(text == """
            [0, 0.6667)     │██ 1
            [0.6667, 1.333) │████ 2
            [1.333, 2]      │██████ 3
            """)
    }

    @Test func gridPlacesChartsSideBySide() {
        let a = Chart.heatmap(values: [[0, 1]], title: "A"), b = Chart.heatmap(values: [[1, 0]], title: "B")
        let text = Chart.grid([a, b, a], columns: 2, title: "G").text()
        let expected = """
            G
            A             B
              ██          ██
            0 [ ░▒▓█] 1   0 [ ░▒▓█] 1

            A
              ██
            0 [ ░▒▓█] 1
            """
        #expect(text == expected)
    }

    @Test func descriptionIsTheTextForm() {
        let chart = Chart.line([1, 2, 3])
        #expect(chart.description == chart.text())
    }
}
