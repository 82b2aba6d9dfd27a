import TensorEngine

/// NumPy's `.npy` format for single tensors.
///
/// Soma writes version 1.0 with dtype `'<f4'` in C order: the magic `\x93NUMPY`, the version, a 2-byte
/// little-endian header length, a Python dict literal padded with spaces and ending in a newline so that
/// the data starts at a multiple of 64 bytes, then the raw values. It reads versions 1–3, floating,
/// integer and bool dtypes of either byte order, and Fortran order, converting to Float32.
public enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The bytes of a `.npy` file holding `t`.
    public static func encode(_ t: Tensor) -> [UInt8] {
        let shape = t.shape.count == 1 ? "(\(t.shape[0]),)" : "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        var header = Array("{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }".utf8)
        let padding = 63 - (magic.count + 4 + header.count) % 64
        header += repeatElement(UInt8(ascii: " "), count: padding)
        header.append(UInt8(ascii: "\n"))
        var out = magic + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header
        SafeTensors.appendFloats(t, to: &out)
        return out
    }

    /// The tensor in a `.npy` file's bytes.
    public static func decode(_ bytes: [UInt8]) throws -> Tensor {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw invalid("it does not start with \\x93NUMPY") }
        let major = bytes[6]
        var headerStart = 10, length = Int(bytes[8]) | Int(bytes[9]) << 8
        if major == 2 || major == 3 {
            guard bytes.count >= 12 else { throw invalid("the header is cut short") }
            headerStart = 12
            length |= Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        } else if major != 1 {
            throw invalid("format version \(major) is unknown")
        }
        guard headerStart + length <= bytes.count else { throw invalid("the header is cut short") }
        let header = try Header(String(decoding: bytes[headerStart..<(headerStart + length)], as: UTF8.self))
        // Checked before anything is allocated: a corrupt header can claim a shape whose count overflows.
        let count = try Memory.count(header.shape, op: "load")
        let start = headerStart + length
        guard bytes.count - start >= count * header.size else {
            throw invalid("shape \(header.shape) needs \(count * header.size) bytes of data but the file has \(bytes.count - start)")
        }
        // Fortran order lists the values with the first index fastest: read them as the reversed shape
        // in C order, then reverse the axes.
        let stored = header.fortranOrder ? Array(header.shape.reversed()) : header.shape
        let out = try Tensor.full(checked: stored, 0)
        try out.withUnsafeMutableValues { o in
            bytes.withUnsafeBytes { raw in
                #if _endian(little)
                if header.kind == UInt8(ascii: "f") && header.size == 4 && !header.bigEndian {
                    UnsafeMutableRawBufferPointer(o).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + 4 * count)]))
                    return
                }
                #endif
                for i in 0..<count { o[i] = header.value(raw, start + i * header.size) }
            }
        }
        if header.fortranOrder && out.rank > 1 {
            return try out.permute(Array((0..<out.rank).reversed())).detach()
        }
        return out
    }

    /// Writes `t` to `path` atomically.
    public static func save(_ t: Tensor, to path: String) throws {
        try FileIO.writeAtomically(encode(t), to: path)
    }

    /// Reads the tensor in the `.npy` file at `path`.
    public static func load(_ path: String) throws -> Tensor {
        do {
            return try decode(try FileIO.read(path))
        } catch let e as TensorError where e.message.hasPrefix("npy:") {
            throw TensorError(e.kind, "npy: '\(path)':" + e.message.dropFirst("npy:".count))
        }
    }

    static func invalid(_ why: String) -> TensorError { TensorError(.value, "npy: not a valid .npy file (\(why))") }

    /// The fields of the header dict: `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
    struct Header {
        var kind: UInt8 = 0            // f, i, u or b
        var size = 0
        var bigEndian = false
        var fortranOrder = false
        var shape: [Int] = []

        init(_ text: String) throws {
            guard let descr = Header.field(text, "descr"), let order = Header.field(text, "fortran_order"),
                  let shapeText = Header.field(text, "shape") else {
                throw invalid("the header lacks descr, fortran_order or shape")
            }
            let d = Array(descr.utf8.filter { $0 != UInt8(ascii: "'") && $0 != UInt8(ascii: "\"") })
            guard d.count >= 3, let size = Int(String(decoding: d[2...], as: UTF8.self)),
                  [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "=")].contains(d[0]) else {
                throw TensorError(.type, "npy: dtype \(descr) is not a plain number type")
            }
            kind = d[1]
            self.size = size
            bigEndian = d[0] == UInt8(ascii: ">")
            let known: [UInt8: [Int]] = [UInt8(ascii: "f"): [2, 4, 8], UInt8(ascii: "i"): [1, 2, 4, 8],
                                         UInt8(ascii: "u"): [1, 2, 4, 8], UInt8(ascii: "b"): [1]]
            guard known[kind]?.contains(size) == true else {
                throw TensorError(.type, "npy: dtype \(descr) is not one Soma reads (float16/32/64, integers, bool)")
            }
            guard order == "True" || order == "False" else { throw invalid("fortran_order is \(order)") }
            fortranOrder = order == "True"
            let inner = shapeText.trimmed("()")
            for part in inner.split(separator: ",") {
                let p = String(part).trimmed(" L")
                if p.isEmpty { continue }
                guard let v = Int(p), v >= 0 else { throw invalid("the shape \(shapeText) is not a tuple of sizes") }
                shape.append(v)
            }
        }

        /// The text of the value of `'key'` in the dict: up to the next top-level comma or closing brace.
        static func field(_ text: String, _ key: String) -> String? {
            guard let k = text.firstRange(of: "'\(key)'") ?? text.firstRange(of: "\"\(key)\"") else { return nil }
            var rest = text[k.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { return nil }
            rest = rest.dropFirst().drop { $0 == " " }
            var depth = 0, end = rest.startIndex
            while end < rest.endIndex {
                let c = rest[end]
                if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
                if depth == 0 && (c == "," || c == "}") { break }
                end = rest.index(after: end)
                if depth == 0 && c == ")" { break }
            }
            return String(rest[..<end]).trimmed(" ")
        }

        /// The element at byte `offset`, converted to Float.
        func value(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Float {
            var bits: UInt64 = 0
            for b in 0..<size {
                let byte = UInt64(raw[offset + b])
                bits |= byte << (8 * UInt64(bigEndian ? size - 1 - b : b))
            }
            switch (kind, size) {
            case (UInt8(ascii: "f"), 2): return SafeTensors.halfToFloat(UInt16(bits))
            case (UInt8(ascii: "f"), 4): return Float(bitPattern: UInt32(bits))
            case (UInt8(ascii: "f"), _): return Float(Double(bitPattern: bits))
            case (UInt8(ascii: "i"), _):
                let shift = UInt64(64 - 8 * size)
                return Float(Int64(bitPattern: bits << shift) >> Int64(shift))
            case (UInt8(ascii: "b"), _): return bits != 0 ? 1 : 0
            default: return Float(bits)
            }
        }
    }
}

extension String {
    /// This string without leading and trailing characters from `set`.
    func trimmed(_ set: String) -> String {
        let s = drop { set.contains($0) }
        var end = s.endIndex
        while end > s.startIndex, set.contains(s[s.index(before: end)]) { end = s.index(before: end) }
        return String(s[..<end])
    }
}
