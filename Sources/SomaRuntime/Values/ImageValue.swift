import Foundation
import NN
import Script
import TensorEngine

/// A picture made by `image(tensor)`: a PNG (encoded by libpng) in a notebook, a block-character
/// picture in a terminal.
final class ImageValue: TabledObject, MimeDisplayable {
    /// The picture as laid out, before `scale`: what the terminal draws.
    let pixels: Pixels
    let scale: Int
    /// The PNG file's bytes, pixels repeated `scale` times.
    let png: [UInt8]

    init(_ pixels: Pixels, scale: Int) throws {
        try ImageGrid.checkSize(width: pixels.width * scale, height: pixels.height * scale, shape: [pixels.height, pixels.width])
        self.pixels = pixels
        self.scale = scale
        let big = pixels.scaled(scale)
        let hwc = try Tensor(shape: [big.height, big.width, big.channels], elements: big.bytes, dtype: .uint8)
        png = try ImageFile.pngBytes(try hwc.permute([2, 0, 1]), op: "image")
    }

    /// The scale `image` picks when none is given: tiny images are blown up to about 128 pixels on their
    /// longer side (an 8×8 digit 16 times, a 28×28 one 4 times); images that large already stay as they are.
    static func defaultScale(width: Int, height: Int) -> Int { max(1, 128 / max(width, height, 1)) }

    /// Columns of a picture printed anywhere but a terminal (files, pipes, the notebook's text form).
    static let plainColumns = 80

    var typeName: String { "Image" }
    var text: String {
        let onTerminal = Terminal.drawsOnStandardOutput
        let columns = onTerminal ? max(8, Terminal.size().columns - 1) : Self.plainColumns
        return caption + "\n" + BlockPicture.text(pixels, columns: columns, color: onTerminal && Terminal.showsColor())
    }

    /// `Image 28×28 gray`: the picture's size before scaling, and its channels.
    var caption: String {
        "Image \(pixels.width)×\(pixels.height) \(pixels.channels == 1 ? "gray" : "RGB")" + (scale > 1 ? ", shown \(scale)×" : "")
    }

    var mimeForms: MimeBundle { ["image/png": Data(png).base64EncodedString()] }

    static let members = MemberTable<ImageValue>([
        .property("width", "the PNG's width in pixels (after scale).") { .number(Double($0.pixels.width * $0.scale)) },
        .property("height", "the PNG's height in pixels (after scale).") { .number(Double($0.pixels.height * $0.scale)) },
        .method("save", ["path"], "writes the picture as a PNG file, atomically; returns the path.") { image, a, _ in
            let path = try Convert.path(try a.value("path"), "save")
            do { try FileIO.writeAtomically(image.png, to: path) } catch let e as TensorError { throw e.scriptError }
            return .string(path)
        },
    ])
}
