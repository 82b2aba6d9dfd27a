import Plot
import Testing
#if canImport(FoundationXML)
import Foundation
import FoundationXML
#elseif canImport(Foundation)
import Foundation
#endif

/// Parses a chart's SVG with the strict reader here (and Foundation's XMLParser where there is one),
/// checks the document-level promises (namespace, viewBox, scaling, no scripts or external
/// resources, no ids), and returns the tree to query.
func svgTree(_ chart: Chart, sourceLocation: SourceLocation = #_sourceLocation) throws -> SVGNode {
    try svgTree(svg: chart.svg(), sourceLocation: sourceLocation)
}

/// The same checks for any SVG document the Plot target writes (graph diagrams too).
func svgTree(svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SVGNode {
    let root = try XML.parse(svg)
    #expect(root.name == "svg", sourceLocation: sourceLocation)
    #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg", sourceLocation: sourceLocation)
    #expect(root.attributes["viewBox"]?.hasPrefix("0 0 ") == true, sourceLocation: sourceLocation)
    #expect(root.attributes["style"]?.contains("max-width:100%") == true, sourceLocation: sourceLocation)
    #expect(root.attributes["font-family"]?.hasSuffix("sans-serif") == true, sourceLocation: sourceLocation)
    for node in root.descendants {
        #expect(node.name != "script" && node.name != "image" && node.name != "foreignObject", sourceLocation: sourceLocation)
        #expect(node.attributes["id"] == nil, "ids would clash between plots on one page", sourceLocation: sourceLocation)
        #expect(node.attributes["href"] == nil && node.attributes["xlink:href"] == nil, sourceLocation: sourceLocation)
        #expect(!node.attributes.keys.contains { $0.hasPrefix("on") }, "no event handlers", sourceLocation: sourceLocation)
    }
    #expect(!svg.contains("url("), "no external or internal references", sourceLocation: sourceLocation)
    #expect(foundationAccepts(svg), "XMLParser rejects the SVG", sourceLocation: sourceLocation)
    return root
}

/// Whether Foundation's XMLParser (FoundationXML on Linux) parses the text; true where there is none.
func foundationAccepts(_ text: String) -> Bool {
    #if canImport(FoundationXML) || canImport(Foundation)
    let parser = XMLParser(data: Data(text.utf8))
    return parser.parse()
    #else
    return true
    #endif
}

/// The texts of the elements with a class token (each element's whole text).
func texts(_ root: SVGNode, class token: String) -> [String] {
    root.withClass(token).map(\.allText)
}

/// Texts of the `text` elements under the first element with a class token.
func labels(_ root: SVGNode, _ token: String) -> [String] {
    root.first(class: token)?.all("text").map(\.allText) ?? []
}
