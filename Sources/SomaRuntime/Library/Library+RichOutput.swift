import Script
import TensorEngine

/// Rich output: HTML, Markdown, LaTeX, pictures of tensors and tables, which a notebook renders and a
/// terminal prints as text. Each is a value, shown as the last expression of a cell or by `display`.
extension Library {
    static func addRichOutput(_ lib: inout Library) {
        let kinds: [(RichTextValue.Kind, String)] = [
            (.html, "HTML a notebook renders (text/html); a terminal prints its text, tags removed and entities decoded."),
            (.markdown, "Markdown a notebook renders (text/markdown); a terminal prints it as written."),
            (.latex, "LaTeX a notebook renders with MathJax (text/latex), e.g. latex(\"$$\\\\sigma(x) = \\\\frac{1}{1+e^{-x}}$$\"); a terminal prints it as written."),
        ]
        for (kind, summary) in kinds {
            lib.add(kind.typeName.lowercased(), ["source"], summary) { a, _ in
                .object(RichTextValue(kind, try a.string("source", as: "the source of \(kind.typeName.lowercased())")))
            }
        }
        lib.add("image", ["x", .defaulted("nrow", 8), .defaulted("padding", 2), .defaulted("padValue", 0), .defaulted("normalize", false),
                          .optional("scale", shown: "up to 128 pixels")],
                "a tensor as a picture (a PNG in a notebook, block characters in a terminal): [H, W] or [1, H, W] gray, [3, H, W] RGB, or a batch [N, H, W] / [N, C, H, W] laid out as make_grid does (nrow a row, padding pixels of padValue); floats in [0, 1] (normalize stretches min…max to it), integers 0…255; scale repeats each pixel (by default small images grow to about 128 pixels).") { a, _ in
            let grid = ImageGrid(nrow: try a.integer("nrow", as: "nrow of image"), padding: try a.integer("padding", as: "padding of image"),
                                 padValue: try a.number("padValue", as: "padValue of image"), normalize: try a.boolean("normalize", as: "normalize of image"))
            let pixels = try grid.pixels(try a.tensor("x", as: "the tensor of image"))
            let scale = try a.given("scale").map { try $0.integer("scale of image") } ?? ImageValue.defaultScale(width: pixels.width, height: pixels.height)
            guard (1...64).contains(scale) else { throw ScriptError("ValueError", "image: scale must be 1…64, got \(scale)") }
            return .object(try ImageValue(pixels, scale: scale))
        }
        lib.add("table", ["rows", .optional("header", shown: "the keys of dictionary rows")],
                "rows (a list of lists, or of dictionaries whose keys name the columns) as a table: HTML in a notebook, aligned text in a terminal (numbers right, text left).") { a, _ in
            let header = try a.given("header").map { try $0.sequence("header of table").map(\.text) }
            return .object(try tableValue(try a.value("rows"), header: header))
        }
    }

    /// The table of `rows`: lists, each as long as the header (or the first row), or dictionaries.
    private static func tableValue(_ rows: Value, header: [String]?) throws -> TableValue {
        guard case .list(let list) = rows else {
            throw ScriptError("TypeError", "table: rows must be a list of lists or of dictionaries, not a \(rows.typeName)")
        }
        let items = list.items
        if case .dictionary? = items.first {
            let dictionaries = try items.enumerated().map { i, row in
                guard case .dictionary(let d) = row else {
                    throw ScriptError("TypeError", "table: rows[\(i)] is a \(row.typeName) but rows[0] is a dictionary; give every row as a dictionary or every row as a list")
                }
                return d
            }
            // The header names the keys to show; without one, every key, in the order first seen.
            var keys: [Value] = [], seen = Set<String>()
            if let header { keys = header.map { .string($0) } } else {
                for d in dictionaries { for k in d.keys where seen.insert(k.repr).inserted { keys.append(k) } }
            }
            let cells = try dictionaries.map { d in try keys.map { TableValue.cell(try d.get($0) ?? .null) } }
            return TableValue(header: header ?? keys.map(\.text), rows: cells)
        }
        let lists = try items.enumerated().map { i, row -> [Value] in
            guard case .list(let l) = row else {
                throw ScriptError("TypeError", "table: rows[\(i)] is a \(row.typeName); each row must be a list (or every row a dictionary)")
            }
            return l.items
        }
        if let first = lists.first {
            let expected = header?.count ?? first.count
            if let i = lists.firstIndex(where: { $0.count != expected }) {
                let against = header == nil ? "rows[0] has \(expected)" : "the header has \(expected) name\(expected == 1 ? "" : "s")"
                throw ScriptError("ValueError", "table: rows[\(i)] has \(lists[i].count) cell\(lists[i].count == 1 ? "" : "s") but \(against); every row needs one cell per column")
            }
        }
        return TableValue(header: header, rows: lists.map { $0.map(TableValue.cell) })
    }
}
