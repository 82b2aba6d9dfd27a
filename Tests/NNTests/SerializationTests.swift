import Foundation
import NN
import TensorEngine
import Testing

/// safetensors and .npy files: exact bytes, round trips, other dtypes, errors, atomic writes, model state.
@Suite(.serialized) struct SerializationTests {
    /// A fresh temporary folder for one test.
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "soma-io-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func bytes(_ base64: String) -> [UInt8] { [UInt8](Data(base64Encoded: base64)!) }

    // MARK: - .npy

    /// `np.save` of `np.array([[1, 2, 3], [4, 5, 6]], dtype='<f4')`.
    static let npyFloat32 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIA/AAAAQAAAQEAAAIBAAACgQAAAwEA="
    /// `np.save` of a Fortran-ordered float64 `[[1.5, 2, 3], [4, 5, 6.25]]`.
    static let npyFortran64 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAABBAAAAAAAAAAEAAAAAAAAAUQAAAAAAAAAhAAAAAAAAAGUA="
    /// `np.save` of big-endian int32 `[-3, 0, 7, 100000]`.
    static let npyBigEndianInt = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAr////9AAAAAAAAAAcAAYag"
    /// `np.save` of `[True, False, True]`.
    static let npyBool = "k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE="
    /// `np.save` of float16 `[0.5, -2, 65504, 1e-7]` (the last rounds to 2⁻²³, a subnormal).
    static let npyHalf = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGYyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAOADA/3sCAA=="
    /// `np.save` of the float32 scalar 3.25.
    static let npyScalar = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAFBA"
    /// `np.save` of `np.arange(24, dtype='u1').reshape(2, 3, 4)`.
    static let npyBytes3d = "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMsIDQpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAQIDBAUGBwgJCgsMDQ4PEBESExQVFhc="

    @Test func npyBytesAreNumpysOwn() throws {
        let t = try Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(NPY.encode(t) == bytes(Self.npyFloat32))
        #expect(NPY.encode(Tensor(3.25)) == bytes(Self.npyScalar))
        // The data starts on a 64-byte boundary for every rank.
        for shape in [[0], [7], [2, 3, 4], [1, 1, 1, 1, 1, 1]] {
            let encoded = NPY.encode(try Tensor.zeros(shape))
            #expect((encoded.count - 4 * Shape.count(shape)) % 64 == 0)
            #expect(try NPY.decode(encoded).shape == shape)
        }
    }

    @Test func npyWrittenByNumpyIsRead() throws {
        let f = try NPY.decode(bytes(Self.npyFloat32))
        #expect(f.shape == [2, 3] && f.values == [1, 2, 3, 4, 5, 6])
        let fortran = try NPY.decode(bytes(Self.npyFortran64))
        #expect(fortran.shape == [2, 3] && fortran.values == [1.5, 2, 3, 4, 5, 6.25])
        #expect(try NPY.decode(bytes(Self.npyBigEndianInt)).values == [-3, 0, 7, 100_000])
        #expect(try NPY.decode(bytes(Self.npyBool)).values == [1, 0, 1])
        #expect(try NPY.decode(bytes(Self.npyHalf)).values == [0.5, -2, 65504, 0x1p-23])
        let scalar = try NPY.decode(bytes(Self.npyScalar))
        #expect(scalar.shape == [] && scalar.values == [3.25])
        let cube = try NPY.decode(bytes(Self.npyBytes3d))
        #expect(cube.shape == [2, 3, 4] && cube.values == (0..<24).map { Float($0) })
    }

    @Test func npyErrors() throws {
        #expect(throws: TensorError.self) { try NPY.decode(Array("not numpy".utf8)) }
        var truncated = bytes(Self.npyFloat32)
        truncated.removeLast(4)
        #expect(throws: TensorError.self) { try NPY.decode(truncated) }
        var complexType = bytes(Self.npyFloat32)
        complexType.replaceSubrange(21..<24, with: Array("c8'".utf8))   // '<f4' → '<c8'
        do {
            _ = try NPY.decode(complexType)
            Issue.record("expected an error")
        } catch let e as TensorError {
            #expect(e.kind == .type)
        }
        do {
            _ = try loadTensor("/no/such/folder/x.npy")
            Issue.record("expected an error")
        } catch let e as TensorError {
            #expect(e.kind == .value && e.message.contains("/no/such/folder/x.npy"))
        }
    }

    @Test func npyFileRoundTrip() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        seed(1)
        let t = try Tensor.randn([3, 4, 5])
        try saveTensor(t, dir + "/t.npy")
        let back = try loadTensor(dir + "/t.npy")
        #expect(back.shape == t.shape && back.values == t.values)
    }

    // MARK: - safetensors

    @Test func safetensorsLayout() throws {
        let bytes = try SafeTensors.encode([("b", Tensor([1, 2])), ("a", try Tensor([[3], [4], [5]]))])
        let n = Int(bytes[0]) | Int(bytes[1]) << 8
        #expect(Array(bytes[2..<8]) == [0, 0, 0, 0, 0, 0])
        #expect(n % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
        #expect(header.trimmingCharacters(in: .whitespaces) == #"{"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[3,1],"data_offsets":[8,20]}}"#)
        #expect(bytes.count == 8 + n + 20)
        let floats = bytes[(8 + n)...].withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(floats == [1, 2, 3, 4, 5])
        let decoded = try SafeTensors.decode(bytes).tensors
        #expect(decoded.map(\.0) == ["b", "a"])
        #expect(decoded[1].1.shape == [3, 1] && decoded[1].1.values == [3, 4, 5])
    }

    @Test func safetensorsMetadataAndQuoting() throws {
        let name = "layer \"1\"\\weight\n"
        let bytes = try SafeTensors.encode([(name, Tensor([7]))], metadata: [("format", "pt"), ("note", "ünïcode")])
        let (tensors, metadata) = try SafeTensors.decode(bytes)
        #expect(tensors.map(\.0) == [name])
        #expect(metadata.map(\.0) == ["format", "note"] && metadata.map(\.1) == ["pt", "ünïcode"])
        #expect(throws: TensorError.self) { try SafeTensors.encode([("a", Tensor([1])), ("a", Tensor([2]))]) }
        #expect(throws: TensorError.self) { try SafeTensors.encode([("__metadata__", Tensor([1]))]) }
    }

    /// A file with one tensor of `dtype` and raw little-endian `data`, as another writer would make it.
    func file(dtype: String, shape: [Int], data: [UInt8]) -> [UInt8] {
        var header = Array("{\"x\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[0,\(data.count)]}}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        return (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) } + header + data
    }

    @Test func safetensorsOtherDtypesReadAsTheirValues() throws {
        func read(_ dtype: String, _ shape: [Int], _ data: [UInt8]) throws -> [Float] {
            let t = try SafeTensors.decode(file(dtype: dtype, shape: shape, data: data)).tensors[0].1
            #expect(t.dtype.safetensorsName == dtype)
            return t.values
        }
        #expect(try read("F64", [1], [0, 0, 0, 0, 0, 0, 0xF8, 0x3F]) == [1.5])
        #expect(try read("F16", [2], [0x00, 0x3C, 0x00, 0xC0]) == [1, -2])
        #expect(try read("BF16", [1], [0x80, 0x3F]) == [1])
        #expect(try read("I64", [2], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 5, 0, 0, 0, 0, 0, 0, 0]) == [-1, 5])
        #expect(try read("I32", [1], [0xFE, 0xFF, 0xFF, 0xFF]) == [-2])
        #expect(try read("U8", [3], [0, 128, 255]) == [0, 128, 255])
        #expect(try read("BOOL", [2], [1, 0]) == [1, 0])
        do {
            _ = try read("C64", [1], [0, 0, 0, 0, 0, 0, 0, 0])
            Issue.record("expected an error")
        } catch let e as TensorError {
            #expect(e.kind == .type)
        }
    }

    @Test func safetensorsRejectsBrokenFiles() throws {
        let good = file(dtype: "F32", shape: [2], data: [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40])
        #expect(try SafeTensors.decode(good).tensors[0].1.values == [1, 2])
        #expect(throws: TensorError.self) { try SafeTensors.decode(Array(good.dropLast())) }         // short data
        #expect(throws: TensorError.self) { try SafeTensors.decode(good + [0]) }                     // extra data
        #expect(throws: TensorError.self) { try SafeTensors.decode(file(dtype: "F32", shape: [3], data: [0, 0, 0, 0, 0, 0, 0, 0])) }
        #expect(throws: TensorError.self) { try SafeTensors.decode([1, 2, 3]) }
        #expect(throws: TensorError.self) { try SafeTensors.decode([255, 255, 255, 255, 0, 0, 0, 0, 0]) }
        var badJSON = good
        badJSON[8] = UInt8(ascii: "[")
        #expect(throws: TensorError.self) { try SafeTensors.decode(badJSON) }
        // The same name twice: which entry a reader would take is not defined, so neither is.
        var twice = Array(#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#.utf8)
        while twice.count % 8 != 0 { twice.append(0x20) }
        let duplicate = (0..<8).map { UInt8(truncatingIfNeeded: twice.count >> (8 * $0)) } + twice + [UInt8](repeating: 0, count: 8)
        #expect(throws: TensorError.self) { try SafeTensors.decode(duplicate) }
    }

    // MARK: - Atomic writes

    @Test func writesReplaceFilesWholeAndLeaveNoTemporaries() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/state.safetensors"
        try SafeTensors.save([("w", Tensor([1, 2, 3]))], to: path)
        try SafeTensors.save([("w", Tensor([4, 5]))], to: path)
        #expect(try SafeTensors.load(path)[0].1.values == [4, 5])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["state.safetensors"])
        // A folder that does not exist: an error naming the path, and nothing written.
        #expect(throws: TensorError.self) { try SafeTensors.save([("w", Tensor([1]))], to: dir + "/missing/x.safetensors") }
        // A write that cannot be renamed into place (the target is a folder) leaves no temporary behind.
        try FileManager.default.createDirectory(atPath: dir + "/taken", withIntermediateDirectories: false)
        _ = FileManager.default.createFile(atPath: dir + "/taken/inside", contents: Data())
        #expect(throws: TensorError.self) { try saveTensor(Tensor([1]), dir + "/taken") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["state.safetensors", "taken"])
    }

    // MARK: - Model state

    func model() throws -> Sequential {
        Sequential(try Linear(3, 4), Activation.tanh, try Linear(4, 2))
    }

    @Test func stateRoundTripRestoresOutputs() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        seed(1)
        let a = try model()
        seed(2)
        let b = try model()
        let x = try Tensor.randn([5, 3])
        #expect(try a(x).values != (try b(x).values))
        try saveState(a, dir + "/a.safetensors")
        let before = b.parameters()
        try loadState(b, dir + "/a.safetensors")
        #expect(try a(x).values == (try b(x).values))
        // Loaded in place: the same tensor objects, which optimizers hold.
        #expect(zip(before, b.parameters()).allSatisfy { $0 === $1 })
        let names = try SafeTensors.load(dir + "/a.safetensors").map(\.0)
        #expect(names == ["0.weight", "0.bias", "2.weight", "2.bias"])
    }

    @Test func mismatchesAreReportedTogether() throws {
        let state: [(String, Tensor)] = [
            ("0.weight", try Tensor.zeros([4, 3])), ("0.bias", try Tensor.zeros([5])),
            ("2.weight", try Tensor.zeros([2, 4])), ("extra", Tensor([1])),
        ]
        let m = try model()
        let original = m.parameters().map(\.values)
        do {
            try m.loadStateDict(state)
            Issue.record("expected an error")
        } catch let e as TensorError {
            #expect(e.kind == .value)
            #expect(e.message == "loadStateDict: the state does not fit Sequential: missing '2.bias'; unexpected 'extra'; '0.bias' has shape [5] in the state but [4] in the model")
        }
        // Nothing was copied.
        #expect(m.parameters().map(\.values) == original)
        // Without strict, only the shape problem remains.
        #expect(throws: TensorError(.value, "loadStateDict: the state does not fit Sequential: '0.bias' has shape [5] in the state but [4] in the model")) {
            try m.loadStateDict(state, strict: false)
        }
        var fixed = state
        fixed[1] = ("0.bias", Tensor([1, 2, 3, 4]))
        try m.loadStateDict(fixed, strict: false)
        #expect(m.parameters()[1].values == [1, 2, 3, 4])
        #expect(m.parameters()[3].values == original[3])
    }

    @Test func buffersAreSavedWithTheModel() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        seed(3)
        let a = Sequential(try Linear(2, 3), try BatchNorm1d(3))
        _ = try a(try Tensor.randn([8, 2]))   // training mode: the running statistics move
        #expect(a.namedBuffers().map(\.0) == ["1.running_mean", "1.running_var", "1.num_batches_tracked"])
        #expect(a.stateDict().map(\.0) == ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                                            "1.num_batches_tracked"])
        try saveState(a, dir + "/bn.safetensors")
        #expect(try SafeTensors.load(dir + "/bn.safetensors").map(\.0) == a.stateDict().map(\.0))
        let b = Sequential(try Linear(2, 3), try BatchNorm1d(3))
        try loadState(b, dir + "/bn.safetensors")
        #expect(b.namedBuffers()[0].1.values == a.namedBuffers()[0].1.values)
        #expect(b.namedBuffers()[1].1.values == a.namedBuffers()[1].1.values)
        #expect(b.namedBuffers()[2].1.values == [1])
        a.eval(); b.eval()
        let x = try Tensor.randn([4, 2])
        #expect(try a(x).values == (try b(x).values))
        // PyTorch accepts a state without the step counter (older files); so does Soma, in strict mode too.
        let c = Sequential(try Linear(2, 3), try BatchNorm1d(3))
        try c.loadStateDict(a.stateDict().filter { !$0.0.hasSuffix("num_batches_tracked") })
        #expect(c.namedBuffers()[0].1.values == a.namedBuffers()[0].1.values)
        #expect(c.namedBuffers()[2].1.values == [0])
        // A counter for a BatchNorm that tracks no statistics is not an unexpected entry either.
        let untracked = Sequential(try Linear(2, 3), try BatchNorm1d(3, trackRunningStats: false))
        try untracked.loadStateDict(a.stateDict().filter { !$0.0.contains("running") })
    }

    @Test func loadStateNamesTheFile() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try SafeTensors.save([("w", Tensor([1]))], to: dir + "/other.safetensors")
        do {
            try loadState(try model(), dir + "/other.safetensors")
            Issue.record("expected an error")
        } catch let e as TensorError {
            #expect(e.message.hasPrefix("loadState: '\(dir)/other.safetensors': the state does not fit Sequential: missing '0.weight', '0.bias', '2.weight', '2.bias'; unexpected 'w'"))
        }
        #expect(throws: TensorError.self) { try loadState(try model(), dir + "/absent.safetensors") }
    }
}
