import TensorEngine

/// NumPy's `.npy` format for single tensors.
///
/// Soma writes version 1.0 in C order: the magic `\x93NUMPY`, the version, a 2-byte little-endian header
/// length, a Python dict literal padded with spaces and ending in a newline so that the data starts at a
/// multiple of 64 bytes, then the raw little-endian values with the tensor's own type (`<f4`, `<i8`, `|b1`,
/// …). bfloat16, which NumPy lacks, is written as `<f4`: every bfloat16 value is a float32 value, so
/// nothing is lost, but the file reads back as float32.
///
/// It reads versions 1–3, either byte order and Fortran order. `f2 f4 f8 i1 i2 i4 i8 u1 b1` become
/// tensors of the same type (float16 … bool), bit for bit; uint16 becomes int32 and uint32 int64, the
/// smallest Soma types holding every value exactly; uint64, whose values int64 cannot all hold, is a
/// TypeError. A `b1` byte other than 0 and 1 reads as true.
public enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The bytes of a `.npy` file holding `t` with its own type (bfloat16 as float32).
    public static func encode(_ t: Tensor) -> [UInt8] {
        let descr = t.dtype.numpyDescriptor ?? "<f4"
        let shape = t.shape.count == 1 ? "(\(t.shape[0]),)" : "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        var header = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }".utf8)
        let padding = 63 - (magic.count + 4 + header.count) % 64
        header += repeatElement(UInt8(ascii: " "), count: padding)
        header.append(UInt8(ascii: "\n"))
        var out = magic + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header
        if t.dtype == .bfloat16 { appendWidened(t, to: &out) } else { ElementBytes.appendLittleEndian(t, to: &out) }
        return out
    }

    /// The tensor in a `.npy` file's bytes.
    public static func decode(_ bytes: [UInt8]) throws -> Tensor {
        let (header, start) = try bytes.withUnsafeBytes { try layout($0) }
        let count = Shape.count(header.shape)
        let size = header.size, dtype = header.dtype
        let fortran = header.fortranOrder && header.shape.count > 1
        return try Tensor.filling(header.shape, dtype: dtype, op: "load") { out in
            bytes.withUnsafeBytes { file in
                let data = UnsafeRawBufferPointer(rebasing: file[start..<(start + count * size)])
                guard fortran else { return copyElements(data, header, into: out) }
                var j = 0
                let outSize = dtype.itemSize
                header.forEachPosition(fortran: true) { i in
                    copyElements(UnsafeRawBufferPointer(rebasing: data[(i * size)..<((i + 1) * size)]), header,
                                 into: UnsafeMutableRawBufferPointer(rebasing: out[(j * outSize)..<((j + 1) * outSize)]))
                    j += 1
                }
            }
        }
    }

    /// Copies elements stored as the header describes into a tensor's storage of `header.dtype`: bit for
    /// bit in memory's byte order, or widened (uint16 to int32, uint32 to int64) as numbers.
    static func copyElements(_ data: UnsafeRawBufferPointer, _ header: Header, into out: UnsafeMutableRawBufferPointer) {
        let size = header.size, dtype = header.dtype
        guard dtype.itemSize == size else {
            for j in 0..<(data.count / size) {
                let v = ElementBytes.unsigned(data, at: j * size, size: size, bigEndian: header.bigEndian)
                if dtype == .int32 { out.storeBytes(of: Int32(v), toByteOffset: 4 * j, as: Int32.self) }
                else { out.storeBytes(of: Int64(v), toByteOffset: 8 * j, as: Int64.self) }
            }
            return
        }
        out.copyMemory(from: data)
        if header.bigEndian != ElementBytes.nativeIsBigEndian { ElementBytes.swapEach(size, in: out) }
    }

    /// The header of a `.npy` file's bytes and the offset its data starts at, checked to hold all the
    /// data the header's shape needs (extra bytes after it are allowed, as NumPy allows them).
    ///
    /// `allocating` checks first that a tensor could hold the whole array; a memory-mapped file, read a
    /// few rows at a time, may be larger.
    static func layout(_ bytes: UnsafeRawBufferPointer, allocating: Bool = true) throws -> (header: Header, start: Int) {
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
        if allocating { _ = try Memory.count(header.shape, op: "load") }
        var count = 1, overflow = false
        for d in header.shape where !overflow { (count, overflow) = count.multipliedReportingOverflow(by: d) }
        let start = headerStart + length
        var needed = 0
        if !overflow { (needed, overflow) = count.multipliedReportingOverflow(by: header.size) }
        guard !overflow, bytes.count - start >= needed else {
            throw invalid("shape \(header.shape) needs \(overflow ? "more" : String(needed)) bytes of data but the file has \(bytes.count - start)")
        }
        return (header, start)
    }

    /// Appends a bfloat16 tensor's values as little-endian float32: a bfloat16 is the upper half of the
    /// float32 of the same value.
    static func appendWidened(_ t: Tensor, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + 4 * t.count)
        t.withUnsafeElementBytes { raw in
            for i in 0..<t.count {
                let bits = UInt32(raw.load(fromByteOffset: 2 * i, as: UInt16.self)) << 16
                for b in 0..<4 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(b)))) }
            }
        }
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
            bigEndian = d[0] == UInt8(ascii: ">") || (d[0] == UInt8(ascii: "=") && ElementBytes.nativeIsBigEndian)
            let known: [UInt8: [Int]] = [UInt8(ascii: "f"): [2, 4, 8], UInt8(ascii: "i"): [1, 2, 4, 8],
                                         UInt8(ascii: "u"): [1, 2, 4, 8], UInt8(ascii: "b"): [1]]
            guard known[kind]?.contains(size) == true else {
                throw TensorError(.type, "npy: dtype \(descr) is not one Soma reads (float16/32/64, integers, bool)")
            }
            guard !(kind == UInt8(ascii: "u") && size == 8) else {
                throw TensorError(.type, "npy: dtype \(descr) (uint64) holds values beyond int64, the widest integer Soma has; "
                                  + "convert the array in NumPy first, as with .astype(np.int64)")
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

        /// The Soma type the elements become (the header's known types only).
        var dtype: DType {
            switch (kind, size) {
            case (UInt8(ascii: "f"), 2): return .float16
            case (UInt8(ascii: "f"), 4): return .float32
            case (UInt8(ascii: "f"), _): return .float64
            case (UInt8(ascii: "i"), 1): return .int8
            case (UInt8(ascii: "i"), 2): return .int16
            case (UInt8(ascii: "i"), 4): return .int32
            case (UInt8(ascii: "i"), _): return .int64
            case (UInt8(ascii: "u"), 1): return .uint8
            case (UInt8(ascii: "u"), 2): return .int32
            case (UInt8(ascii: "u"), _): return .int64
            default: return .bool
            }
        }

        /// Calls `body` with the position in the file's data of each element, in C order of `shape`.
        ///
        /// Fortran order stores the first index fastest, so the element at index (i0, …, iN) sits at
        /// i0 + s0·(i1 + s1·(…)).
        func forEachPosition(fortran: Bool, _ body: (Int) -> Void) {
            let count = Shape.count(shape)
            guard fortran else { for i in 0..<count { body(i) }; return }
            guard count > 0 else { return }
            var strides = [Int](repeating: 1, count: shape.count)
            for k in 1..<shape.count { strides[k] = strides[k - 1] * shape[k - 1] }
            var index = [Int](repeating: 0, count: shape.count), position = 0
            for _ in 0..<count {
                body(position)
                var k = shape.count - 1
                while k >= 0 {
                    index[k] += 1
                    position += strides[k]
                    if index[k] < shape[k] { break }
                    position -= strides[k] * shape[k]
                    index[k] = 0
                    k -= 1
                }
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
