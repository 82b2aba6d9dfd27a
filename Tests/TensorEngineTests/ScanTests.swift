import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct ScanTests {
        let x = try! tensor([3, 1, 2, 1, 0, -1, 5, 5], [2, 4])

        @Test func runningSumsAndProducts() throws {
            expectNumbers(try x.cumsum(axis: 0), [3, 1, 2, 1, 3, 0, 7, 6], shape: [2, 4])
            expectNumbers(try x.cumsum(axis: -1), [3, 4, 6, 7, 0, -1, 4, 9], shape: [2, 4])
            expectNumbers(try x.cumprod(axis: 1), [3, 3, 6, 6, 0, 0, 0, 0], shape: [2, 4])
            expectNumbers(try Tensor.zeros([0, 2]).cumsum(axis: 0), [], shape: [0, 2])
            let e = expectError(.index) { try x.cumprod(axis: 2) }
            #expect(e?.message == "cumprod: axis 2 is out of range for a tensor of rank 2")
        }

        @Test func gradients() throws {
            try checkGradients([random([3, 4], seed: 1)]) { try $0[0].cumsum(axis: 1) }
            try checkGradients([random([3, 4], seed: 2)]) { try $0[0].cumsum(axis: 0) }
            try checkGradients([random([3, 4], seed: 3, in: 0.5...1.5)]) { try $0[0].cumprod(axis: 1) }
            try checkGradients([random([4, 2], seed: 4, in: -1.5...1.5)]) { try $0[0].cumprod(axis: 0) }
        }

        @Test func cumprodGradientIsExactAtZeros() throws {
            // d/dx of sum(cumprod([2, 0, 3, 0])): by hand, element k's gradient is Σ_{j≥k} Π_{i≤j, i≠k} x_i.
            let x = try tensor([2, 0, 3, 0], [4], requiresGrad: true)
            try x.cumprod(axis: 0).sum().backward()
            expectNumbers(x.grad!, [1, 8, 0, 0], shape: [4])
            // One zero and the rest non-zero, and two zeros side by side, against finite differences.
            try checkGradients([try tensor([0.7, 0, 1.3, -0.9], [4])], h: 1e-3) { try $0[0].cumprod(axis: 0) }
            try checkGradients([try tensor([1.2, 0, 0, 0.8, 1.1], [5])], h: 1e-3) { try $0[0].cumprod(axis: 0) }
        }
    }
}
