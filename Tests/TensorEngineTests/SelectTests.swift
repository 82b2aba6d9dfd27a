import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct SelectTests {
        @Test func clampToTensorBounds() throws {
            let x = try tensor([-2, 0.5, 3, 1, -1, 5], [2, 3])
            let low = try vector([-1, 0, 1]), high = try tensor([2, 4], [2, 1])
            expectNumbers(try x.clamp(min: low, max: high), [-1, 0.5, 2, 1, 0, 4], shape: [2, 3])
            expectNumbers(try x.clamp(min: nil, max: high), [-2, 0.5, 2, 1, -1, 4], shape: [2, 3])
            // The bounds broadcast the result, as in PyTorch.
            #expect(try vector([1, 2]).clamp(min: try Tensor.zeros([3, 1]), max: nil).shape == [3, 2])
            expectError(.shape) { try x.clamp(min: try vector([1, 2]), max: nil) }
        }

        @Test func whereAndMaskedFill() throws {
            let c = try vector([1, 0, 1]), a = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
            expectNumbers(try Tensor.where(c, a, Tensor(0)), [1, 0, 3, 4, 0, 6], shape: [2, 3])
            expectNumbers(try a.maskedFill(c, -1), [-1, 2, -1, -1, 5, -1], shape: [2, 3])
        }

        @Test func logsumexpIsStable() throws {
            let x = try tensor([1000, 1000, -1000, 0], [2, 2])
            // log(2) + 1000, and log(e^−1000 + 1) = 0 in Float.
            expectNumbers(try x.logsumexp(axis: 1), [1000.6931471805599, 0], shape: [2])
        }

        @Test func gradients() throws {
            let low = try vector([-0.5, 0, 0.3]), high = try tensor([0.6, 0.9], [2, 1])
            try checkGradients([spread([2, 3], seed: 1, gap: 0.17)]) { try $0[0].clamp(min: low, max: high) }
            try checkGradients([spread([2, 3], seed: 2, gap: 0.3), spread([3], seed: 3, gap: 0.31), spread([2, 1], seed: 4, gap: 0.7)]) {
                try $0[0].clamp(min: $0[1], max: $0[2] + 2)
            }
            let c = try vector([1, 0, 1])
            try checkGradients([random([2, 3], seed: 5), random([3], seed: 6)]) { try Tensor.where(c, $0[0], $0[1]) }
            try checkGradients([random([2, 3], seed: 7)]) { try $0[0].maskedFill(c, 0) }
            try checkGradients([random([2, 4], seed: 8, in: -3...3)]) { try $0[0].logsumexp(axis: 1) }
            try checkGradients([random([2, 4], seed: 9, in: -3...3)]) { try $0[0].logsumexp(axis: 0, keepDims: true) }
        }
    }
}
