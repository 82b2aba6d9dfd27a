@testable import Plot
import Testing

/// Text charts that read in a terminal: series told apart by dot pattern and color, nice tick labels,
/// a width fitted to the terminal, one header.
@Suite struct TextChartStyleTests {
    static let twoSeries = Chart.line(series: [Series("train", [1, 0.5, 0.25, 0.2, 0.15]), Series("validation", [1.1, 0.7, 0.5, 0.45, 0.44])],
                                      title: "loss", xLabel: "epoch", yLabel: "loss")

    @Test func eachLineSeriesHasItsOwnDotPatternInTheLegend() {
        let samples = (0..<4).map { LineStyle.of($0).sample }
        #expect(Set(samples).count == 4, "solid, dotted, dashed and dash-dot look different: \(samples)")
        let legend = Self.twoSeries.text(width: 40, height: 8).split(separator: "\n").last.map(String.init) ?? ""
        #expect(legend.contains(LineStyle.solid.sample + " train"))
        #expect(legend.contains(LineStyle.dotted.sample + " validation"))
        #expect(!legend.contains("──"))
    }

    @Test func aDottedLineDrawsEveryOtherDot() {
        func dots(_ color: Int) -> Int {
            let text = Chart.line(series: [Series("", x: nil, y: [0, 0], color: color)]).text(width: 20, height: 2)
            let rows = text.split(separator: "\n").prefix(2).map { $0.drop { $0 != "┤" && $0 != "│" }.dropFirst() }
            return rows.joined().unicodeScalars.reduce(0) { n, s in
                (0x2800...0x28FF).contains(s.value) ? n + (s.value - 0x2800).nonzeroBitCount : n
            }
        }
        // A flat line 40 dots long: all of them solid, half of them dotted.
        #expect(dots(0) == 40)
        #expect(dots(1) == 20)
    }

    @Test func colorWrapsEachSeriesAndItsLegendEntryInItsOwnColor() {
        let text = Self.twoSeries.text(width: 40, height: 8, color: true)
        let blue = ANSIColor.foreground(Palette.color(0)), orange = ANSIColor.foreground(Palette.color(1))
        #expect(blue != orange)
        let legend = text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(legend.contains(blue + LineStyle.solid.sample + ANSIColor.reset + " train"))
        #expect(legend.contains(orange + LineStyle.dotted.sample + ANSIColor.reset + " validation"))
        #expect(!Self.twoSeries.text(width: 40, height: 8).contains("\u{1B}"), "no escapes unless asked")
    }

    @Test func paletteColorsMapToTheNearestXtermColors() {
        #expect(ANSIColor.index(Color(hex: 0x0072B2)) == 25)
        #expect(ANSIColor.index(Color(hex: 0xFFFFFF)) == 231)
        #expect(ANSIColor.index(Color(hex: 0x808080)) == 244)
        // Black would vanish on a dark terminal: it becomes the terminal's own foreground.
        #expect(ANSIColor.foreground(Color(hex: 0x000000)) == "\u{1B}[39m")
    }

    @Test func theYAxisIsLabelledAtSeveralNiceValuesWithRoundEnds() {
        let text = Chart.line([0.137, 1.368, 0.9, 0.42]).text(width: 30, height: 10)
        let labels = text.split(separator: "\n").compactMap { line -> String? in
            guard let bar = line.firstIndex(of: "┤") else { return nil }
            return line[..<bar].split(separator: " ").first.map(String.init)
        }
        #expect(labels.count >= 3 && labels.count <= 8, "\(labels)")
        #expect(labels.first == "1.5" && labels.last == "0.0", "\(labels)")
        #expect(!text.contains("1.368") && !text.contains("0.137"))
        let values = labels.compactMap(Double.init)
        let steps = Set(zip(values, values.dropFirst()).map { (($0 - $1) * 1000).rounded() })
        #expect(steps.count == 1, "evenly spaced: \(labels)")
    }

    @Test func aLogAxisOverALossThatBarelyMovesStillSpreadsIt() {
        // The live loss chart is on a log axis from the start; a loss going from 0.69 to 0.68 must not
        // be squashed into a decade.
        let ticks = Ticks.fittedLog(0.68, 0.69, maxDecades: 5)
        #expect(ticks.values.count >= 2 && ticks.lower > 0.6 && ticks.upper < 0.75, "\(ticks)")
        #expect(ticks.labels.allSatisfy { $0.count <= 4 }, "\(ticks.labels)")
    }

    @Test func theXAxisIsLabelledAtNiceValues() {
        let text = Chart.line(series: [Series("", x: (0..<50).map { Double($0) * 0.37 }, y: (0..<50).map(Double.init))]).text(width: 60, height: 5)
        let lines = text.split(separator: "\n").map(String.init)
        let axis = lines[lines.count - 2], labels = lines[lines.count - 1]
        #expect(axis.filter { $0 == "┬" }.count >= 3)
        #expect(labels.split(separator: " ").map(String.init).allSatisfy { Double($0).map { $0 == $0.rounded() } ?? false }, "\(labels)")
    }

    @Test func aYLabelThatRepeatsTheTitleIsShownOnce() {
        let lines = Self.twoSeries.text(width: 40, height: 8).split(separator: "\n")
        #expect(lines.filter { $0 == "loss" }.count == 1)
        let other = Chart.line([1, 2], title: "training", yLabel: "loss").text(width: 20, height: 4).split(separator: "\n")
        #expect(Array(other.prefix(2)) == ["training", "loss"])
    }

    @Test(arguments: [40, 60, 80, 100, 120])
    func aChartFittedToColumnsFillsThemWithoutGoingOver(columns: Int) {
        let text = Self.twoSeries.text(fitting: columns, height: 10, color: true)
        let widths = text.split(separator: "\n").map { TextOptions.visibleWidth(String($0)) }
        #expect(widths.max()! <= columns)
        #expect(widths.max()! >= columns - 2, "the plot takes the room its labels leave")
    }

    @Test(arguments: [40, 80, 120])
    func barsAndHeatmapsFittedToColumnsStayInside(columns: Int) {
        let bars = Chart.bar(categories: ["cat", "a rather long category"], values: [3, 12.5])
        let heatmap = Chart.heatmap(values: (0..<8).map { r in (0..<200).map { Double(r * $0) } }, rowLabels: (0..<8).map { "row \($0)" })
        for chart in [bars, heatmap] {
            let lines = chart.text(fitting: columns, height: 8).split(separator: "\n").dropLast(chart == heatmap ? 1 : 0)
            #expect(lines.allSatisfy { TextOptions.visibleWidth(String($0)) <= columns }, "\(lines)")
        }
        let longest = bars.text(fitting: columns).split(separator: "\n").map { TextOptions.visibleWidth(String($0)) }.max()!
        #expect(longest >= columns - 1, "the longest bar takes the room left")
    }
}
