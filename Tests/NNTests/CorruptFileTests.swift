import Foundation
@testable import NN
import TensorEngine
import TestSupport
import Testing

/// Corrupt, truncated and hostile files: every loader either decodes them or throws a TensorError that
/// says what is wrong; none traps or allocates what the header claims without checking it.
///
/// Each valid file is cut at every length, has every byte replaced by a few values that break
/// headers (0x00, 0xFF, 0x7F, a digit, '-'), and gets thousands of random bit flips.
@Suite(.serialized) struct CorruptFileTests {
    /// The variants of `valid`: every prefix, every byte set to a few header-breaking values, and random flips.
    static func variants(of valid: [UInt8], flips: Int, seed: UInt64) -> [[UInt8]] {
        var out: [[UInt8]] = (0..<valid.count).map { Array(valid[..<$0]) }
        for i in valid.indices {
            for b: UInt8 in [0x00, 0xFF, 0x7F, UInt8(ascii: "9"), UInt8(ascii: "-")] where valid[i] != b {
                var v = valid
                v[i] = b
                out.append(v)
            }
        }
        var rng = SplitMix64(seed: seed)
        for _ in 0..<flips {
            var v = valid
            for _ in 0..<(1 + rng.below(4)) {
                let i = rng.below(v.count)
                v[i] ^= UInt8(1) << UInt8(rng.below(8))
            }
            out.append(v)
        }
        return out
    }

    /// Runs `decode` on every variant; anything but success or a TensorError is a failure.
    static func survive(_ valid: [UInt8], flips: Int = 2000, seed: UInt64, _ decode: ([UInt8]) throws -> Void)
        -> (decoded: Int, refused: Int) {
        var decoded = 0, refused = 0
        for v in variants(of: valid, flips: flips, seed: seed) {
            do { try decode(v); decoded += 1 } catch is TensorError { refused += 1 } catch {
                Issue.record("a variant of \(v.count) bytes threw \(error), not a TensorError")
            }
        }
        return (decoded, refused)
    }

    @Test func npyVariants() throws {
        let small = NPY.encode(try Tensor([[1, 2, 3], [4, 5, 6]]))
        let r = Self.survive(small, seed: 1) { _ = try NPY.decode($0) }
        #expect(r.refused > 100 && r.decoded > 0)
        for base64 in [SerializationTests.npyFortran64, SerializationTests.npyBigEndianInt, SerializationTests.npyHalf] {
            _ = Self.survive([UInt8](Data(base64Encoded: base64)!), flips: 500, seed: 2) { _ = try NPY.decode($0) }
        }
    }

    @Test func npyHeadersThatLie() throws {
        func npy(_ shape: String, descr: String = "<f4", data: Int = 0) -> [UInt8] {
            var header = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }".utf8)
            header += [UInt8](repeating: 0x20, count: 63 - (10 + header.count) % 64) + [0x0A]
            return NPY.magic + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header
                + [UInt8](repeating: 0, count: data)
        }
        let cases: [([UInt8], TensorError.Kind)] = [
            (npy("(-1, 3)"), .value), (npy("(4611686018427387904, 4)"), .memory),
            (npy("(0, 4611686018427387904, 4)"), .memory), (npy("(99999999999999999999,)"), .value),
            (npy("(100000, 100000)"), .memory), (npy("(5,)", data: 8), .value),
            (npy("(2,)", descr: "<f9"), .type), (npy("(2,)", descr: "<c8"), .type), (npy("(2,)", descr: "x"), .type),
        ]
        for (bytes, kind) in cases {
            do { _ = try NPY.decode(bytes); Issue.record("decoded a lying header") } catch let e as TensorError {
                #expect(e.kind == kind, "\(e)")
            }
        }
        // The header length pointing past the end of the file.
        var long = npy("(1,)", data: 4)
        long[8] = 0xFF; long[9] = 0xFF
        #expect(throws: TensorError.self) { try NPY.decode(long) }
    }

    @Test func safetensorsVariants() throws {
        let valid = try SafeTensors.encode([("weight", try Tensor([[1, 2], [3, 4]])), ("bias", Tensor([0.5]))],
                                           metadata: [("format", "pt")])
        let r = Self.survive(valid, seed: 3) { _ = try SafeTensors.decode($0) }
        #expect(r.refused > 100 && r.decoded > 0)
    }

    /// Files of every other dtype, with their byte swaps, Fortran walks and widenings.
    @Test func otherDtypeVariants() throws {
        let tensors = [
            try Tensor(shape: [2, 3], elements: [1, -2, 3, 1 << 62, 5, 6] as [Int64], dtype: .int64),
            try Tensor(shape: [3], elements: [true, false, true], dtype: .bool),
            try Tensor(shape: [2, 2], elements: [0.5, -1, 2, 4] as [Double], dtype: .float16),
            try Tensor(shape: [2], elements: [0.5, -1] as [Double], dtype: .bfloat16),
        ]
        let named = tensors.map { ($0.dtype.rawValue, $0) }
        let r = Self.survive(try SafeTensors.encode(named), seed: 4) { _ = try SafeTensors.decode($0) }
        #expect(r.refused > 100 && r.decoded > 0)
        for (i, t) in tensors.enumerated() {
            _ = Self.survive(NPY.encode(t), flips: 500, seed: 5 + UInt64(i)) { _ = try NPY.decode($0) }
        }
        // Big-endian, Fortran-ordered and widened headers over the same data.
        var fortran = NPY.encode(tensors[0])
        fortran.replaceSubrange(21..<24, with: Array(">i8".utf8))
        if let f = fortran.firstRange(of: Array("False".utf8)) { fortran.replaceSubrange(f, with: Array("True ".utf8)) }
        let swapped = try NPY.decode(fortran)
        #expect(swapped.dtype == .int64 && swapped.shape == [2, 3])
        _ = Self.survive(fortran, flips: 500, seed: 9) { _ = try NPY.decode($0) }
        var widened = NPY.encode(tensors[0])
        widened.replaceSubrange(21..<24, with: Array("<u2".utf8))
        #expect(try NPY.decode(widened).dtype == .int32)
        _ = Self.survive(widened, flips: 500, seed: 10) { _ = try NPY.decode($0) }
    }

    @Test func safetensorsHeadersThatLie() throws {
        func file(_ json: String, data: Int = 0) -> [UInt8] {
            let header = Array(json.utf8)
            var out: [UInt8] = []
            SafeTensors.appendLittleEndian(UInt64(header.count), to: &out)
            return out + header + [UInt8](repeating: 0, count: data)
        }
        let lies = [
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,-9223372036854775808]}}"#,
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}"#,
            #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}}"#,
            #"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#,
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,                 // data missing
            #"{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#,
            #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#,
            #"{"a":{"dtype":"F32","shape":"x","data_offsets":[0,4]}}"#,
            #"{"a":1}"#, "[1]", "{", String(repeating: "[", count: 100_000),
        ]
        for json in lies {
            #expect(throws: TensorError.self, "\(json.prefix(80))") { try SafeTensors.decode(file(json, data: 4)) }
        }
        var huge: [UInt8] = []
        SafeTensors.appendLittleEndian(UInt64.max, to: &huge)
        #expect(throws: TensorError.self) { try SafeTensors.decode(huge + Array("{}".utf8)) }
    }

    /// A gzip of a digits-style CSV (dynamic Huffman codes, a file name in the header) and a fixed-code one.
    static let gzipDigits = "H4sICAAAAAAC/2RpZ2l0cy5jc3YAzdU5DoAwEEPR3mf5RUwSlvtfjAoIS43cv8LSyJ5CZWbDE+6YxoILrnhmorNi40b5HSomyQdUSpAvqKArPqGCjviGimrAHSqqAA+otPUYocLGY4QKXN4LKm54T6jIp3VA7UK7kFdZBwAA"
    static let gzipFixed = "H4sIAAAAAAAAA8tIzcnJV8hAIovzcxMVQAQAsxLp3hsAAAA="

    @Test func gzipAndCSVVariants() throws {
        let digits = [UInt8](Data(base64Encoded: Self.gzipDigits)!)
        #expect(try Gzip.decompress(digits).count == 1881)
        let r = Self.survive(digits, seed: 4) { bytes in
            let text = try Gzip.decompress(bytes, limit: 1 << 20)
            _ = try? Datasets.parseDigits(text, source: "fuzz")   // a CSV that decodes may still be wrong
        }
        #expect(r.refused > 100)
        _ = Self.survive([UInt8](Data(base64Encoded: Self.gzipFixed)!), seed: 5) { _ = try Gzip.decompress($0, limit: 1 << 20) }
    }

    @Test func csvRowsThatLie() throws {
        let rows = ["", "1,2,3\n", String(repeating: "1,", count: 64) + "nan\n", String(repeating: "1e999,", count: 64) + "3\n",
                    String(repeating: "1,", count: 64) + "-1\n", String(repeating: "1,", count: 64) + "99999999999999999999\n",
                    String(repeating: "x,", count: 64) + "3\n"]
        for text in rows {
            do { _ = try Datasets.parseDigits(Array(text.utf8), source: "t") } catch is TensorError {} catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func filesThatAreNotRegularOrAreTooLarge() throws {
        let e = #expect(throws: TensorError.self) { try FileIO.read("/dev/zero", maxStreamBytes: 1 << 20) }
        #expect(e?.kind == .memory && e?.message.contains("not a regular file") == true)
        let folder = #expect(throws: TensorError.self) { try FileIO.read("/tmp") }
        #expect(folder?.message.contains("folder") == true)
        let path = NSTemporaryDirectory() + "soma-big-\(getpid()).bin"
        try FileIO.writeAtomically([UInt8](repeating: 1, count: 100), to: path)
        defer { unlink(path) }
        #expect((#expect(throws: TensorError.self) { try FileIO.read(path, maxFileBytes: 16) })?.kind == .memory)
    }

    @Test func aPipeIsReadInChunksThatAnInterruptStops() throws {
        let path = NSTemporaryDirectory() + "soma-fifo-\(getpid())"
        unlink(path)
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        // No writer: the read ends at once (empty) instead of blocking in open.
        #expect(try FileIO.read(path).isEmpty)
        // A writer that never writes: the read waits in short polls and stops at the interrupt.
        let writer = open(path, O_RDWR)
        defer { close(writer) }
        var polls = 0
        let e = #expect(throws: TensorError.self) {
            try FileIO.read(path) {
                polls += 1
                if polls > 3 { throw TensorError(.interrupted, "stopped") }
            }
        }
        #expect(e?.kind == .interrupted)
    }

    @Test func pathsWithNULAreRefused() throws {
        for call in [{ _ = try FileIO.read("a.npy\u{0}x") }, { try FileIO.writeAtomically([1], to: "a.npy\u{0}x") },
                     { try NPY.save(Tensor(1), to: "x\u{0}.npy") }, { _ = try DataFiles.locate("digits\u{0}.csv.gz") },
                     { _ = try FileIO.read("") }] {
            let e = #expect(throws: TensorError.self) { try call() }
            #expect(e?.kind == .value)
        }
        #expect(!FileIO.isFile("/etc/hostname\u{0}x"))
    }
}
