import CPNG
import CTurboJPEG
import TensorEngine

/// PNG and JPEG images as tensors, through libpng and libjpeg-turbo: what torchvision's `read_image`
/// and `save_image` do.
///
/// A read image is a uint8 tensor `[channels, height, width]`; the channels are the file's own (1 gray,
/// 2 gray and alpha, 3 RGB, 4 RGBA; a JPEG has 1 or 3) unless a `mode` asks for others. 16-bit PNGs
/// keep the high byte of each value, as torchvision's decoder does. A damaged or truncated file is a ValueError naming the path and what the codec
/// said; an image larger than memory allows is a MemoryError before any pixel is decoded.
public enum ImageFile {
    /// The channels a read converts to.
    public enum Mode: String, Sendable, CaseIterable {
        case gray = "L", grayAlpha = "LA", rgb = "RGB", rgba = "RGBA"

        var channels: Int {
            switch self {
            case .gray: 1
            case .grayAlpha: 2
            case .rgb: 3
            case .rgba: 4
            }
        }
    }

    /// The image in the file at `path` as a uint8 tensor `[C, H, W]`.
    public static func read(_ path: String, mode: Mode? = nil) throws -> Tensor {
        let bytes = try FileIO.read(path)
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return try decodePNG(bytes, mode: mode, path: path) }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return try decodeJPEG(bytes, mode: mode, path: path) }
        throw TensorError(.value, "readImage: '\(path)' is not a PNG or JPEG file")
    }

    /// Writes `image` to `path` as a PNG, atomically. `image` is `[C, H, W]` with 1–4 channels or `[H, W]`
    /// (gray): uint8 as it is, floating values as torchvision's `save_image` takes them, in [0, 1]
    /// (clamped, times 255, rounded).
    public static func writePNG(_ image: Tensor, to path: String) throws {
        try FileIO.writeAtomically(try pngBytes(image, op: "saveImage", path: path), to: path)
    }

    /// `image` encoded as a PNG file's bytes, taken as `writePNG` takes it; `op` names the caller in errors.
    public static func pngBytes(_ image: Tensor, op: String, path: String = "") throws -> [UInt8] {
        let chw = image.rank == 2 ? try image.unsqueeze(axis: 0) : image
        guard chw.rank == 3, (1...4).contains(chw.shape[0]), chw.shape[1] > 0, chw.shape[2] > 0 else {
            throw TensorError(.shape, "\(op): an image must be [channels, height, width] with 1 to 4 channels, or [height, width], not \(image.shape)")
        }
        let pixels: Tensor
        switch chw.dtype {
        case .uint8: pixels = chw.detach()
        case let t where t.isFloatingPoint:
            pixels = try noGrad { try (chw.detach().to(.float32).clamp(min: 0, max: 1) * Tensor.number(255)).round().to(.uint8) }
        default:
            throw TensorError(.type, "\(op): an image must be uint8, or floating point in [0, 1], not \(chw.dtype)")
        }
        let (c, h, w) = (chw.shape[0], chw.shape[1], chw.shape[2])
        guard h <= Int(Int32.max) / Swift.max(w * c, 1) else {
            throw TensorError(.value, "\(op): an image of \(w)×\(h) is too large for PNG")
        }
        var png = png_image()
        png.version = UInt32(PNG_IMAGE_VERSION)
        png.width = UInt32(w)
        png.height = UInt32(h)
        png.format = UInt32([0, PNG_FORMAT_FLAG_ALPHA, PNG_FORMAT_FLAG_COLOR, PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA][c - 1])
        let interleaved = try pixels.permute([1, 2, 0]).elements(as: UInt8.self)
        var size = 0
        // The first call measures, the second writes.
        guard png_image_write_to_memory(&png, nil, &size, 0, interleaved, 0, nil) != 0, size > 0 else {
            throw failure(op, path, message(of: &png))
        }
        var encoded = [UInt8](repeating: 0, count: size)
        guard png_image_write_to_memory(&png, &encoded, &size, 0, interleaved, 0, nil) != 0 else {
            throw failure(op, path, message(of: &png))
        }
        return Array(encoded.prefix(size))
    }

    static func decodePNG(_ bytes: [UInt8], mode: Mode?, path: String) throws -> Tensor {
        var png = png_image()
        png.version = UInt32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_memory(&png, bytes, bytes.count) != 0 else {
            throw failure("readImage", path, message(of: &png))
        }
        defer { png_image_free(&png) }
        let native = png.format
        let color = native & UInt32(PNG_FORMAT_FLAG_COLOR) != 0, alpha = native & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
        let chosen = mode ?? (color ? (alpha ? .rgba : .rgb) : (alpha ? .grayAlpha : .gray))
        let layout = UInt32([0, PNG_FORMAT_FLAG_ALPHA, PNG_FORMAT_FLAG_COLOR, PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA][chosen.channels - 1])
        let shape = [Int(png.height), Int(png.width), chosen.channels]
        let deep = native & UInt32(PNG_FORMAT_FLAG_LINEAR) != 0
        // 8-bit output from a 16-bit file would pass through libpng's linear-to-sRGB curve; instead the
        // 16-bit values are read as they are and lose their low byte, as torchvision's decoder does.
        png.format = layout | (deep ? UInt32(PNG_FORMAT_FLAG_LINEAR) : 0)
        let buffer = try Tensor.zeros(shape, dtype: deep ? .int16 : .uint8)
        let ok = try deep
            ? buffer.withUnsafeMutableElements(as: Int16.self, op: "readImage") { png_image_finish_read(&png, nil, $0.baseAddress, 0, nil) != 0 }
            : buffer.withUnsafeMutableElements(as: UInt8.self, op: "readImage") { png_image_finish_read(&png, nil, $0.baseAddress, 0, nil) != 0 }
        guard ok else { throw failure("readImage", path, message(of: &png)) }
        let hwc = deep ? try highBytes(buffer, alpha: chosen == .rgba || chosen == .grayAlpha) : buffer
        return try hwc.permute([2, 0, 1])
    }

    /// The high byte of 16-bit pixels `[H, W, C]` as uint8. libpng gives linear 16-bit colour with alpha
    /// premultiplied, so with `alpha` (the last channel) the colours are divided by it first.
    private static func highBytes(_ deep: Tensor, alpha: Bool) throws -> Tensor {
        let channels = deep.shape[2]
        let out = try Tensor.zeros(deep.shape, dtype: .uint8)
        try deep.withUnsafeElements(as: Int16.self) { source in
            try out.withUnsafeMutableElements(as: UInt8.self, op: "readImage") { target in
                for pixel in stride(from: 0, to: source.count, by: channels) {
                    let a = alpha ? Int(UInt16(bitPattern: source[pixel + channels - 1])) : 65535
                    for k in 0..<channels {
                        var v = Int(UInt16(bitPattern: source[pixel + k]))
                        if alpha && k < channels - 1 { v = a == 0 ? 0 : Swift.min(65535, (v * 65535 + a / 2) / a) }
                        target[pixel + k] = UInt8(v >> 8)
                    }
                }
            }
        }
        return out
    }

    static func decodeJPEG(_ bytes: [UInt8], mode: Mode?, path: String) throws -> Tensor {
        guard let handle = tjInitDecompress() else { throw TensorError(.value, "readImage: cannot start the JPEG decoder") }
        defer { tjDestroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        guard tjDecompressHeader3(handle, bytes, UInt(bytes.count), &width, &height, &subsampling, &colorspace) == 0 else {
            throw failure("readImage", path, String(cString: tjGetErrorStr2(handle)))
        }
        guard width > 0, height > 0 else { throw failure("readImage", path, "the JPEG header gives no image size (a truncated file?)") }
        let gray = colorspace == Int32(TJCS_GRAY.rawValue)
        let chosen = mode ?? (gray ? .gray : .rgb)
        let (format, channels): (TJPF, Int) = switch chosen {
        case .gray: (TJPF_GRAY, 1)
        case .rgb: (TJPF_RGB, 3)
        case .rgba, .grayAlpha: (TJPF_RGBA, 4)   // JPEG has no alpha: opaque; LA takes gray from the RGB below
        }
        let hwc = try Tensor.zeros([Int(height), Int(width), channels], dtype: .uint8)
        let status = try hwc.withUnsafeMutableElements(as: UInt8.self, op: "readImage") { pixels in
            tjDecompress2(handle, bytes, UInt(bytes.count), pixels.baseAddress, width, 0, height, format.rawValue, 0)
        }
        // A warning (a corrupt but decodable stream) still gives pixels, as torchvision does.
        guard status == 0 || tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue) else {
            throw failure("readImage", path, String(cString: tjGetErrorStr2(handle)))
        }
        let chw = try hwc.permute([2, 0, 1])
        guard chosen == .grayAlpha else { return chw }
        // Gray from RGB with ITU-R 601 weights (as libjpeg converts), and an opaque alpha.
        let rgb = try chw.to(.float32)
        let weights = try Tensor(shape: [3, 1, 1], elements: [0.299, 0.587, 0.114], dtype: .float32)
        let luma = try (rgb * weights).sum(axis: 0).round()
        return try Tensor.stack([luma, try Tensor.full([Int(height), Int(width)], 255)], axis: 0).to(.uint8)
    }

    /// The message libpng left in `png` (its `message` field, a C string).
    private static func message(of png: inout png_image) -> String {
        withUnsafeBytes(of: &png.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    private static func failure(_ op: String, _ path: String, _ message: String) -> TensorError {
        TensorError(.value, "\(op): \(path.isEmpty ? "" : "'\(path)': ")\(message.isEmpty ? "the codec failed" : message)")
    }
}
