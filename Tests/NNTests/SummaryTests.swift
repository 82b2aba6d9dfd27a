import NN
import TensorEngine
import Testing

/// `summary`: rows, counts, MACs, memory, nesting, modes and the text table.
@Suite(.serialized) struct SummaryTests {
    /// A layer with a parameter and no product.
    final class Scale: Module {
        let forwardHooks = ForwardHooks()
        let w = try! Tensor.full([1], 2)
        var isTraining = true
        func forward(_ x: Tensor) throws -> Tensor { try x * w }
        var ownParameters: [(String, Tensor)] { [("w", w)] }
    }

    /// A layer that multiplies by a matrix of its own.
    final class Projection: Module {
        let forwardHooks = ForwardHooks()
        let w = try! Tensor.ones([2, 2])
        var isTraining = true
        func forward(_ x: Tensor) throws -> Tensor { try x.matmul(w) }
        var ownParameters: [(String, Tensor)] { [("w", w)] }
    }

    @Test func mlpRowsAndTotals() throws {
        let model = Sequential(try Linear(784, 128), Activation.relu, try Linear(128, 10))
        let s = try summary(model, input: [32, 784])
        #expect(s.rows.map(\.name) == ["0", "1", "2"])
        #expect(s.rows.map(\.layer) == ["Linear(784, 128)", "ReLU()", "Linear(128, 10)"])
        #expect(s.rows.map(\.outputShape) == [[32, 128], [32, 128], [32, 10]])
        #expect(s.rows.map(\.parameters) == [100_480, 0, 1290])
        #expect(s.rows.map(\.macs) == [32 * 784 * 128, 0, 32 * 128 * 10])
        #expect(s.rows.map(\.activationBytes) == [4 * 32 * 128, 4 * 32 * 128, 4 * 32 * 10])
        #expect(s.totalParameters == 101_770 && s.trainableParameters == 101_770)
        #expect(s.totalMACs == 32 * (784 * 128 + 128 * 10))
        #expect(s.activationBytes == 4 * 32 * (128 + 128 + 10))
        #expect(s.inputBytes == 4 * 32 * 784 && s.parameterBytes == 4 * 101_770)
    }

    @Test func textTable() throws {
        let model = Sequential(try Linear(784, 128), Activation.relu, try Linear(128, 10))
        let text = try summary(model, input: [1, 784]).description
        #expect(text == """
            Layer                 Output shape   Parameters      MACs   Memory
            ──────────────────────────────────────────────────────────────────
            0  Linear(784, 128)   [1, 128]          100,480   100,352    512 B
            1  ReLU()             [1, 128]                0         0    512 B
            2  Linear(128, 10)    [1, 10]             1,290     1,280     40 B
            ──────────────────────────────────────────────────────────────────
            Parameters: 101,770 (397.5 KB)
            MACs: 101,632 (FLOPs ≈ 203,264)
            Input: [1, 784] (3.1 KB); activations: 1.0 KB
            """)
    }

    @Test func nestedSequentialIsExpandedUnderItsOwnRow() throws {
        let inner = Sequential(try Linear(4, 4), Activation.tanh)
        let model = Sequential(try Linear(2, 4), inner, try Linear(4, 1))
        let s = try summary(model, input: [3, 2])
        #expect(s.rows.map(\.name) == ["0", "1", "1.0", "1.1", "2"])
        #expect(s.rows.map(\.depth) == [0, 0, 1, 1, 0])
        #expect(s.rows.map(\.isContainer) == [false, true, false, false, false])
        #expect(s.rows[1].parameters == 20 && s.rows[1].macs == 3 * 16 && s.rows[1].outputShape == [3, 4])
        #expect(s.totalMACs == 3 * (8 + 16 + 4))
        #expect(s.activationBytes == 4 * 3 * (4 + 4 + 4 + 1))   // containers are not counted twice
        #expect(s.description.contains("\n  1.0  Linear(4, 4)"))
    }

    @Test func aSingleLayerIsOneRowAndAnyLayerCountsItsProducts() throws {
        let s = try summary(try Linear(3, 2), input: [5, 3])
        #expect(s.rows.count == 1 && s.rows[0].name == "" && s.rows[0].macs == 30)
        // A layer of its own, unknown to summary: its elementwise product costs no MACs, its matmul does.
        let t = try summary(Sequential(try Linear(3, 2), Scale(), Projection()), input: [1, 3])
        #expect(t.rows.map(\.macs) == [6, 0, 2 * 2])
        #expect(t.totalMACs == 10 && t.description.contains("MACs: 10 (FLOPs ≈ 20)"))
    }

    @Test func frozenParametersAreNotTrainable() throws {
        let a = try Linear(3, 2), b = try Linear(2, 2)
        b.weight.requiresGrad = false
        let s = try summary(Sequential(a, b), input: [1, 3])
        #expect(s.totalParameters == 14 && s.trainableParameters == 10)
        #expect(s.description.contains("trainable: 10"))
    }

    @Test func runsInEvaluationModeAndRestoresModesAndRandomness() throws {
        let dropout = try Dropout(p: 0.5)
        let model = Sequential(try Linear(3, 3), dropout)
        model.train()
        seed(9)
        _ = try summary(model, input: [2, 3])
        let next = try Tensor.rand([4]).values
        seed(9)
        #expect(try Tensor.rand([4]).values == next)   // dropout drew nothing
        #expect(model.isTraining && dropout.isTraining)
        model.eval()
        _ = try summary(model, input: [2, 3])
        #expect(!model.isTraining && !dropout.isTraining)
    }

    @Test func errorsNameTheLayer() throws {
        let model = Sequential(try Linear(3, 4), try Linear(5, 1))
        #expect(throws: TensorError(.shape, "summary: layer 1 Linear(5, 1) on input [2, 4]: linear: input [2, 4] does not fit weight [1, 5] (expected last dimension 5)")) {
            try summary(model, input: [2, 3])
        }
        #expect(throws: TensorError.self) { try summary(model, input: []) }
        #expect(throws: TensorError.self) { try summary(model, input: [0, 3]) }
        #expect(throws: TensorError.self) { try summary(model, input: [1 << 20, 1 << 20]) }
    }
}
