@testable import Plot
import Testing

@Suite struct FormatTests {
    @Test func fixedDecimals() {
        #expect(NumberFormat.fixed(0.2, decimals: 1) == "0.2")
        #expect(NumberFormat.fixed(1, decimals: 2) == "1.00")
        #expect(NumberFormat.fixed(-0.05, decimals: 1) == "-0.1")
        #expect(NumberFormat.fixed(-0.04, decimals: 1) == "0.0")
        #expect(NumberFormat.fixed(123.456, decimals: 0) == "123")
        #expect(NumberFormat.fixed(0.001, decimals: 3) == "0.001")
        #expect(NumberFormat.fixed(.nan, decimals: 2) == "nan")
        #expect(NumberFormat.fixed(-.infinity, decimals: 2) == "-inf")
    }

    @Test func compactSignificantDigits() {
        #expect(NumberFormat.compact(0.693147) == "0.6931")
        #expect(NumberFormat.compact(499) == "499")
        #expect(NumberFormat.compact(12345.6) == "12346")
        #expect(NumberFormat.compact(0) == "0")
        #expect(NumberFormat.compact(-2.5) == "-2.5")
        #expect(NumberFormat.compact(1.5e-7) == "1.5e-7")
        #expect(NumberFormat.compact(2e12) == "2e+12")
        #expect(NumberFormat.exponential(9.9996e5, significant: 3) == "1e+6")
    }

    @Test func coordinatesAreShort() {
        #expect(NumberFormat.coordinate(12.0) == "12")
        #expect(NumberFormat.coordinate(12.345) == "12.35" || NumberFormat.coordinate(12.345) == "12.34")
        #expect(NumberFormat.coordinate(-0.001) == "0")
        #expect(NumberFormat.coordinate(.nan) == "0")
    }

    @Test func superscripts() {
        #expect(NumberFormat.superscript(-12) == "⁻¹²")
        #expect(NumberFormat.superscript(3) == "³")
    }

    @Test func escapingMarkupAndControlCharacters() {
        #expect(SVGWriter.escape("a < b & \"c\" > d") == "a &lt; b &amp; &quot;c&quot; &gt; d")
        #expect(SVGWriter.escape("bell\u{07}tab\tnull\u{0}") == "belltab\tnull")
        #expect(SVGWriter.escape("λ → ∞ 😀") == "λ → ∞ 😀")
    }

    @Test func colors() {
        #expect(Color(hex: 0x0072B2).hex == "#0072b2")
        #expect(Color.white.luminance > 0.99 && Color.black.luminance < 0.01)
        #expect(Color.black.mixed(with: .white, 0.5).hex == "#808080")
        #expect(Palette.color(0) == Palette.categorical[0] && Palette.color(10) == Palette.categorical[0])
        #expect(Palette.color(-1) == Palette.categorical[9])
        // The ten digit classes get ten colors; past ten, the shape changes.
        #expect(Set((0..<10).map(Palette.color)).count == 10)
        #expect((0..<10).allSatisfy { Palette.shape($0) == .circle })
        #expect(Palette.shape(10) == .square && Palette.shape(25) == .triangle && Palette.shape(39) == .diamond && Palette.shape(40) == .circle)
        #expect(Colormap.viridis.color(at: 0).hex == "#440154")
        #expect(Colormap.viridis.color(at: 1).hex == "#fde725")
        #expect(Colormap.gray.color(at: 0) == .black && Colormap.gray.color(at: 1) == .white)
        #expect(Colormap.grayReversed.color(at: 0) == .white)
        #expect(Colormap.diverging.color(at: 0.5).hex == "#f7f7f7")
        #expect(Colormap(name: "gray_r") == .grayReversed && Colormap(name: "Viridis") == .viridis && Colormap(name: "jet") == nil)
        // Viridis gets lighter all the way up (perceptually ordered).
        let luminances = stride(from: 0.0, through: 1.0, by: 0.05).map { Colormap.viridis.color(at: $0).luminance }
        #expect(zip(luminances, luminances.dropFirst()).allSatisfy { $0 < $1 })
    }
}
