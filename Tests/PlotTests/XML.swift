// A small, strict XML reader for checking the SVG the charts write: well-formedness and a tree to query.

/// An XML element: its name, attributes, children and the text directly inside it.
final class SVGNode {
    let name: String
    let attributes: [String: String]
    var children: [SVGNode] = []
    var text = ""
    weak var parent: SVGNode?

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// This element and all below it, in document order.
    var descendants: [SVGNode] { [self] + children.flatMap(\.descendants) }

    /// The text of this element and all below it.
    var allText: String { text + children.map(\.allText).joined() }

    /// Elements (at any depth, this one included) with the given name.
    func all(_ name: String) -> [SVGNode] { descendants.filter { $0.name == name } }

    /// Elements whose `class` attribute holds the given token.
    func withClass(_ token: String) -> [SVGNode] {
        descendants.filter { ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(token)) }
    }

    /// The first element with the given class token.
    func first(class token: String) -> SVGNode? { withClass(token).first }

    /// A numeric attribute.
    func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
}

/// Why a document is not well-formed, and where.
struct XMLError: Error, CustomStringConvertible {
    let message: String
    let offset: Int
    var description: String { "XML error at \(offset): \(message)" }
}

/// Parses a document (one root element; comments and a leading declaration allowed), or throws.
enum XML {
    static func parse(_ text: String) throws -> SVGNode {
        var reader = Reader(Array(text.unicodeScalars))
        return try reader.document()
    }

    private struct Reader {
        let s: [Unicode.Scalar]
        var i = 0
        init(_ s: [Unicode.Scalar]) { self.s = s }

        func fail(_ message: String) -> XMLError { XMLError(message: message, offset: i) }
        var atEnd: Bool { i >= s.count }
        func peek(_ literal: String) -> Bool {
            let l = Array(literal.unicodeScalars)
            return i + l.count <= s.count && Array(s[i..<i + l.count]) == l
        }
        mutating func expect(_ literal: String) throws {
            guard peek(literal) else { throw fail("expected \(literal)") }
            i += literal.unicodeScalars.count
        }
        mutating func skipSpace() { while !atEnd && [" ", "\n", "\t", "\r"].contains(s[i]) { i += 1 } }

        static func isNameStart(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" || c == ":" || c.value > 0x7F
        }
        static func isName(_ c: Unicode.Scalar) -> Bool {
            isNameStart(c) || (c >= "0" && c <= "9") || c == "-" || c == "."
        }
        static func isChar(_ c: Unicode.Scalar) -> Bool {
            let v = c.value
            return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF)
        }

        mutating func name() throws -> String {
            guard !atEnd, Reader.isNameStart(s[i]) else { throw fail("expected a name") }
            var n = ""
            while !atEnd && Reader.isName(s[i]) { n.unicodeScalars.append(s[i]); i += 1 }
            return n
        }

        mutating func miscellany() throws {
            while true {
                skipSpace()
                if peek("<!--") {
                    i += 4
                    while !peek("-->") { guard !atEnd else { throw fail("unterminated comment") }; i += 1 }
                    i += 3
                } else if peek("<?") {
                    while !peek("?>") { guard !atEnd else { throw fail("unterminated declaration") }; i += 1 }
                    i += 2
                } else {
                    return
                }
            }
        }

        mutating func document() throws -> SVGNode {
            try miscellany()
            let root = try element()
            try miscellany()
            guard atEnd else { throw fail("content after the root element") }
            return root
        }

        /// An entity or character reference, after its `&`.
        mutating func reference() throws -> String {
            var body = ""
            while !atEnd && s[i] != ";" {
                guard body.unicodeScalars.count < 12 else { throw fail("bad reference") }
                body.unicodeScalars.append(s[i]); i += 1
            }
            guard !atEnd else { throw fail("unterminated reference") }
            i += 1
            switch body {
            case "amp": return "&"
            case "lt": return "<"
            case "gt": return ">"
            case "quot": return "\""
            case "apos": return "'"
            default:
                var value: UInt32?
                if body.hasPrefix("#x") { value = UInt32(body.dropFirst(2), radix: 16) }
                else if body.hasPrefix("#") { value = UInt32(body.dropFirst(), radix: 10) }
                guard let v = value, let scalar = Unicode.Scalar(v), Reader.isChar(scalar) else {
                    throw fail("unknown reference &\(body);")
                }
                return String(Character(scalar))
            }
        }

        mutating func element() throws -> SVGNode {
            try expect("<")
            let tag = try name()
            var attributes: [String: String] = [:]
            while true {
                let before = i
                skipSpace()
                if peek("/>") || peek(">") { break }
                guard i > before else { throw fail("expected space before an attribute") }
                let key = try name()
                skipSpace(); try expect("="); skipSpace()
                guard !atEnd, s[i] == "\"" || s[i] == "'" else { throw fail("attribute value must be quoted") }
                let quote = s[i]; i += 1
                var value = ""
                while true {
                    guard !atEnd else { throw fail("unterminated attribute value") }
                    let c = s[i]
                    if c == quote { i += 1; break }
                    if c == "<" { throw fail("< in attribute value") }
                    guard Reader.isChar(c) else { throw fail("character not allowed in XML") }
                    if c == "&" { i += 1; value += try reference() } else { value.unicodeScalars.append(c); i += 1 }
                }
                guard attributes[key] == nil else { throw fail("duplicate attribute \(key)") }
                attributes[key] = value
            }
            let node = SVGNode(name: tag, attributes: attributes)
            if peek("/>") { i += 2; return node }
            try expect(">")
            while true {
                guard !atEnd else { throw fail("unclosed <\(tag)>") }
                if peek("</") {
                    i += 2
                    let closing = try name()
                    guard closing == tag else { throw fail("</\(closing)> closes <\(tag)>") }
                    skipSpace()
                    try expect(">")
                    return node
                } else if peek("<!--") {
                    i += 4
                    while !peek("-->") { guard !atEnd else { throw fail("unterminated comment") }; i += 1 }
                    i += 3
                } else if peek("<![CDATA[") {
                    i += 9
                    while !peek("]]>") { guard !atEnd else { throw fail("unterminated CDATA") }; node.text.unicodeScalars.append(s[i]); i += 1 }
                    i += 3
                } else if peek("<") {
                    let child = try element()
                    child.parent = node
                    node.children.append(child)
                } else {
                    let c = s[i]
                    guard Reader.isChar(c) else { throw fail("character not allowed in XML") }
                    if c == "&" { i += 1; node.text += try reference() }
                    else if peek("]]>") { throw fail("]]> in text") }
                    else { node.text.unicodeScalars.append(c); i += 1 }
                }
            }
        }
    }
}
