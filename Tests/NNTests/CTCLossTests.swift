#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import NN
import TensorEngine
import Testing

/// ctc: gradients against finite differences (its values against PyTorch are in the differential
/// suite), hand-checked small cases, impossible alignments and argument errors.
@Suite struct CTCLossTests {
    static func scores(_ shape: [Int]) throws -> Tensor {
        try Tensor(shape: shape, elements: (0..<shape.reduce(1, *)).map { 1.5 * sin(Double($0) * 0.9) }, dtype: .float64)
    }

    static func ints(_ shape: [Int], _ values: [Double]) throws -> Tensor { try Tensor(shape: shape, elements: values, dtype: .float64) }

    @Test func gradientsMatchFiniteDifferences() throws {
        let x = try Self.scores([6, 2, 4]), padded = try Self.ints([2, 3], [1, 1, 2, 3, 2, 0])
        for reduction in [Reduction.mean, .sum, .none] {
            // The exact derivative: it holds for any log-probabilities, not only a logSoftmax's.
            #expect(try gradcheck({ try Loss.ctc($0[0], padded, inputLengths: [6, 4], targetLengths: [3, 2], reduction: reduction) }, [x]))
            #expect(try gradcheck({
                try Loss.ctc($0[0].logSoftmax(axis: 2), try Self.ints([4], [3, 1, 2, 2]), inputLengths: [5, 6], targetLengths: [1, 3],
                             blank: 0, reduction: reduction)
            }, [x]))
        }
        #expect(try gradcheck({ try Loss.ctc($0[0].logSoftmax(axis: 1), try Self.ints([2], [0, 2]), inputLengths: [5], targetLengths: [2],
                                             blank: 3) }, [try Self.scores([5, 4])]))
    }

    @Test func oneStepOneLabelIsMinusItsLogProbability() throws {
        let lp = try Tensor(shape: [1, 1, 3], elements: [log(0.2), log(0.5), log(0.3)], dtype: .float64)
        let loss = try Loss.ctc(lp, try Self.ints([1, 1], [1]), inputLengths: [1], targetLengths: [1], reduction: .sum)
        #expect(abs(try loss.itemValue() + log(0.5)) < 1e-12)
        // Two steps, one label a: the alignments a·a, a·blank and blank·a.
        let two = try Tensor(shape: [2, 1, 2], elements: [log(0.4), log(0.6), log(0.7), log(0.3)], dtype: .float64)
        let expected = -log(0.6 * 0.3 + 0.6 * 0.7 + 0.4 * 0.3)
        #expect(abs(try Loss.ctc(two, try Self.ints([1], [1]), inputLengths: [2], targetLengths: [1]).itemValue() - expected) < 1e-12)
    }

    @Test func impossibleAlignmentsAreInfiniteOrZero() throws {
        let x = try Self.scores([3, 1, 3]).logSoftmax(axis: 2).detach()
        x.requiresGrad = true
        // Repeated labels need a blank between them: 1·1 cannot fit in one step, 1·1·1 not in three.
        let y = try Self.ints([1, 3], [1, 1, 1])
        #expect(try Loss.ctc(x, y, inputLengths: [3], targetLengths: [3]).itemValue() == .infinity)
        let zeroed = try Loss.ctc(x, y, inputLengths: [3], targetLengths: [3], zeroInfinity: true)
        #expect(try zeroed.itemValue() == 0)
        try zeroed.backward()
        #expect(try #require(x.grad).elements(as: Double.self).allSatisfy { $0 == 0 })
    }

    @Test func float32ComputesInDouble() throws {
        let x = try Self.scores([5, 2, 3]).to(.float32).detach()
        x.requiresGrad = true
        let y = try Self.ints([2, 2], [1, 2, 2, 0])
        let single = try Loss.ctc(x.logSoftmax(axis: 2), y, inputLengths: [5, 4], targetLengths: [2, 1])
        let double = try Loss.ctc(try Self.scores([5, 2, 3]).logSoftmax(axis: 2), y, inputLengths: [5, 4], targetLengths: [2, 1])
        let difference = abs(try single.itemValue() - double.itemValue())
        #expect(single.dtype == .float32 && difference < 1e-5)
    }

    @Test func differentiatesTwice() throws {
        let x = try Self.scores([5, 2, 3]), padded = try Self.ints([2, 2], [1, 1, 2, 0])
        for reduction in [Reduction.mean, .sum, .none] {
            #expect(try gradgradcheck({
                try Loss.ctc($0[0].logSoftmax(axis: 2), padded, inputLengths: [5, 3], targetLengths: [2, 1], reduction: reduction)
            }, [x]), "\(reduction)")
            // An impossible alignment zeroed, an empty target, raw log-probabilities.
            #expect(try gradgradcheck({
                try Loss.ctc($0[0], padded, inputLengths: [2, 4], targetLengths: [2, 0], reduction: reduction, zeroInfinity: true)
            }, [x]), "zeroed \(reduction)")
        }
        #expect(try gradgradcheck({ try Loss.ctc($0[0].logSoftmax(axis: 1), try Self.ints([2], [2, 1]), inputLengths: [4], targetLengths: [2]) },
                                  [try Self.scores([4, 3])]))
    }

    @Test func badArgumentsNameTheProblem() throws {
        let x = try Self.scores([4, 2, 3])
        #expect(throws: TensorError(.index, "ctc: target 0 at position [1, 0] is not a class index in 0..<3 other than the blank 0")) {
            try Loss.ctc(x, try Self.ints([2, 2], [1, 2, 0, 1]), inputLengths: [4, 4], targetLengths: [2, 2])
        }
        #expect(throws: TensorError(.value, "ctc: input length 5 of sequence 1 is not in 0...4")) {
            try Loss.ctc(x, try Self.ints([2, 1], [1, 2]), inputLengths: [4, 5], targetLengths: [1, 1])
        }
        #expect(throws: TensorError(.shape, "ctc: 2 sequences need 2 input lengths and 2 target lengths (got 1 and 2)")) {
            try Loss.ctc(x, try Self.ints([2, 1], [1, 2]), inputLengths: [4], targetLengths: [1, 1])
        }
        #expect(throws: TensorError(.shape, "ctc: targets [2] need shape [N, S] or the 3 labels one after another")) {
            try Loss.ctc(x, try Self.ints([2], [1, 2]), inputLengths: [4, 4], targetLengths: [1, 2])
        }
        #expect(throws: TensorError(.value, "ctc: blank 3 is not a class index in 0..<3")) {
            try Loss.ctc(x, try Self.ints([2, 1], [1, 2]), inputLengths: [4, 4], targetLengths: [1, 1], blank: 3)
        }
    }
}
