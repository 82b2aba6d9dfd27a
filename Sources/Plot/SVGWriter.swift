// Builds SVG text: elements in order, attributes escaped, numbers compact.

/// The font stack of every drawing: Latin faces first, then faces with Hangul glyphs (Korean titles
/// and labels) on Linux, macOS and Windows, and generic sans-serif last, so every renderer finds something.
public enum SVGFontFamily {
    public static let stack = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
        + "'Noto Sans KR', 'Noto Sans CJK KR', 'Apple SD Gothic Neo', 'Malgun Gothic', NanumGothic, sans-serif"
}

/// Text as SVG content or attribute values: markup characters escaped, and the control characters XML
/// does not allow left out.
public enum SVGText {
    public static func escape(_ text: String) -> String { SVGWriter.escape(text) }
}

/// Accumulates an SVG document: elements with ordered attributes, escaped text, compact numbers.
struct SVGWriter {
    /// The text written so far.
    private(set) var output = ""
    private var openElements: [String] = []

    static let fontFamily = SVGFontFamily.stack

    /// Opens the root `<svg>`: a `viewBox` of the given size that scales down with its container.
    mutating func openDocument(width: Double, height: Double, title: String) {
        let w = n(width), h = n(height)
        output += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\""
        output += " style=\"max-width:100%;height:auto\" font-family=\"\(SVGWriter.escape(SVGWriter.fontFamily))\""
        output += " role=\"img\">"
        openElements.append("svg")
        if !title.isEmpty { element("title", [:], text: title) }
    }

    /// Opens an element that will hold children.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        output += "<" + name
        append(attributes)
        output += ">"
        openElements.append(name)
    }

    /// Closes the innermost open element.
    mutating func close() {
        guard let name = openElements.popLast() else { return }
        output += "</" + name + ">"
    }

    /// Writes a complete element: self-closing, or with escaped text content.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String>, text: String? = nil) {
        output += "<" + name
        append(attributes)
        if let text {
            output += ">" + SVGWriter.escape(text) + "</" + name + ">"
        } else {
            output += "/>"
        }
    }

    /// Writes a text element; `anchor` is start, middle or end; `rotate` turns it about its anchor point.
    mutating func text(_ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
                       color: String = "#222", weight: String? = nil, rotate: Double = 0, className: String? = nil) {
        output += "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" fill=\"\(color)\""
        if anchor != "start" { output += " text-anchor=\"\(anchor)\"" }
        if let weight { output += " font-weight=\"\(weight)\"" }
        if rotate != 0 { output += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        if let className { output += " class=\"\(SVGWriter.escape(className))\"" }
        output += ">" + SVGWriter.escape(content) + "</text>"
    }

    /// Writes a filled rectangle.
    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, extra: String = "") {
        output += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(fill)\"\(extra)/>"
    }

    /// Writes a straight line.
    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1) {
        output += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\"/>"
    }

    /// Writes raw, already well-formed SVG.
    mutating func raw(_ text: String) {
        output += text
    }

    /// Closes everything still open and returns the document.
    mutating func finish() -> String {
        while !openElements.isEmpty { close() }
        return output
    }

    /// A number for an attribute.
    func n(_ value: Double) -> String { NumberFormat.coordinate(value) }

    /// Text made safe for XML content and attribute values: markup escaped, characters XML 1.0 forbids dropped.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private mutating func append(_ attributes: KeyValuePairs<String, String>) {
        for (key, value) in attributes {
            output += " " + key + "=\"" + SVGWriter.escape(value) + "\""
        }
    }
}
