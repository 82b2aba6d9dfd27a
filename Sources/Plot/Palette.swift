// Colors for series and classes: the Okabe–Ito palette, safe for the common forms of color blindness.

/// The categorical palette for series and classes (Okabe & Ito, 2008), readable with color blindness.
public enum Palette {
    /// Blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.
    public static let okabeIto: [Color] = [
        Color(hex: 0x0072B2), Color(hex: 0xE69F00), Color(hex: 0x009E73), Color(hex: 0xD55E00),
        Color(hex: 0xCC79A7), Color(hex: 0x56B4E9), Color(hex: 0xF0E442), Color(hex: 0x000000),
    ]

    /// The color for series or class `index` (cycling through the palette; negative indices wrap too).
    public static func color(_ index: Int) -> Color {
        let n = okabeIto.count
        return okabeIto[((index % n) + n) % n]
    }
}
