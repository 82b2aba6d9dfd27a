// Terminal colors for text charts: the palette as xterm 256-color escapes, which nearly every terminal shows.

/// ANSI escape sequences that color text in a terminal.
public enum ANSIColor {
    /// The escape that sets the foreground to the xterm 256-color entry nearest `color`. Black becomes
    /// the terminal's own foreground color, so that it stays visible on a dark background.
    public static func foreground(_ color: Color) -> String {
        if color == Color(red: 0, green: 0, blue: 0) { return "\u{1B}[39m" }
        return "\u{1B}[38;5;\(index(color))m"
    }

    /// One character cell of a picture: an upper half block in `top` over a background of `bottom`,
    /// each the nearest 256-color entry (black stays black here: it is a pixel, not text).
    public static func halfBlock(top: Color, bottom: Color) -> String {
        "\u{1B}[38;5;\(index(top));48;5;\(index(bottom))m\u{2580}"
    }

    /// The escape that resets colors.
    public static let reset = "\u{1B}[0m"

    /// The nearest entry of the 6×6×6 color cube (16…231) or the gray ramp (232…255).
    static func index(_ color: Color) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ v: UInt8) -> Int {
            levels.indices.min { abs(levels[$0] - Int(v)) < abs(levels[$1] - Int(v)) }!
        }
        let (r, g, b) = (nearestLevel(color.red), nearestLevel(color.green), nearestLevel(color.blue))
        let cube = (levels[r], levels[g], levels[b])
        let average = (Int(color.red) + Int(color.green) + Int(color.blue)) / 3
        let grayStep = max(0, min(23, (average - 8 + 5) / 10))
        let gray = 8 + 10 * grayStep
        func distance(_ c: (Int, Int, Int)) -> Int {
            let (dr, dg, db) = (c.0 - Int(color.red), c.1 - Int(color.green), c.2 - Int(color.blue))
            return dr * dr + dg * dg + db * db
        }
        return distance((gray, gray, gray)) < distance(cube) ? 232 + grayStep : 16 + 36 * r + 6 * g + b
    }
}
