import Foundation
import Plot
import Script

/// A chart as a value of the language: it displays itself (SVG in a notebook, braille text in a
/// terminal) and saves itself (`.save("loss.svg")`, or `.txt` for the text form).
final class ChartValue: ScriptObject, SVGDisplayable {
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

    /// Text charts use plain ASCII instead of braille (for terminals without Unicode fonts).
    static var asciiOnly = ProcessInfo.processInfo.environment["SOMA_ASCII"] != nil

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        switch name {
        case "save":
            return .function(NativeFunction("save", doc: "chart.save(path) — writes the chart as SVG (.svg) or text (.txt), atomically.") { a, _ in
                let path = try Convert.path(try a.bind("save", ["path"], required: 1)[0]!, "save")
                return try SVGFile.save(path: path, svg: self.chart.svg, text: { self.chart.text(ascii: ChartValue.asciiOnly) })
            })
        case "svg":
            return .function(NativeFunction("svg", doc: "chart.svg() — the chart as SVG text.") { a, _ in
                try a.expectNone("svg")
                return .string(self.chart.svg())
            })
        case "text":
            return .function(NativeFunction("text", doc: "chart.text(width: 60, height: 15, ascii: false) — the chart as text.") { a, _ in
                let v = try a.bind("text", ["width", "height", "ascii"])
                return .string(self.chart.text(width: try v[0]?.integer("width") ?? 60, height: try v[1]?.integer("height") ?? 15,
                                               ascii: try v[2]?.boolean("ascii") ?? ChartValue.asciiOnly))
            })
        default: return nil
        }
    }

    var memberNames: [String] { ["save", "svg", "text"] }
}
