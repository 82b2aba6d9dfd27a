import Foundation
import Plot
import Script

/// A chart as a value of the language: it displays itself (SVG in a notebook, braille text in a
/// terminal) and saves itself (`.save("loss.svg")`, or `.txt` for the text form).
final class ChartValue: ScriptObject, ChartDisplayable {
    let chart: Chart
    var displayedChart: Chart { chart }
    init(_ chart: Chart) { self.chart = chart }

    var typeName: String { "Chart" }
    var text: String { chart.text(ascii: ChartValue.asciiOnly) }

    /// Text charts use plain ASCII instead of braille (for terminals without Unicode fonts).
    static var asciiOnly = ProcessInfo.processInfo.environment["SOMA_ASCII"] != nil

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        switch name {
        case "save":
            return .function(NativeFunction("save", doc: "chart.save(path) — writes the chart as SVG (.svg) or text (.txt), atomically.") { a, _ in
                let path = try a.bind("save", ["path"], required: 1)[0]!.string("path")
                let content = path.lowercased().hasSuffix(".txt") ? self.chart.text(ascii: ChartValue.asciiOnly) : self.chart.svg()
                let url = URL(fileURLWithPath: path)
                let folder = url.deletingLastPathComponent().path
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                    throw ScriptError("ValueError", "cannot write '\(path)': the folder '\(folder)' does not exist")
                }
                do {
                    try Data(content.utf8).write(to: url, options: .atomic)
                } catch {
                    throw ScriptError("ValueError", "cannot write '\(path)': \(error.localizedDescription)")
                }
                return .string(path)
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
