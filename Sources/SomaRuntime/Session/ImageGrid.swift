import Script
import TensorEngine

/// The pixels of a picture: `height` rows of `width` pixels of 1 (gray) or 3 (RGB) interleaved
/// channels, 0…255.
struct Pixels: Equatable {
    let width: Int, height: Int, channels: Int
    var bytes: [UInt8]

    /// The pixel at row `y`, column `x` as red, green and blue (gray repeated).
    func rgb(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8) {
        let i = (y * width + x) * channels
        return channels == 1 ? (bytes[i], bytes[i], bytes[i]) : (bytes[i], bytes[i + 1], bytes[i + 2])
    }

    /// Each pixel repeated `scale` times across and down.
    func scaled(_ scale: Int) -> Pixels {
        guard scale > 1 else { return self }
        let w = width * scale, c = channels
        var out = [UInt8](repeating: 0, count: w * height * scale * c)
        for y in 0..<height {
            for x in 0..<width {
                let source = (y * width + x) * c
                for dx in 0..<scale {
                    let target = (y * scale * w + x * scale + dx) * c
                    for k in 0..<c { out[target + k] = bytes[source + k] }
                }
            }
            // The other rows of this pixel row are copies of its first.
            let first = y * scale * w * c
            for dy in 1..<scale { out.replaceSubrange((first + dy * w * c)..<(first + (dy + 1) * w * c), with: out[first..<(first + w * c)]) }
        }
        return Pixels(width: w, height: height * scale, channels: c, bytes: out)
    }
}

/// Images as one picture, as torchvision's `make_grid` lays out a batch: `nrow` images a row, `padding`
/// pixels of `padValue` around and between them, values in [0, 1] clamped (integer tensors in 0…255),
/// with `normalize` the batch's min…max stretched to 0…1 first. One image is shown without padding.
///
/// Shapes: `[H, W]` and `[1, H, W]` gray, `[3, H, W]` RGB (channels first, as PyTorch), other `[N, H, W]`
/// a batch of gray images, `[N, C, H, W]` a batch with 1 or 3 channels.
struct ImageGrid {
    var nrow = 8, padding = 2, padValue = 0.0, normalize = false

    /// The most pixels a picture (after `scale`) may have: 4096 × 4096.
    static let maxPixels = 1 << 24

    func pixels(_ x: Tensor) throws -> Pixels {
        let s = x.shape
        let (n, c, h, w): (Int, Int, Int, Int)
        switch s.count {
        case 2: (n, c, h, w) = (1, 1, s[0], s[1])
        case 3 where s[0] == 1 || s[0] == 3: (n, c, h, w) = (1, s[0], s[1], s[2])
        case 3: (n, c, h, w) = (s[0], 1, s[1], s[2])
        case 4: (n, c, h, w) = (s[0], s[1], s[2], s[3])
        default:
            throw ScriptError("ShapeError", "image: a tensor of shape \(s) is no image; give [H, W], [C, H, W] or a batch [N, H, W] or [N, C, H, W]")
        }
        guard c == 1 || c == 3 else {
            throw ScriptError("ShapeError", "image: images must have 1 (gray) or 3 (RGB) channels, not \(c) (shape \(s), channels second in a batch)")
        }
        guard n > 0, h > 0, w > 0 else { throw ScriptError("ValueError", "image: the tensor of shape \(s) is empty") }
        guard nrow >= 1 else { throw ScriptError("ValueError", "image: nrow must be at least 1, got \(nrow)") }
        guard (0...1024).contains(padding) else { throw ScriptError("ValueError", "image: padding must be 0…1024 pixels, got \(padding)") }
        let pad = n == 1 ? 0 : padding
        let across = min(nrow, n), down = (n + across - 1) / across
        let width = across * (w + pad) + pad, height = down * (h + pad) + pad
        try Self.checkSize(width: width, height: height, shape: s)

        let integer = !x.dtype.isFloatingPoint && x.dtype != .bool
        var values = try x.detach().elements(as: Float.self, op: "image")
        if x.dtype.isFloatingPoint {
            let bad = values.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
            guard bad == 0 else {
                throw ScriptError("ValueError", "image: \(bad) of the \(values.count) values are nan or infinite; an image needs finite values (where(x == x, x, 0) turns nan into 0)")
            }
        }
        var fill = Float(padValue)
        if integer && !normalize {
            for i in values.indices { values[i] /= 255 }
            fill /= 255
        }
        if normalize, let low = values.min(), let high = values.max() {
            // As make_grid: the batch's range, with a floor under its width so a flat image is black.
            let range = max(high - low, 1e-5)
            for i in values.indices { values[i] = (values[i] - low) / range }
        }
        let fillByte = Self.byte(fill)
        var bytes = [UInt8](repeating: fillByte, count: width * height * c)
        for k in 0..<n {
            let left = (k % across) * (w + pad) + pad, top = (k / across) * (h + pad) + pad
            for y in 0..<h {
                for xx in 0..<w {
                    let target = ((top + y) * width + left + xx) * c
                    for ch in 0..<c { bytes[target + ch] = Self.byte(values[((k * c + ch) * h + y) * w + xx]) }
                }
            }
        }
        return Pixels(width: width, height: height, channels: c, bytes: bytes)
    }

    /// A value in [0, 1] (clamped) as 0…255, rounded as `save_image` rounds.
    static func byte(_ v: Float) -> UInt8 { UInt8(min(max(v, 0), 1) * 255 + 0.5) }

    /// A ValueError when a picture of this size would be too large to show.
    static func checkSize(width: Int, height: Int, shape: [Int]) throws {
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= maxPixels else {
            throw ScriptError("ValueError", "image: the picture of \(shape) would be \(width)×\(height) pixels, more than \(maxPixels) (4096×4096); show fewer or smaller images, or a smaller scale")
        }
    }
}
