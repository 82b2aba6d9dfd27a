@testable import Plot
import Testing

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
