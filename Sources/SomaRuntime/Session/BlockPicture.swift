import Plot

/// A picture drawn with characters for a terminal: with colors, one column per pixel and two pixels
/// per character (an upper half block in the top pixel's color over the bottom one's); without, a
/// gray ramp, two columns per pixel so that pixels stay square. A picture wider than `columns` is
/// shrunk by a whole factor, averaging each block of pixels.
enum BlockPicture {
    /// From dark to light: a light pixel is drawn with more ink, as on a dark terminal.
    static let ramp: [Character] = Array(" .:-=+*#%@")

    static func text(_ p: Pixels, columns: Int, color: Bool) -> String {
        let perPixel = color ? 1 : 2
        let factor = max(1, (p.width * perPixel + max(columns, perPixel) - 1) / max(columns, perPixel))
        let small = shrink(p, by: factor)
        var lines: [String] = []
        if color {
            for y in stride(from: 0, to: small.height, by: 2) {
                var line = ""
                for x in 0..<small.width {
                    let top = small.rgb(x, y)
                    // An odd last row has black below it.
                    let bottom = y + 1 < small.height ? small.rgb(x, y + 1) : (0, 0, 0)
                    line += ANSIColor.halfBlock(top: Color(red: top.0, green: top.1, blue: top.2),
                                                bottom: Color(red: bottom.0, green: bottom.1, blue: bottom.2))
                }
                lines.append(line + ANSIColor.reset)
            }
        } else {
            for y in 0..<small.height {
                var line = ""
                for x in 0..<small.width {
                    let (r, g, b) = small.rgb(x, y)
                    // ITU-R 601 luma, as a gray conversion of the picture.
                    let luma = (299 * Int(r) + 587 * Int(g) + 114 * Int(b)) / 1000
                    let c = ramp[min(ramp.count - 1, luma * ramp.count / 256)]
                    line.append(c)
                    line.append(c)
                }
                lines.append(line.droppingTrailingSpaces)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The picture with each `factor` × `factor` block of pixels averaged into one.
    static func shrink(_ p: Pixels, by factor: Int) -> Pixels {
        guard factor > 1 else { return p }
        let w = (p.width + factor - 1) / factor, h = (p.height + factor - 1) / factor, c = p.channels
        var bytes = [UInt8](repeating: 0, count: w * h * c)
        for y in 0..<h {
            for x in 0..<w {
                let ys = (y * factor)..<min(p.height, (y + 1) * factor), xs = (x * factor)..<min(p.width, (x + 1) * factor)
                for k in 0..<c {
                    var sum = 0
                    for yy in ys { for xx in xs { sum += Int(p.bytes[(yy * p.width + xx) * c + k]) } }
                    bytes[(y * w + x) * c + k] = UInt8(sum / (ys.count * xs.count))
                }
            }
        }
        return Pixels(width: w, height: h, channels: c, bytes: bytes)
    }
}
