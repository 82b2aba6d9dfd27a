import Synchronization
import TensorEngine

/// The 8×8 handwritten digits (UCI; as in scikit-learn's `load_digits`), read from `data/digits.csv.gz`.
extension Datasets {
    /// The file's parsed values, kept after the first call: reading it takes milliseconds, not nothing.
    /// Values rather than tensors, so that sessions on other threads never share a tensor's storage.
    private static let digitsCache = Mutex<(pixels: [Float], labels: [Float])?>(nil)

    /// 1797 images as rows of 64 pixel values 0…16 (`x` of shape `[1797, 64]`) and their digits 0…9
    /// (`y` of shape `[1797]`). Scale `x` by 1/16 before training. See `DataFiles` for where the file is
    /// looked for.
    public static func digits() throws -> (x: Tensor, y: Tensor) {
        let (pixels, labels) = try digitsCache.withLock { cache in
            if let cache { return cache }
            let path = try DataFiles.locate("digits.csv.gz")
            let parsed = try parseDigitValues(try Gzip.decompress(try FileIO.read(path)), source: path)
            cache = parsed
            return parsed
        }
        return (try Tensor(shape: [labels.count, 64], values: pixels), try Tensor(shape: [labels.count], values: labels))
    }

    /// Parses rows of 65 comma-separated whole numbers: 64 pixels, then the label.
    static func parseDigits(_ text: [UInt8], source: String) throws -> (x: Tensor, y: Tensor) {
        let (pixels, labels) = try parseDigitValues(text, source: source)
        return (try Tensor(shape: [labels.count, 64], values: pixels), try Tensor(shape: [labels.count], values: labels))
    }

    /// The pixels (64 per row) and labels of rows of 65 comma-separated whole numbers.
    private static func parseDigitValues(_ text: [UInt8], source: String) throws -> (pixels: [Float], labels: [Float]) {
        var pixels: [Float] = [], labels: [Float] = []
        var row: [Float] = []
        var value = 0, digits = 0, line = 1
        func fail(_ why: String) -> TensorError { TensorError(.value, "digits: \(source), line \(line): \(why)") }
        func endField() throws {
            guard digits > 0 else { throw fail("an empty field") }
            row.append(Float(value))
            value = 0
            digits = 0
        }
        func endRow() throws {
            guard row.count == 65 else { throw fail("\(row.count) values where 65 were expected") }
            guard row[64] <= 9 else { throw fail("label \(Int(row[64])) is not a digit") }
            pixels += row[0..<64]
            labels.append(row[64])
            row.removeAll(keepingCapacity: true)
        }
        for byte in text {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 3 else { throw fail("a value is too long") }
            case UInt8(ascii: ","): try endField()
            case UInt8(ascii: "\n"):
                if digits > 0 || !row.isEmpty { try endField(); try endRow() }
                line += 1
            case UInt8(ascii: "\r"): break
            default: throw fail("unexpected character \(byte)")
            }
        }
        if digits > 0 || !row.isEmpty { try endField(); try endRow() }
        return (pixels, labels)
    }
}
