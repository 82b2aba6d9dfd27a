import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct NormTests {
        @Test func vectorNorms() throws {
            let v = try vector([1, -2, 3, -4])
            // np.linalg.norm(v, p) and (Σ|v|^p)^(1/p) for p = 3 and 0.5.
            expectNumbers(try v.norm(.p(1)), [10], shape: [])
            expectNumbers(try v.norm(), [5.477225575051661], shape: [])
            expectNumbers(try v.norm(.infinity), [4], shape: [])
            expectNumbers(try v.norm(.p(3)), [4.641588833612778], shape: [])
            expectNumbers(try v.norm(.p(0.5)), [37.7765657052182], shape: [], rtol: 1e-5)
        }

        @Test func normsOverAxes() throws {
            let m = try tensor([1, 2, 3, 4, 5, 6], [2, 3])
            expectNumbers(try m.norm(axes: [1]), [3.7416573867739413, 8.774964387392123], shape: [2])
            expectNumbers(try m.norm(axes: [0], keepDims: true), [4.123105625617661, 5.385164807134504, 6.708203932499369], shape: [1, 3])
            expectNumbers(try m.norm(.frobenius, axes: [0, 1]), [9.539392014169456], shape: [])
            expectNumbers(try m.norm(.frobenius, keepDims: true), [9.539392014169456], shape: [1, 1])
            expectError(.value) { try m.norm(.p(0)) }
            expectError(.value) { try m.norm(.p(-1)) }
            let e = expectError(.index) { try m.norm(axes: [2]) }
            #expect(e?.message == "norm: axis 2 is out of range for a tensor of rank 2")
        }

        @Test func cdist() throws {
            let x1 = try tensor([0, 0, 1, 1, 2, 0], [3, 2]), x2 = try tensor([1, 0, 3, 4], [2, 2])
            expectNumbers(try Tensor.cdist(x1, x2), [1, 5, 1, 3.605551275463989, 1, 4.123105625617661], shape: [3, 2])
            expectNumbers(try Tensor.cdist(x1, x2, p: .p(1)), [1, 7, 1, 5, 1, 5], shape: [3, 2])
            expectError(.shape) { try Tensor.cdist(x1, try Tensor.ones([2, 3])) }
        }

        @Test func gradients() throws {
            for p: Tensor.NormOrder in [.p(1), .p(2), .p(3), .p(1.5), .infinity] {
                try checkGradients([spread([3, 4], seed: 1)]) { try $0[0].norm(p, axes: [1]) }
            }
            try checkGradients([spread([2, 3, 2], seed: 2)]) { try $0[0].norm(axes: [0, 2]) }
            try checkGradients([spread([3, 2], seed: 3), spread([4, 2], seed: 4)]) { try Tensor.cdist($0[0], $0[1]) }
        }

        @Test func gradientAtZeroIsZero() throws {
            let x = try Tensor.zeros([3])
            x.requiresGrad = true
            try x.norm().backward()
            expectNumbers(x.grad!, [0, 0, 0], shape: [3])
            // Ties of the infinity norm share the gradient.
            let y = try vector([2, -2, 1])
            y.requiresGrad = true
            try y.norm(.infinity).backward()
            expectNumbers(y.grad!, [0.5, -0.5, 0], shape: [3])
        }
    }
}
