import Foundation
import Script
@testable import SomaRuntime
import Testing

/// html, markdown, latex, image and table as a notebook sees them (their MIME bundles), and the text
/// forms a terminal draws.
struct RichOutputTests {
    func bundle(_ code: String, _ runtime: Runtime = Runtime()) throws -> MimeBundle {
        let value = try #require(try runtime.run(code, as: .cell(1)))
        return try runtime.bundle(value)
    }

    @Test func richTextCarriesItsSourceAndAPlainForm() throws {
        #expect(try bundle("html(\"<p>a &amp; <b>b</b></p><p>c</p>\")") == ["text/html": "<p>a &amp; <b>b</b></p><p>c</p>", "text/plain": "a & b\nc"])
        #expect(try bundle("markdown(\"# T\\n*x*\")") == ["text/markdown": "# T\n*x*", "text/plain": "# T\n*x*"])
        #expect(try bundle("latex(\"$x^2$\")") == ["text/latex": "$x^2$", "text/plain": "$x^2$"])
    }

    @Test func htmlTextDropsMarkupAndKeepsPreformattedText() {
        #expect(HTMLText.plain("<div>one</div><div>two <i>three</i></div>") == "one\ntwo three")
        #expect(HTMLText.plain("<ol><li>a</li><li>b</li></ol>") == "- a\n- b")
        #expect(HTMLText.plain("x<style>p { }</style>y<!-- z -->") == "xy")
        #expect(HTMLText.plain("<pre>a\n  b</pre>") == "a\n  b")
        #expect(HTMLText.plain("<a href=\"x>y\">link</a> 1 < 2 &#x41;&#66;&bogus;") == "link 1 < 2 AB&bogus;")
    }

    /// The PNG of an image bundle, decoded again by libpng through `readImage`, as a [C, H, W] tensor's
    /// shape and its elements.
    func decodedPNG(_ code: String) throws -> (shape: [Int], values: [Double]) {
        let runtime = Runtime()
        let base64 = try #require(try bundle(code, runtime)["image/png"])
        let bytes = try #require(Data(base64Encoded: base64))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("soma-rich-\(UUID().uuidString).png").path
        try bytes.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let shape = try #require(try runtime.run("readImage(\"\(path)\").shape", as: .cell(2))).sequence("shape").map { try $0.number("n") }
        let values = try #require(try runtime.run("readImage(\"\(path)\").flatten().tolist()", as: .cell(3))).sequence("values").map { try $0.number("v") }
        return (shape.map { Int($0) }, values)
    }

    @Test func tinyImagesGrowByRepeatingPixels() throws {
        let (shape, values) = try decodedPNG("let x = zeros([8, 8]); x[0, 0] = 1; image(x)")
        #expect(shape == [1, 128, 128])
        // Pixel (0, 0) became a 16 × 16 white block.
        #expect(values[0] == 255 && values[15] == 255 && values[16] == 0 && values[15 * 128] == 255 && values[16 * 128] == 0)
    }

    @Test func aBatchIsLaidOutAsMakeGridDoes() throws {
        // Two 2 × 2 images side by side, 2 pixels of padding of 0.2 around and between: 10 × 6.
        let (shape, values) = try decodedPNG("image(stack([ones([1, 2, 2]), full([1, 2, 2], 0.5)]), padValue: 0.2, scale: 1)")
        #expect(shape == [1, 6, 10])
        func pixel(_ x: Int, _ y: Int) -> Double { values[y * 10 + x] }
        #expect(pixel(0, 0) == 51 && pixel(2, 2) == 255 && pixel(3, 3) == 255 && pixel(4, 2) == 51)
        #expect(pixel(6, 2) == 128 && pixel(7, 3) == 128 && pixel(8, 2) == 51 && pixel(6, 4) == 51)
    }

    @Test func rgbImagesAreChannelsFirst() throws {
        let (shape, values) = try decodedPNG("image(tensor([[[1, 0]], [[0, 1]], [[0, 0.5]]]), scale: 1)")
        #expect(shape == [3, 1, 2])
        #expect(values == [255, 0, 0, 255, 0, 128])
    }

    @Test func gridRowsFollowNrow() throws {
        let pixels = try ImageGrid(nrow: 2, padding: 1).pixels(try Convert.tensor(try #require(try Runtime().run("zeros([5, 4, 5])", as: .cell(1))), "x"))
        // Five images, two a row: three rows.
        #expect(pixels.width == 2 * 6 + 1 && pixels.height == 3 * 5 + 1 && pixels.channels == 1)
    }

    @Test func colorPicturesUseHalfBlocksWithinTheColumns() {
        let wide = Pixels(width: 200, height: 4, channels: 3, bytes: [UInt8](repeating: 200, count: 200 * 4 * 3))
        let color = BlockPicture.text(wide, columns: 50, color: true)
        let lines = color.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.allSatisfy { $0.filter { $0 == "\u{2580}" }.count == 50 })
        #expect(color.contains("\u{1B}[38;5;") && color.hasSuffix("\u{1B}[0m"))
        let plain = BlockPicture.text(wide, columns: 80, color: false)
        #expect(plain.split(separator: "\n").allSatisfy { $0.count <= 80 } && !plain.contains("\u{1B}"))
    }

    @Test func tablesAreHTMLWithAlignedColumns() throws {
        let html = try #require(try bundle("table([[\"a\", 1], [\"b<\", 2.5]], header: [\"name\", \"x\"])")["text/html"])
        #expect(html.hasPrefix("<table><thead><tr><th style=\"text-align:left\">name</th><th style=\"text-align:right\">x</th></tr></thead>"))
        #expect(html.contains("<td style=\"text-align:left\">b&lt;</td><td style=\"text-align:right\">2.5</td>"))
    }

    @Test func aLayersDisplayMethodDecidesItsBundle() throws {
        let runtime = Runtime()
        _ = try runtime.run("layer Card(title) { fn display() { html(\"<h2>\" + title + \"</h2>\") } }", as: .cell(1))
        #expect(try bundle("Card(\"hi\")", runtime) == ["text/html": "<h2>hi</h2>", "text/plain": "hi"])
        // The error names the method, and the session keeps its definitions.
        _ = try runtime.run("layer Bad() { fn display() { nope } }", as: .cell(3))
        let value = try #require(try runtime.run("Bad()", as: .cell(4)))
        #expect(throws: ScriptError.self) { try runtime.bundle(value) }
        do { _ = try runtime.bundle(value) } catch let e as ScriptError {
            #expect(e.kind == "NameError" && e.message.hasSuffix("(in Bad.display(), which shows a Bad)") && e.location.line == 1)
            // The second place: the line whose result was being shown.
            #expect(e.trace.last?.source?.text == "Bad()" && e.trace.last?.location.line == 1)
        }
        #expect(try bundle("Card(\"again\")", runtime)["text/plain"] == "again")
    }
}
