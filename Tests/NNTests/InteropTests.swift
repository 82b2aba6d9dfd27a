import Foundation
import NN
import TensorEngine
import Testing

/// Files written here open in Python's `safetensors`, NumPy and PyTorch, and theirs open here.
///
/// Runs `.venv/bin/python` of the repository with `safetensors`, `numpy` and `torch` installed
/// (`.venv/bin/pip install safetensors numpy torch`); without them these tests are skipped.
@Suite(.serialized) struct InteropTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let python = root + "/.venv/bin/python"

    /// Whether the interpreter exists and imports the three packages.
    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? run("import safetensors, numpy, torch")) != nil
    }()

    /// Runs a Python program with `args` and returns its standard output, or throws with its errors.
    @discardableResult
    static func run(_ program: String, _ args: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", program] + args
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TensorError(.value, "python failed: " + String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "soma-interop-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(.enabled(if: available, "skipped: needs .venv/bin/python with safetensors, numpy and torch"))
    func pythonReadsOurSafetensors() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try SafeTensors.save([("weight", try Tensor([[1, 2, 3], [4, 5, 6]])), ("bias", Tensor([-0.5, 0.25]))],
                             to: dir + "/t.safetensors")
        let out = try Self.run("""
            import sys
            from safetensors.numpy import load_file
            d = load_file(sys.argv[1])
            print(sorted(d), d['weight'].dtype, d['weight'].shape, d['weight'].tolist(), d['bias'].tolist())
            """, [dir + "/t.safetensors"])
        #expect(out == "['bias', 'weight'] float32 (2, 3) [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]] [-0.5, 0.25]")
    }

    @Test(.enabled(if: available, "skipped: needs .venv/bin/python with safetensors, numpy and torch"))
    func torchLoadsOurModelAndComputesTheSameOutput() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        seed(5)
        let model = Sequential(try Linear(3, 4), Activation.tanh, try Linear(4, 2))
        try saveState(model, dir + "/m.safetensors")
        let x = try Tensor([[0.5, -1, 2], [1, 0, -0.25]])
        let ours = try model(x).values
        let out = try Self.run("""
            import sys, torch
            from safetensors.torch import load_file
            m = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
            m.load_state_dict(load_file(sys.argv[1]))
            y = m(torch.tensor([[0.5, -1, 2], [1, 0, -0.25]]))
            print(' '.join(repr(v) for v in y.flatten().tolist()))
            """, [dir + "/m.safetensors"])
        let theirs = out.split(separator: " ").map { Float($0)! }
        #expect(theirs.count == 4)
        #expect(zip(ours, theirs).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test(.enabled(if: available, "skipped: needs .venv/bin/python with safetensors, numpy and torch"))
    func weLoadATorchStateDictWithBatchNorm() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try Self.run("""
            import sys, torch
            from safetensors.torch import save_file
            torch.manual_seed(0)
            m = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3))
            m(torch.randn(8, 2))
            m.eval()
            save_file(m.state_dict(), sys.argv[1])
            print(' '.join(repr(v) for v in m(torch.tensor([[1.0, -2.0]])).flatten().tolist()))
            """, [dir + "/torch.safetensors"])
        let model = Sequential(try Linear(2, 3), try BatchNorm1d(3))
        try loadState(model, dir + "/torch.safetensors")   // includes an int64 num_batches_tracked
        model.eval()
        let ours = try model(try Tensor([[1, -2]])).values
        let theirs = out.split(separator: " ").map { Float($0)! }
        #expect(zip(ours, theirs).allSatisfy { abs($0 - $1) < 1e-5 }, "\(ours) vs \(theirs)")
    }

    @Test(.enabled(if: available, "skipped: needs .venv/bin/python with safetensors, numpy and torch"))
    func torchLoadsOurBatchNormStateStrictly() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        seed(6)
        let model = Sequential(try Linear(2, 3), try BatchNorm1d(3))
        for _ in 0..<3 { _ = try model(try Tensor.randn([8, 2])) }   // three training batches move the statistics
        model.eval()
        try saveState(model, dir + "/bn.safetensors")
        let ours = try model(try Tensor([[1, -2]])).values
        let out = try Self.run("""
            import sys, torch
            from safetensors.torch import load_file
            m = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3))
            state = load_file(sys.argv[1])
            assert sorted(state) == sorted(m.state_dict()), (sorted(state), sorted(m.state_dict()))
            m.load_state_dict(state, strict=True)
            m.eval()
            print(int(m[1].num_batches_tracked), ' '.join(repr(v) for v in m(torch.tensor([[1.0, -2.0]])).flatten().tolist()))
            """, [dir + "/bn.safetensors"])
        let fields = out.split(separator: " ")
        #expect(fields.first == "3", "\(out)")
        let theirs = fields.dropFirst().map { Float($0)! }
        #expect(theirs.count == 3 && zip(ours, theirs).allSatisfy { abs($0 - $1) < 1e-5 }, "\(ours) vs \(theirs)")
    }

    @Test(.enabled(if: available, "skipped: needs .venv/bin/python with safetensors, numpy and torch"))
    func numpyReadsOurNpyAndWeReadTheirs() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try saveTensor(try Tensor(shape: [2, 2, 2], values: [1, 2, 3, 4, 5, 6, 7, 8.5]), dir + "/ours.npy")
        let out = try Self.run("""
            import sys, numpy as np
            a = np.load(sys.argv[1])
            print(a.dtype, a.shape, a.flatten().tolist())
            np.save(sys.argv[2], np.arange(6, dtype=np.float64).reshape(3, 2).T)
            np.save(sys.argv[3], np.arange(6, dtype=np.int64).reshape(2, 3)[:, ::-1])
            """, [dir + "/ours.npy", dir + "/transposed.npy", dir + "/ints.npy"])
        #expect(out == "float32 (2, 2, 2) [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.5]")
        let t = try loadTensor(dir + "/transposed.npy")   // NumPy writes a transposed array in Fortran order
        #expect(t.shape == [2, 3] && t.values == [0, 2, 4, 1, 3, 5])
        let ints = try loadTensor(dir + "/ints.npy")
        #expect(ints.shape == [2, 3] && ints.values == [2, 1, 0, 5, 4, 3])
    }
}
