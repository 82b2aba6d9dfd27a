import JSONFormat
import TensorEngine

/// The safetensors format (Hugging Face): named tensors that PyTorch, NumPy and JAX load directly.
///
/// A file is an 8-byte little-endian header length N, N bytes of JSON (padded with spaces to a
/// multiple of 8) mapping each name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets into
/// the data that follows), an optional `"__metadata__"` object of strings, then the raw little-endian data.
///
/// Every tensor keeps its dtype both ways: Soma writes each with its own (F32, F64, F16, BF16, I64, I32,
/// I16, I8, U8, BOOL) and reads those ten into tensors of the same dtype, bit for bit. An entry of a type
/// Soma lacks (U16, U32, U64, the F8 types, …) is a TypeError naming it. A BOOL byte other than 0 and 1
/// reads as true.
public enum SafeTensors {
    /// The bytes of a safetensors file holding `tensors` in the given order.
    public static func encode(_ tensors: [(String, Tensor)], metadata: [(String, String)] = []) throws -> [UInt8] {
        var seen = Set<String>()
        for (name, _) in tensors {
            guard name != "__metadata__", seen.insert(name).inserted else {
                throw TensorError(.value, "safetensors: the tensor name '\(name)' is \(name == "__metadata__" ? "reserved" : "used twice")")
            }
        }
        var entries: [String] = []
        if !metadata.isEmpty {
            entries.append("\"__metadata__\":{" + metadata.map { quote($0.0) + ":" + quote($0.1) }
                .joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, t) in tensors {
            let shape = t.shape.map(String.init).joined(separator: ",")
            let size = t.count * t.dtype.itemSize
            entries.append("\(quote(name)):{\"dtype\":\"\(t.dtype.safetensorsName)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        // Padding keeps the data 8-byte aligned for readers that map the file.
        header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        appendLittleEndian(UInt64(header.count), to: &out)
        out += header
        for (_, t) in tensors { ElementBytes.appendLittleEndian(t, to: &out) }
        return out
    }

    /// The tensors of a safetensors file, in the order of their data, and its metadata.
    public static func decode(_ bytes: [UInt8]) throws -> (tensors: [(String, Tensor)], metadata: [(String, String)]) {
        guard bytes.count >= 8 else { throw invalid("the file is shorter than its 8-byte header length") }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard n <= 100_000_000, 8 + Int(n) <= bytes.count else {
            throw invalid("the header length \(n) does not fit a file of \(bytes.count) bytes")
        }
        let headerEnd = 8 + Int(n)
        let header: JSON
        do { header = try JSON.parse(Array(bytes[8..<headerEnd])) } catch let e as JSONParseError {
            throw invalid("its header is not JSON: \(e)")
        }
        guard case .object(let members) = header else { throw invalid("the header is not a JSON object") }
        var metadata: [(String, String)] = []
        var entries: [(name: String, dtype: DType, shape: [Int], begin: Int, end: Int)] = []
        for (name, entry) in members {
            if name == "__metadata__" {
                guard case .object(let pairs) = entry else { throw invalid("__metadata__ is not an object") }
                for (k, v) in pairs.sorted(by: { $0.key < $1.key }) {
                    guard case .string(let s) = v else { throw invalid("metadata value '\(k)' is not a string") }
                    metadata.append((k, s))
                }
                continue
            }
            guard case .string(let dtype)? = entry["dtype"], case .array(let dims)? = entry["shape"],
                  case .array(let offsets)? = entry["data_offsets"], offsets.count == 2,
                  case .int(let begin) = offsets[0], case .int(let end) = offsets[1] else {
                throw invalid("the entry of '\(name)' needs dtype, shape and data_offsets")
            }
            var shape: [Int] = []
            for d in dims {
                guard case .int(let v) = d, v >= 0 else { throw invalid("the shape of '\(name)' is not a list of sizes") }
                shape.append(v)
            }
            guard let type = DType(safetensorsName: dtype) else {
                throw TensorError(.type, "safetensors: '\(name)' has dtype \(dtype), which Soma cannot read "
                                  + "(it reads " + DType.allCases.map(\.safetensorsName).joined(separator: ", ") + ")")
            }
            let size = type.itemSize
            let (count, overflow) = shape.reduce((1, false)) { acc, d in
                let (p, o) = acc.0.multipliedReportingOverflow(by: d)
                return (p, acc.1 || o)
            }
            // Each comparison is ordered so that no arithmetic on the file's numbers can overflow.
            guard !overflow, count <= Tensor.maxElements, begin >= 0, end >= begin, end - begin == count * size else {
                throw invalid("the data offsets [\(begin), \(end)] of '\(name)' do not fit its \(dtype) shape \(shape)")
            }
            entries.append((name, type, shape, begin, end))
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expected = 0
        for e in entries {
            guard e.begin == expected else { throw invalid("the data of '\(e.name)' starts at \(e.begin), not at \(expected) (gaps and overlaps are not allowed)") }
            expected = e.end
        }
        guard headerEnd + expected == bytes.count else {
            throw invalid("the data takes \(expected) bytes but the file holds \(bytes.count - headerEnd) after the header")
        }
        let tensors = try entries.map { e in
            (e.name, try tensor(bytes, from: headerEnd + e.begin, dtype: e.dtype, shape: e.shape))
        }
        return (tensors, metadata)
    }

    /// Writes `tensors` to `path` atomically.
    public static func save(_ tensors: [(String, Tensor)], to path: String, metadata: [(String, String)] = []) throws {
        try FileIO.writeAtomically(try encode(tensors, metadata: metadata), to: path)
    }

    /// Reads every tensor of the file at `path`.
    public static func load(_ path: String) throws -> [(String, Tensor)] {
        do {
            return try decode(try FileIO.read(path)).tensors
        } catch let e as TensorError where e.message.hasPrefix("safetensors:") {
            throw TensorError(e.kind, "safetensors: '\(path)':" + e.message.dropFirst("safetensors:".count))
        }
    }

    /// `text` as a JSON string literal.
    static func quote(_ text: String) -> String { JSON.string(text).serialized() }

    static func invalid(_ why: String) -> TensorError { TensorError(.value, "safetensors: not a valid file (\(why))") }

    /// The tensor of `shape` and `dtype` whose little-endian data starts at `start` (checked to lie in `bytes`).
    static func tensor(_ bytes: [UInt8], from start: Int, dtype: DType, shape: [Int]) throws -> Tensor {
        try Tensor.filling(shape, dtype: dtype, op: "load") { out in
            bytes.withUnsafeBytes { raw in
                out.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + out.count)]))
            }
            if ElementBytes.nativeIsBigEndian { ElementBytes.swapEach(dtype.itemSize, in: out) }
        }
    }

    static func appendLittleEndian(_ v: UInt64, to out: inout [UInt8]) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }
}
