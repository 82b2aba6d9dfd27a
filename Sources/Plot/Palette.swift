// Colors and marker shapes for series and classes, readable with the common forms of color blindness.

/// The categorical palette for series and classes: Okabe & Ito's eight (2008), then wine and olive from
/// Paul Tol's muted scheme, so that the ten digit classes get ten colors; past ten, marker shapes tell
/// classes of the same color apart.
public enum Palette {
    /// Blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black, wine, olive.
    public static let categorical: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73), Color(hex: 0xD55E00),
        Color(hex: 0xCC79A7), Color(hex: 0x56B4E9), Color(hex: 0xF0E442), Color(hex: 0x000000),
        Color(hex: 0x882255), Color(hex: 0x999933),
    ]

    /// The color for series or class `index` (cycling through the palette; negative indices wrap too).
    public static func color(_ index: Int) -> Color {
        categorical[wrapped(index, categorical.count)]
    }

    /// The marker shape for series or class `index`: circles for the first round of colors, then
    /// squares, triangles and diamonds, so that class 10 is not drawn as class 0.
    public static func shape(_ index: Int) -> MarkerShape {
        MarkerShape.allCases[wrapped(index, categorical.count * MarkerShape.allCases.count) / categorical.count]
    }

    static func wrapped(_ index: Int, _ n: Int) -> Int { ((index % n) + n) % n }
}

/// The shape of a point marker.
public enum MarkerShape: CaseIterable, Sendable {
    case circle, square, triangle, diamond

    /// The SVG element for a marker of this shape centred at (`x`, `y`) with `radius` (the circle's;
    /// the others are sized to look as large); `n` writes a coordinate.
    func svg(x: Double, y: Double, radius r: Double, attributes: String = "", _ n: (Double) -> String) -> String {
        switch self {
        case .circle:
            return "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(r))\"\(attributes)/>"
        case .square:
            let s = r * 0.9
            return "<rect x=\"\(n(x - s))\" y=\"\(n(y - s))\" width=\"\(n(2 * s))\" height=\"\(n(2 * s))\"\(attributes)/>"
        case .triangle:
            let s = r * 1.25
            return "<path d=\"M\(n(x)) \(n(y - s))L\(n(x + s * 0.87)) \(n(y + s * 0.5))L\(n(x - s * 0.87)) \(n(y + s * 0.5))Z\"\(attributes)/>"
        case .diamond:
            let s = r * 1.2
            return "<path d=\"M\(n(x)) \(n(y - s))L\(n(x + s)) \(n(y))L\(n(x)) \(n(y + s))L\(n(x - s)) \(n(y))Z\"\(attributes)/>"
        }
    }
}
