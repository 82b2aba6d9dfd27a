@testable import Plot
import Testing

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
