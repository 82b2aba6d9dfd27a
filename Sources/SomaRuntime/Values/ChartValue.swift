import Foundation
import Plot
import Script

/// A chart as a value of the language: it displays itself (SVG in a notebook, braille text in a
/// terminal) and saves itself (`.save("loss.svg")`, or `.txt` for the text form).
final class ChartValue: TabledObject, SVGDisplayable {
    let chart: Chart
    func displaySVG() -> String { chart.svg() }
    init(_ chart: Chart) { self.chart = chart }

    var typeName: String { "Chart" }
    /// The text form: on a terminal as wide as it allows and in color where it shows colors, elsewhere
    /// 60 columns of plot and no escapes, so that files and compared outputs stay the same.
    var text: String {
        guard Terminal.drawsOnStandardOutput else { return chart.text(ascii: ChartValue.asciiOnly) }
        return chart.text(fitting: Terminal.chartColumns(), ascii: ChartValue.asciiOnly, color: Terminal.showsColor())
    }

    /// Text charts use plain ASCII instead of braille (for terminals without Unicode fonts), when the
    /// process was started with `SOMA_ASCII` set.
    static let asciiOnly = ProcessInfo.processInfo.environment["SOMA_ASCII"] != nil

    static let members = MemberTable<ChartValue>([
        .method("save", ["path"], "writes the chart as SVG (.svg) or text (.txt), atomically.") { c, a, _ in
            try SVGFile.save(path: try Convert.path(try a.value("path"), "save"), svg: c.chart.svg, text: { c.chart.text(ascii: ChartValue.asciiOnly) })
        },
        .method("svg", [], "the chart as SVG text.") { c, _, _ in .string(c.chart.svg()) },
        .method("text", [.defaulted("width", 60), .defaulted("height", 15), .defaulted("ascii", false)], "the chart as text.") { c, a, _ in
            .string(c.chart.text(width: try a.integer("width"), height: try a.integer("height"),
                                 ascii: try a.boolean("ascii") || ChartValue.asciiOnly))
        },
    ])
}
