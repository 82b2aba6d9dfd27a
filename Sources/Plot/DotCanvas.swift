// A character grid to draw dots on: 2×4 Unicode braille dots per character, or one ASCII dot.

/// A grid of characters drawn as dots: Unicode braille (2 × 4 dots per character) or plain ASCII
/// (one dot per character: `*`-like markers at data points, `.` along the lines between them).
struct DotCanvas {
    /// Marker characters for series 0, 1, 2, … in ASCII mode.
    static let asciiMarkers: [Character] = ["*", "+", "o", "x", "#", "@", "%", "&", "$", "="]

    /// The marker character for series or class `index`.
    static func marker(_ index: Int) -> Character { asciiMarkers[Palette.wrapped(index, asciiMarkers.count)] }

    let columns: Int
    let rows: Int
    let ascii: Bool
    private var bits: [UInt8]
    private var glyphs: [Character?]
    /// The series that last drew in each cell (-1: none), for coloring.
    private(set) var owners: [Int]

    init(columns: Int, rows: Int, ascii: Bool) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        self.ascii = ascii
        bits = [UInt8](repeating: 0, count: self.columns * self.rows)
        glyphs = [Character?](repeating: nil, count: self.columns * self.rows)
        owners = [Int](repeating: -1, count: self.columns * self.rows)
    }

    /// Dots across.
    var width: Int { ascii ? columns : columns * 2 }
    /// Dots down.
    var height: Int { ascii ? rows : rows * 4 }

    /// Sets the dot at (x, y), y counting down from the top; `marker` marks a data point (ASCII shows it
    /// with the series' marker character instead of `.`). Dots outside the canvas are ignored.
    mutating func set(_ x: Int, _ y: Int, series: Int, marker: Bool) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        if ascii {
            let i = y * columns + x
            if marker {
                glyphs[i] = DotCanvas.marker(series)
            } else if glyphs[i] == nil {
                glyphs[i] = "."
            }
            owners[i] = series
        } else {
            let i = (y / 4) * columns + x / 2
            bits[i] |= DotCanvas.bit(x % 2, y % 4)
            owners[i] = series
        }
    }

    /// Writes a character into a cell (used for backgrounds and class markers).
    mutating func put(_ character: Character, column: Int, row: Int, series: Int) {
        guard column >= 0, row >= 0, column < columns, row < rows else { return }
        glyphs[row * columns + column] = character
        bits[row * columns + column] = 0
        owners[row * columns + column] = series
    }

    /// Draws the dots of a straight line between two dots (Bresenham), ends included, as line dots.
    mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, series: Int) {
        var step = 0
        line(x0, y0, x1, y1, series: series, style: .solid, step: &step, skippingStart: false)
    }

    /// Draws a line in `style`: `step` counts the dots of a polyline so far, so that the pattern runs on
    /// across its segments; `skippingStart` leaves out the first dot (the previous segment's end).
    mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, series: Int, style: LineStyle, step: inout Int,
                       skippingStart: Bool) {
        // Very long lines (points far off the canvas) are cut to a bounded number of steps.
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        var steps = 0
        while steps <= 4 * (width + height) {
            if steps > 0 || !skippingStart {
                if style.draws(step) { set(x, y, series: series, marker: false) }
                step += 1
            }
            if x == x1 && y == y1 { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
            steps += 1
        }
    }

    /// The rows as strings; with `colors`, each cell is wrapped in the ANSI color of its owner.
    func lines(colors: [Color]? = nil) -> [String] {
        (0..<rows).map { r in
            var line = ""
            var current = -1
            for c in 0..<columns {
                let i = r * columns + c
                let character: Character
                if let glyph = glyphs[i] {
                    character = glyph
                } else if ascii {
                    character = " "
                } else {
                    character = Character(Unicode.Scalar(0x2800 + UInt32(bits[i]))!)
                }
                if let colors {
                    let owner = owners[i]
                    if owner != current {
                        line += owner >= 0 ? DotCanvas.ansi(colors[owner % colors.count]) : DotCanvas.reset
                        current = owner
                    }
                }
                line.append(character)
            }
            if colors != nil && current >= 0 { line += DotCanvas.reset }
            return line
        }
    }

    /// The braille bit for dot column `dx` (0…1) and dot row `dy` (0…3).
    static func bit(_ dx: Int, _ dy: Int) -> UInt8 {
        let left: [UInt8] = [0x01, 0x02, 0x04, 0x40]
        let right: [UInt8] = [0x08, 0x10, 0x20, 0x80]
        return dx == 0 ? left[dy] : right[dy]
    }

    /// The ANSI foreground color sequence for a color.
    static func ansi(_ color: Color) -> String { ANSIColor.foreground(color) }
    /// The ANSI sequence that resets colors.
    static let reset = ANSIColor.reset
}
