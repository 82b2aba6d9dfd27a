// How wide a label will be, estimated without a font: layout decides margins and legend room from it.

/// Estimated text widths for sans-serif fonts.
enum TextMetrics {
    /// Advance widths in ems of the printable ASCII characters (space to tilde), rounded up from DejaVu
    /// Sans, the widest of the common sans-serif fonts (Linux's default); Helvetica and Arial are narrower,
    /// so a label measured here fits wherever the chart is opened.
    private static let ascii: [Double] = [
        0.32, 0.40, 0.46, 0.84, 0.64, 0.95, 0.78, 0.28, 0.39, 0.39, 0.50, 0.84, 0.32, 0.36, 0.32, 0.34, // space…/
        0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.34, 0.34, 0.84, 0.84, 0.84, 0.53, // 0…?
        1.00, 0.69, 0.69, 0.70, 0.77, 0.64, 0.58, 0.78, 0.76, 0.30, 0.30, 0.66, 0.56, 0.87, 0.75, 0.79, // @…O
        0.61, 0.79, 0.70, 0.64, 0.62, 0.74, 0.69, 0.99, 0.69, 0.62, 0.69, 0.39, 0.34, 0.39, 0.84, 0.50, // P…_
        0.50, 0.62, 0.64, 0.55, 0.64, 0.62, 0.36, 0.64, 0.64, 0.28, 0.28, 0.58, 0.28, 0.98, 0.64, 0.62, // `…o
        0.64, 0.64, 0.42, 0.53, 0.40, 0.64, 0.60, 0.82, 0.60, 0.60, 0.53, 0.64, 0.34, 0.64, 0.84,       // p…~
    ]

    /// The width in pixels of `text` at font size `size`; `bold` text is about 10% wider.
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v >= 0x20 && v < 0x7F {
                ems += ascii[Int(v) - 0x20]
            } else if (0x0300...0x036F).contains(v) || (0x200B...0x200D).contains(v) || v == 0xFE0F {
                continue  // combining marks and zero-width joiners take no room of their own
            } else if v >= 0x1100 && (v <= 0x115F || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                                      || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || v >= 0x1F300) {
                ems += 1.0  // wide: CJK, Hangul, full-width forms, emoji
            } else if (0x2070...0x209F).contains(v) || v == 0xB2 || v == 0xB3 || v == 0xB9 {
                ems += 0.42  // superscripts and subscripts
            } else {
                ems += 0.66
            }
        }
        return ems * size * (bold ? 1.1 : 1)
    }
}
