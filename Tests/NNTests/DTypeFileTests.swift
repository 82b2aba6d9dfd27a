import Foundation
@testable import NN
import TensorEngine
import Testing

/// safetensors and .npy keep each tensor's dtype and exact bits, both ways.
@Suite struct DTypeFileTests {
    func make<T: TensorElement>(_ values: [T], _ shape: [Int]? = nil) throws -> Tensor {
        try Tensor(shape: shape ?? [values.count], elements: values, dtype: T.dtype)
    }

    func bytes(_ t: Tensor) -> [UInt8] { t.withUnsafeElementBytes { Array($0) } }

    /// One tensor of every dtype, with the values that are easiest to lose: extremes, subnormals, -0,
    /// infinities, NaN, and integers no float holds.
    func everyDtype() throws -> [Tensor] {
        [
            try make([1.5, -0.0, .infinity, .nan, 0x1p-149, .greatestFiniteMagnitude] as [Float], [2, 3]),
            try make([0.1, -0.0, -.infinity, .nan, 0x1p-1074, 16_777_217] as [Double], [3, 2]),
            try make([0.5, -2, 65504, 0x1p-24, .nan, -.infinity] as [Float16]),
            try make(([0x3FC0, 0x8000, 0x7F80, 0x7FC1, 0x0001, 0xFF7F] as [UInt16]).map { BFloat16(bitPattern: $0) }),
            try make([1 << 62 + 1, .min, .max, -1, 0] as [Int64]),
            try make([.min, .max, -7] as [Int32]),
            try make([.min, .max, -7] as [Int16]),
            try make([.min, .max, -7] as [Int8]),
            try make([0, 128, 255] as [UInt8]),
            try make([true, false, true, true], [2, 2]),
        ]
    }

    @Test func safetensorsRoundTripsEveryDtype() throws {
        let tensors = try everyDtype()
        #expect(Set(tensors.map(\.dtype)) == Set(DType.allCases))
        let named = tensors.map { ($0.dtype.rawValue, $0) }
        let decoded = try SafeTensors.decode(try SafeTensors.encode(named)).tensors
        #expect(decoded.map(\.0) == named.map(\.0))
        for ((_, original), (name, back)) in zip(named, decoded) {
            #expect(back.dtype == original.dtype, "\(name)")
            #expect(back.shape == original.shape, "\(name)")
            #expect(bytes(back) == bytes(original), "\(name)")
        }
        let big = decoded.first { $0.1.dtype == .int64 }!.1
        #expect(big.elements(as: Int64.self)[0] == 1 << 62 + 1)
    }

    @Test func safetensorsHeaderNamesEachDtype() throws {
        let encoded = try SafeTensors.encode([("i", try make([1, 2] as [Int64])), ("b", try make([true]))])
        let n = Int(encoded[0]) | Int(encoded[1]) << 8
        let header = String(decoding: encoded[8..<(8 + n)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        #expect(header == #"{"i":{"dtype":"I64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"BOOL","shape":[1],"data_offsets":[16,17]}}"#)
        #expect(Array(encoded[(8 + n)...]) == [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1])
    }

    /// A file with one tensor of `dtype` and raw little-endian `data`, as another writer would make it.
    func file(dtype: String, shape: [Int], data: [UInt8]) -> [UInt8] {
        var header = Array("{\"x\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[0,\(data.count)]}}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        return (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) } + header + data
    }

    @Test func safetensorsBoolBytesBeyondOneAreTrue() throws {
        let t = try SafeTensors.decode(file(dtype: "BOOL", shape: [4], data: [0, 1, 2, 255])).tensors[0].1
        #expect(t.dtype == .bool)
        #expect(t.elements(as: Bool.self) == [false, true, true, true])
        #expect(bytes(t) == [0, 1, 1, 1])
    }

    @Test func safetensorsTypesSomaLacksAreNamed() throws {
        for dtype in ["U16", "U32", "U64", "F8_E4M3", "F8_E5M2", "C64"] {
            do {
                _ = try SafeTensors.decode(file(dtype: dtype, shape: [1], data: [0, 0, 0, 0, 0, 0, 0, 0]))
                Issue.record("\(dtype) was read")
            } catch let e as TensorError {
                #expect(e.kind == .type && e.message.contains("'x' has dtype \(dtype)"), "\(e)")
            }
        }
        // The size of each type still has to match its shape.
        #expect(throws: TensorError.self) { try SafeTensors.decode(file(dtype: "I64", shape: [2], data: [UInt8](repeating: 0, count: 12))) }
        #expect(throws: TensorError.self) { try SafeTensors.decode(file(dtype: "BF16", shape: [3], data: [0, 0, 0, 0])) }
    }

    @Test func npyRoundTripsEveryDtypeButBfloat16() throws {
        for t in try everyDtype() where t.dtype != .bfloat16 {
            let back = try NPY.decode(NPY.encode(t))
            #expect(back.dtype == t.dtype && back.shape == t.shape, "\(t.dtype)")
            #expect(bytes(back) == bytes(t), "\(t.dtype)")
        }
    }

    @Test func npyWritesBfloat16AsTheSameFloat32Values() throws {
        let t = try make(([1.5, -3, 0x1p-133, .infinity] as [Float]).map { BFloat16($0) })
        let encoded = NPY.encode(t)
        #expect(String(decoding: encoded[10..<40], as: UTF8.self).contains("'<f4'"))
        let back = try NPY.decode(encoded)
        #expect(back.dtype == .float32)
        #expect(back.elements(as: Float.self) == [1.5, -3, 0x1p-133, .infinity])
    }

    /// A `.npy` file of `descr` and `shape` with raw `data`, as NumPy writes it.
    func npy(_ descr: String, _ shape: String, fortran: Bool = false, _ data: [UInt8]) -> [UInt8] {
        var header = Array("{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }".utf8)
        header += [UInt8](repeating: 0x20, count: 63 - (10 + header.count) % 64) + [0x0A]
        return NPY.magic + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header + data
    }

    @Test func npyBigEndianKeepsTheType() throws {
        let i64 = try NPY.decode(npy(">i8", "(2,)", [0x40, 0, 0, 0, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE]))
        #expect(i64.dtype == .int64 && i64.elements(as: Int64.self) == [1 << 62 + 1, -2])
        let f8 = try NPY.decode(npy(">f8", "(1,)", [0x3F, 0xF8, 0, 0, 0, 0, 0, 0]))
        #expect(f8.dtype == .float64 && f8.elements(as: Double.self) == [1.5])
        let f2 = try NPY.decode(npy(">f2", "(2,)", [0x3C, 0x00, 0xC0, 0x00]))
        #expect(f2.dtype == .float16 && f2.elements(as: Float16.self) == [1, -2])
        let i2 = try NPY.decode(npy(">i2", "(1,)", [0x80, 0x00]))
        #expect(i2.dtype == .int16 && i2.elements(as: Int16.self) == [.min])
    }

    @Test func npyFortranOrderKeepsTheType() throws {
        // [[1, 2, 3], [4, 5, 6]] stored column by column.
        let t = try NPY.decode(npy("<i2", "(2, 3)", fortran: true, [1, 0, 4, 0, 2, 0, 5, 0, 3, 0, 6, 0]))
        #expect(t.dtype == .int16 && t.shape == [2, 3] && t.elements(as: Int16.self) == [1, 2, 3, 4, 5, 6])
        let cube = try NPY.decode(npy("|u1", "(2, 2, 2)", fortran: true, [0, 4, 2, 6, 1, 5, 3, 7]))
        #expect(cube.dtype == .uint8 && cube.elements(as: UInt8.self) == [0, 1, 2, 3, 4, 5, 6, 7])
        let bools = try NPY.decode(npy("|b1", "(2, 2)", fortran: true, [1, 0, 7, 1]))
        #expect(bools.dtype == .bool && bools.elements(as: Bool.self) == [true, true, false, true])
    }

    @Test func npyWidensUnsignedTypesAndRefusesUint64() throws {
        let u2 = try NPY.decode(npy("<u2", "(2,)", [0xFF, 0xFF, 1, 0]))
        #expect(u2.dtype == .int32 && u2.elements(as: Int32.self) == [65535, 1])
        let u4 = try NPY.decode(npy(">u4", "(2, 1)", [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 2]))
        #expect(u4.dtype == .int64 && u4.shape == [2, 1] && u4.elements(as: Int64.self) == [4_294_967_295, 2])
        let fortran = try NPY.decode(npy("<u2", "(2, 2)", fortran: true, [1, 0, 3, 0, 2, 0, 4, 0]))
        #expect(fortran.elements(as: Int32.self) == [1, 2, 3, 4])
        do {
            _ = try NPY.decode(npy("<u8", "(1,)", [UInt8](repeating: 0, count: 8)))
            Issue.record("uint64 was read")
        } catch let e as TensorError {
            #expect(e.kind == .type && e.message.contains("uint64"), "\(e)")
        }
    }

    @Test func npyHeadersThatLieAboutOtherTypes() throws {
        // Too little data for the type's size, though enough for a smaller one.
        #expect(throws: TensorError.self) { try NPY.decode(npy("<i8", "(2,)", [UInt8](repeating: 0, count: 12))) }
        #expect(throws: TensorError.self) { try NPY.decode(npy("<u2", "(3,)", [0, 0, 0, 0])) }
        #expect(throws: TensorError.self) { try NPY.decode(npy("<b2", "(1,)", [0, 0])) }
    }

    @Test func filesKeepTheDtype() throws {
        let dir = NSTemporaryDirectory() + "soma-dtype-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let t = try make([1 << 62 + 1, -3] as [Int64])
        try saveTensor(t, dir + "/t.npy")
        #expect(try loadTensor(dir + "/t.npy").elements(as: Int64.self) == [1 << 62 + 1, -3])
        try SafeTensors.save([("t", t)], to: dir + "/t.safetensors")
        let back = try SafeTensors.load(dir + "/t.safetensors")[0].1
        #expect(back.dtype == .int64 && back.elements(as: Int64.self) == [1 << 62 + 1, -3])
    }
}
