import JSONFormat
import Plot
import Script
import TensorEngine

/// A MIME bundle: what a value looks like to a notebook (`text/plain` always, richer forms beside it).
public typealias MimeBundle = [String: String]

/// A value that shows itself as an SVG picture in a notebook (charts, graphs, training histories).
protocol SVGDisplayable {
    func displaySVG() -> String
}

/// A value with forms of its own beside `text/plain` (its `text`): HTML, Markdown, LaTeX, PNG pictures, tables.
protocol MimeDisplayable {
    var mimeForms: MimeBundle { get }
}

/// Renders values for display.
public enum Display {
    /// The bundle for a value: `text/plain` always; tensors add `text/html`, charts and graphs `image/svg+xml`.
    public static func bundle(_ value: Value) -> MimeBundle {
        if case .object(let widget as WidgetValue) = value { return widget.bundle }
        var bundle: MimeBundle = ["text/plain": value.repr]
        if case .object(let o as TensorValue) = value { bundle["text/html"] = html(o.tensor) }
        if case .object(let o as SVGDisplayable) = value { bundle["image/svg+xml"] = o.displaySVG() }
        if case .object(let o as MimeDisplayable) = value { bundle.merge(o.mimeForms) { _, new in new } }
        return bundle
    }

    /// A bundle as JSON, as notebooks carry it: JSON types (`application/json`, `…+json`) hold their
    /// text parsed, so that a widget's view arrives as an object; the others hold their text.
    public static func json(_ bundle: MimeBundle) -> [String: JSON] {
        bundle.reduce(into: [:]) { data, entry in
            let isJSON = entry.key.hasSuffix("+json") || entry.key.hasSuffix("/json")
            data[entry.key] = isJSON ? (try? JSON.parse(entry.value)) ?? .string(entry.value) : .string(entry.value)
        }
    }

    /// A tensor as an HTML table (matrices and vectors) or preformatted text (other ranks), with its shape.
    static func html(_ t: Tensor) -> String {
        // As the text form, the caption names the type when it is not float32.
        let type = t.dtype == .float32 ? "" : " \(t.dtype.rawValue)"
        let caption = "<div style=\"font-size:smaller;color:#666\">Tensor \(escape(String(describing: t.shape)))\(type)</div>"
        guard t.rank <= 2, t.count <= 400, t.count > 0 else {
            return caption + "<pre>" + escape(t.description) + "</pre>"
        }
        let rows = t.rank == 2 ? t.shape[0] : 1, cols = t.rank == 0 ? 1 : t.shape[t.rank - 1]
        let texts = t.elementTexts()
        var s = caption + "<table style=\"font-family:monospace;border-collapse:collapse\">"
        for r in 0..<rows {
            s += "<tr>"
            for c in 0..<cols { s += "<td style=\"padding:2px 8px;text-align:right\">\(texts[r * cols + c])</td>" }
            s += "</tr>"
        }
        return s + "</table>"
    }

    static func escape(_ s: String) -> String {
        s.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;")
    }
}

extension String {
    func replacingAll(_ a: String, _ b: String) -> String { split(separator: a, omittingEmptySubsequences: false).joined(separator: b) }

    /// The text without the spaces at its end (lines of text pictures and tables, which pad with spaces).
    var droppingTrailingSpaces: String {
        guard let last = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[...last])
    }
}
