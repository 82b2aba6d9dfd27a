import Script
import TensorEngine

/// A table made by `table(rows, header:)`: an HTML table in a notebook, an aligned text table in a
/// terminal (numbers right-aligned, text left-aligned, a rule under the header).
final class TableValue: TabledObject, MimeDisplayable {
    /// One cell as shown, and whether it is a number (right-aligned).
    struct Cell {
        let text: String
        let isNumber: Bool
    }

    let header: [String]?
    let rows: [[Cell]]

    init(header: [String]?, rows: [[Cell]]) {
        self.header = header
        self.rows = rows
    }

    /// A value as a cell: numbers (and one-element tensors) as the language prints them, nil as empty,
    /// anything else as its text on one line.
    static func cell(_ value: Value) -> Cell {
        switch value {
        case .null: return Cell(text: "", isNumber: false)
        case .number(let n): return Cell(text: Value.formatNumber(n), isNumber: true)
        case .object(let o as TensorValue) where o.tensor.count == 1 && o.tensor.dtype != .bool:
            let t = o.tensor
            // float32 as its shortest decimal, as the tensor prints itself (0.1, not 0.10000000149…).
            let n = t.dtype == .float32 ? (try? t.item()).map(Convert.decimal) : try? t.itemValue()
            if let n { return Cell(text: Value.formatNumber(n), isNumber: true) }
        default: break
        }
        return Cell(text: value.text.replacingAll("\r\n", " ").replacingAll("\n", " "), isNumber: false)
    }

    /// The columns: as many as the widest row or the header.
    var columnCount: Int { max(header?.count ?? 0, rows.map(\.count).max() ?? 0) }

    /// Whether column `j` is right-aligned: it holds numbers and nothing else but empty cells.
    func isNumeric(_ j: Int) -> Bool {
        let cells = rows.compactMap { j < $0.count ? $0[j] : nil }.filter { !$0.text.isEmpty }
        return !cells.isEmpty && cells.allSatisfy(\.isNumber)
    }

    var typeName: String { "Table" }

    var text: String {
        let n = columnCount
        guard n > 0 else { return "(empty table)" }
        let numeric = (0..<n).map(isNumeric)
        func texts(_ row: [Cell]) -> [String] { (0..<n).map { $0 < row.count ? row[$0].text : "" } }
        let body = rows.map(texts)
        let head = header.map { h in (0..<n).map { $0 < h.count ? h[$0] : "" } }
        let widths = (0..<n).map { j in ((head.map { [$0] } ?? []) + body).map { $0[j].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let padded = (0..<n).map { j in
                let gap = String(repeating: " ", count: widths[j] - cells[j].count)
                return numeric[j] ? gap + cells[j] : cells[j] + gap
            }
            return padded.joined(separator: "  ").droppingTrailingSpaces
        }
        var lines: [String] = []
        if let head {
            lines.append(line(head))
            lines.append(widths.map { String(repeating: "-", count: max(1, $0)) }.joined(separator: "  "))
        }
        lines += body.map(line)
        if rows.isEmpty { lines.append("(no rows)") }
        return lines.joined(separator: "\n")
    }

    var mimeForms: MimeBundle {
        let n = columnCount
        let numeric = (0..<n).map(isNumeric)
        func cells(_ texts: [String], _ tag: String) -> String {
            "<tr>" + (0..<n).map { j in
                "<\(tag) style=\"text-align:\(numeric[j] ? "right" : "left")\">\(Display.escape(j < texts.count ? texts[j] : ""))</\(tag)>"
            }.joined() + "</tr>"
        }
        var s = "<table>"
        if let header { s += "<thead>" + cells(header, "th") + "</thead>" }
        s += "<tbody>" + rows.map { cells($0.map(\.text), "td") }.joined() + "</tbody></table>"
        return ["text/html": s]
    }

    static let members = MemberTable<TableValue>([
        .property("header", "the column names (nil when the table has none).") { t in
            t.header.map { .list(ListStorage($0.map { .string($0) })) } ?? .null
        },
    ])

    func length() throws -> Int { rows.count }
}
