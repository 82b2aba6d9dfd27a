import Foundation
import Script
@testable import SomaRuntime
import Testing

/// Nothing a user types crashes Soma: each line below used to trap, abort or silently do the wrong
/// thing; now each raises an error of the right kind that names the problem, and the session goes on.
@Suite(.serialized) struct SafetyTests {
    /// Runs `setup` then `line` in one runtime and returns the error `line` raised ("Kind: message").
    func error(_ line: String, after setup: String = "", sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String? {
        let runtime = Runtime()
        runtime.output = { _ in }
        if !setup.isEmpty {
            do { _ = try runtime.run(setup, as: .cell(1)) } catch {
                Issue.record("setup failed: \(error)", sourceLocation: sourceLocation)
                return nil
            }
        }
        do {
            _ = try runtime.run(line, as: .cell(2))
        } catch let e as ScriptError {
            // The session survives: the next input runs.
            #expect((try? runtime.run("1 + 1", as: .cell(3))) != nil, sourceLocation: sourceLocation)
            return "\(e.kind): \(e.message)"
        } catch {
            Issue.record("\(line) threw \(error)", sourceLocation: sourceLocation)
            return nil
        }
        Issue.record("\(line) raised no error", sourceLocation: sourceLocation)
        return nil
    }

    func expectError(_ line: String, _ prefix: String, after setup: String = "",
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let e = error(line, after: setup, sourceLocation: sourceLocation)
        #expect(e?.hasPrefix(prefix) == true, "\(line): \(e ?? "nil")", sourceLocation: sourceLocation)
    }

    func value(_ code: String) throws -> Value? {
        let runtime = Runtime()
        runtime.output = { _ in }
        return try runtime.run(code, as: .cell(1))
    }

    @Test func hugeAllocationsAreMemoryErrors() {
        expectError("ones([1000000, 1000000])", "MemoryError: full: cannot allocate 4.0 TB")
        expectError("zeros([100000, 100000])", "MemoryError: full: cannot allocate 40.0 GB for a tensor of shape [100000, 100000]")
        expectError("zeros([0, 10**15]).reshape([10**15, 10**15, 0])", "MemoryError: reshape")
        expectError("zeros([100000, 1]) + zeros([100000])", "MemoryError")
        expectError("zeros([100000, 1]) @ zeros([1, 100000])", "MemoryError: matmul")
        expectError("zeros([1]).expand([100000, 100000])", "MemoryError: expand")
        expectError("randperm(10**10)", "MemoryError: randperm")
        expectError("zeros([1000000000, 0]).tolist()", "MemoryError: tolist")
        expectError("for row in zeros([1000000000, 0]) { }", "MemoryError")
        expectError("arange(0, 1e12)", "MemoryError: arange")
        expectError("linspace(0, 1, 10**12)", "MemoryError: linspace")
        expectError("tensor(0..<10**15)", "MemoryError")
        expectError("sineSequences(1000, length: 10**15)", "MemoryError: sineSequences")
        expectError("Conv2d(1, 1, 10**15)", "MemoryError: Conv2d")
        expectError("blobs(10, centers: 10**15)", "MemoryError: blobs")
        expectError("tensor([0..<10**9, 0..<10**9])", "MemoryError")
    }

    @Test func numbersThatAreNoIntegersAreErrorsNotTraps() {
        expectError("zeros([nan])", "ValueError")
        expectError("zeros([inf])", "ValueError")
        expectError("zeros([-2])", "ShapeError")
        expectError("LayerNorm(inf)", "ValueError")
        expectError("Linear(1e300, 2)", "ValueError")
        expectError("Linear(2.5, 2)", "ValueError")
        expectError("t[1e20]", "ValueError", after: "let t = zeros([3])")
        expectError("t[nan]", "ValueError", after: "let t = zeros([3])")
        expectError("randperm(-1)", "ValueError")
        expectError("zeros(tensor([2, nan]))", "ValueError: each entry of the shape of zeros must be a whole number, got nan")
        expectError("zeros(tensor([1e30]))", "ValueError: each entry of the shape of zeros is out of range")
        expectError("zeros([3]).reshape(tensor([inf]))", "ValueError")
        expectError("LayerNorm(tensor([nan]))", "ValueError")
    }

    @Test func nanPropagatesThroughTheLanguage() throws {
        let checks = ["relu(tensor(nan)).item()", "maximum(tensor(nan), tensor(0)).item()",
                      "tensor([1, nan, 3]).max().item()", "tensor([1, nan]).clamp(min: 0, max: 1).sum().item()"]
        for code in checks {
            guard case .number(let n)? = try value(code) else { Issue.record("\(code) is no number"); continue }
            #expect(n.isNaN, "\(code) gave \(n)")
        }
        guard case .number(let i)? = try value("tensor([1, nan, 3]).argmax().item()") else { Issue.record("argmax"); return }
        #expect(i == 1)
    }

    @Test func settersCheckWhatConstructorsCheck() {
        let setup = "let w = zeros([2], requiresGrad: true)\nlet opt = SGD([w], lr: 0.1)"
        expectError("opt.lr = nan", "ValueError: SGD: lr must be non-negative (got nan)", after: setup)
        expectError("opt.lr = -1", "ValueError: SGD: lr must be non-negative (got -1", after: setup)
        expectError("w.grad = zeros([3])", "ShapeError: grad: a gradient of shape [3] does not fit a tensor of shape [2]", after: setup)
        expectError("let y = w * 2\ny.requiresGrad = false", "ValueError: requiresGrad can only be changed on leaf tensors", after: setup)
    }

    @Test func pathsAreChecked() {
        expectError("load(\"x.npy\\0.txt\")", "ValueError: load: the path \"x.npy\\0.txt\" contains a NUL character")
        expectError("save(zeros([1]), \"x\\0.npy\")", "ValueError: save: the path")
        expectError("readText(\"a\\0b\")", "ValueError: readText: the path")
        expectError("dataFile(\"digits\\0.csv.gz\")", "ValueError: dataFile: the path")
        expectError("saveState(Linear(1, 1), \"m\\0.safetensors\")", "ValueError: saveState: the path")
        expectError("plot([1, 2]).save(\"chart.png\")", "ValueError: save: cannot write 'chart.png': the extension names the format, and the supported ones are .svg (SVG), .txt (text)")
        expectError("plot([1, 2]).save(\"chart\\0.svg\")", "ValueError: save: the path")
    }

    @Test func layersInListsAndDictionariesAreParameters() throws {
        let code = """
            layer Net() {
                let heads = ["a": Linear(2, 3), "b": Linear(2, 1, bias: false)]
                let stages = [[Linear(2, 2)], [Linear(2, 2), Linear(2, 2)]]
                let scales = [zeros([2], requiresGrad: true)]
                fn forward(x) { x }
            }
            let net = Net()
            let names = net.stateDict().keys()
            names.sort()
            [len(net.parameters()), names]
            """
        let result = try value(code)
        guard case .list(let l)? = result, case .list(let keys) = l.items[1] else { Issue.record("\(String(describing: result))"); return }
        guard case .number(let n) = l.items[0] else { Issue.record("count"); return }
        #expect(n == 10)
        let names = keys.items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
        #expect(names == ["heads.a.bias", "heads.a.weight", "heads.b.weight", "scales.0", "stages.0.0.bias", "stages.0.0.weight",
                          "stages.1.0.bias", "stages.1.0.weight", "stages.1.1.bias", "stages.1.1.weight"])
    }
}
