import NN
import TensorEngine
import Testing

/// Second derivatives through every linear-algebra function, whose first-order rules run on Float64
/// matrices while a graph-creating backward pass runs them as recorded ops: `gradgradcheck` in float64
/// for every differentiable input, and the recorded rules give the same first-order gradients as the
/// Float64 ones. Inputs are well conditioned (distinct eigenvalues and singular values, full rank), and
/// functions of eigenvectors and singular vectors do not depend on their signs.
@Suite(.serialized) struct SecondOrderLinalgTests {
    /// Random values plus n on the diagonal: far from singular.
    static func wellConditioned(_ shape: [Int]) throws -> Tensor {
        try Tensor.randn(shape, std: 0.5, dtype: .float64) + Tensor.eye(shape[shape.count - 1], dtype: .float64) * Tensor.number(Double(shape[shape.count - 1]))
    }

    /// (x + xᵀ)/2 plus a diagonal with spread entries: symmetric positive-definite with eigenvalues far apart.
    static func symmetrized(_ x: Tensor) throws -> Tensor {
        let n = x.shape[x.rank - 1]
        let spread = try Tensor(shape: [n], elements: (0..<n).map { 3 + 2 * Double($0) }, dtype: .float64)
        return try (x + x.transpose()) * Tensor.number(0.5) + Tensor.eye(n, dtype: .float64) * spread
    }

    /// `gradgradcheck` of `fn`, after checking that the gradients a graph-creating pass gives (the
    /// recorded rules) equal the ordinary ones (the Float64 rules, which the first-order tests check).
    static func check(_ name: String, _ inputs: [Tensor], _ fn: ([Tensor]) throws -> Tensor) throws {
        func gradients(createGraph: Bool) throws -> [[Double]] {
            let leaves = try inputs.map { x -> Tensor in
                let leaf = try x.to(.float64).detach()
                leaf.requiresGrad = true
                return leaf
            }
            let y = try fn(leaves)
            let weights = try Tensor.randn(y.shape, dtype: .float64)
            return try Tensor.gradients(of: [(y * weights).sum()], withRespectTo: leaves, createGraph: createGraph)
                .map { try #require($0).elements(as: Double.self) }
        }
        seed(99)
        let plain = try gradients(createGraph: false)
        seed(99)
        let recorded = try gradients(createGraph: true)
        for (p, r) in zip(plain, recorded) {
            #expect(zip(p, r).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($0)) }, "\(name): \(r) vs \(p)")
        }
        #expect(try gradgradcheck(fn, inputs), "\(name)")
    }

    @Test func solveAndInv() throws {
        seed(1)
        try Self.check("solve", [Self.wellConditioned([3, 3]), Tensor.randn([3, 2], dtype: .float64)]) { try Linalg.solve($0[0], $0[1]) }
        try Self.check("solve, vector", [Self.wellConditioned([3, 3]), Tensor.randn([3], dtype: .float64)]) { try Linalg.solve($0[0], $0[1]) }
        try Self.check("solve, batched", [Self.wellConditioned([2, 3, 3]), Tensor.randn([2, 3, 2], dtype: .float64)]) { try Linalg.solve($0[0], $0[1]) }
        try Self.check("solve, broadcast B", [Self.wellConditioned([2, 3, 3]), Tensor.randn([3, 2], dtype: .float64)]) { try Linalg.solve($0[0], $0[1]) }
        try Self.check("inv", [Self.wellConditioned([3, 3])]) { try Linalg.inv($0[0]) }
        try Self.check("inv, batched", [Self.wellConditioned([2, 3, 3])]) { try Linalg.inv($0[0]) }
    }

    @Test func determinants() throws {
        seed(2)
        try Self.check("det", [Self.wellConditioned([3, 3])]) { try Linalg.det($0[0]) }
        try Self.check("det, batched", [Self.wellConditioned([2, 3, 3])]) { try Linalg.det($0[0]) }
        try Self.check("slogdet", [Self.wellConditioned([3, 3])]) { try Linalg.slogdet($0[0]).logabsdet }
        try Self.check("slogdet, negative det, batched", [-Self.wellConditioned([2, 3, 3])]) { try Linalg.slogdet($0[0]).logabsdet }
    }

    @Test func cholesky() throws {
        seed(3)
        try Self.check("cholesky", [Tensor.randn([3, 3], dtype: .float64)]) { try Linalg.cholesky(Self.symmetrized($0[0])) }
        try Self.check("cholesky, batched", [Tensor.randn([2, 3, 3], dtype: .float64)]) { try Linalg.cholesky(Self.symmetrized($0[0])) }
    }

    @Test func eigh() throws {
        seed(4)
        for shape in [[3, 3], [2, 3, 3]] {
            let x = try Tensor.randn(shape, dtype: .float64)
            try Self.check("eigenvalues \(shape)", [x]) { try Linalg.eigh(Self.symmetrized($0[0])).eigenvalues }
            // V∘V and V·diag(λ²)·Vᵀ do not depend on the eigenvectors' signs.
            try Self.check("eigenvectors squared \(shape)", [x]) {
                let v = try Linalg.eigh(Self.symmetrized($0[0])).eigenvectors
                return try v * v
            }
            try Self.check("eigenvectors and values \(shape)", [x]) {
                let e = try Linalg.eigh(Self.symmetrized($0[0]))
                let v = e.eigenvectors
                return try (v * e.eigenvalues.pow(Tensor.number(2)).unsqueeze(axis: -2)).matmul(v.transpose(-2, -1))
            }
        }
    }

    @Test func svd() throws {
        seed(5)
        for shape in [[4, 3], [3, 5], [2, 3, 3]] {
            let k = min(shape[shape.count - 1], shape[shape.count - 2])
            let a = try Tensor.randn(shape, dtype: .float64)
            try Self.check("svdvals \(shape)", [a]) { try Linalg.svdvals($0[0]) }
            for full in [true, false] {
                try Self.check("S \(shape) full \(full)", [a]) { try Linalg.svd($0[0], fullMatrices: full).S }
                // U∘U and Vh∘Vh over the first k vectors do not depend on their signs; the rest of a full
                // basis is arbitrary, so it gets no gradient and is left out.
                try Self.check("U \(shape) full \(full)", [a]) {
                    let u = try Linalg.svd($0[0], fullMatrices: full).U[.ellipsis, .range(0, k, 1)]
                    return try u * u
                }
                try Self.check("Vh \(shape) full \(full)", [a]) {
                    let vh = try Linalg.svd($0[0], fullMatrices: full).Vh[.ellipsis, .range(0, k, 1), .all]
                    return try vh * vh
                }
            }
            try Self.check("U·diag(S²)·Vh \(shape)", [a]) {
                let f = try Linalg.svd($0[0], fullMatrices: false)
                return try (f.U * f.S.pow(Tensor.number(2)).unsqueeze(axis: -2)).matmul(f.Vh)
            }
        }
    }

    @Test func qr() throws {
        seed(6)
        for shape in [[4, 3], [3, 3], [3, 5], [2, 4, 3]] {
            let a = try Tensor.randn(shape, dtype: .float64)
            try Self.check("Q \(shape)", [a]) { try Linalg.qr($0[0]).Q }
            try Self.check("R \(shape)", [a]) { try Linalg.qr($0[0]).R }
        }
    }

    @Test func leastSquaresAndPseudoInverse() throws {
        seed(7)
        for shape in [[4, 3], [3, 3], [3, 4], [2, 4, 3]] {
            try Self.check("pinv \(shape)", [Tensor.randn(shape, dtype: .float64)]) { try Linalg.pinv($0[0]) }
        }
        let cases: [([Int], [Int])] = [([4, 3], [4, 2]), ([3, 3], [3]), ([3, 4], [3, 2]), ([2, 4, 3], [4, 2])]
        for (shapeA, shapeB) in cases {
            try Self.check("lstsq \(shapeA) \(shapeB)", [Tensor.randn(shapeA, dtype: .float64), Tensor.randn(shapeB, dtype: .float64)]) {
                try Linalg.lstsq($0[0], $0[1])
            }
        }
    }

    /// float32 second derivatives (recorded rules on float32 tensors, LAPACK in Float64 underneath) agree
    /// with float64 ones.
    @Test func float32AgreesWithFloat64() throws {
        seed(8)
        let a = try Self.wellConditioned([2, 3, 3]), b = try Tensor.randn([2, 3, 2], dtype: .float64)
        let cases: [(String, [Tensor], ([Tensor]) throws -> Tensor)] = [
            ("solve", [a, b], { try Linalg.solve($0[0], $0[1]).pow(Tensor.number(2)).sum() }),
            ("det", [a], { try Linalg.det($0[0]).pow(Tensor.number(2)).sum() }),
        ]
        for (name, values, f) in cases {
            func secondDerivatives(_ dtype: DType) throws -> [Double] {
                let inputs = try values.map { x -> Tensor in
                    let t = try x.to(dtype).detach()
                    t.requiresGrad = true
                    return t
                }
                let gradients = try Tensor.gradients(of: [f(inputs)], withRespectTo: inputs, createGraph: true)
                let total = try gradients.map { try #require($0).pow(Tensor.number(2)).sum() }.reduce(Tensor.number(0)) { try $0 + $1 }
                return try Tensor.gradients(of: [total], withRespectTo: inputs).flatMap { try #require($0).elements(as: Double.self) }
            }
            let single = try secondDerivatives(.float32), double = try secondDerivatives(.float64)
            let scale = double.map(abs).max() ?? 1
            #expect(single.count == double.count && zip(single, double).allSatisfy { abs($0 - $1) <= 1e-4 * scale },
                    "\(name): \(single) vs \(double)")
        }
    }
}

extension SecondOrderLinalgTests {
    /// The recorded rules of inv, solve, det, slogdet and cholesky run recorded `inv` and `solve` on the
    /// op's live output, whose own rules are recorded in turn: third derivatives, as `gradgradcheck` of a
    /// first-order gradient.
    @Test func thirdDerivatives() throws {
        seed(9)
        func gradient(_ f: @escaping (Tensor) throws -> Tensor) -> ([Tensor]) throws -> Tensor {
            { x in
                let y = try f(x[0])
                return try #require(try Tensor.gradients(of: [(y * y).sum()], withRespectTo: [x[0]], createGraph: true)[0])
            }
        }
        let a = try Self.wellConditioned([3, 3]), x = try Tensor.randn([3, 3], dtype: .float64)
        let cases: [(String, Tensor, (Tensor) throws -> Tensor)] = [
            ("inv", a, { try Linalg.inv($0) }),
            ("solve", a, { try Linalg.solve($0, $0.transpose()) }),
            ("det", a, { try Linalg.det($0) }),
            ("slogdet", a, { try Linalg.slogdet($0).logabsdet }),
            ("cholesky", x, { try Linalg.cholesky(Self.symmetrized($0)) }),
            ("eigh", x, { try Linalg.eigh(Self.symmetrized($0)).eigenvalues }),
            ("svdvals", x, { try Linalg.svdvals($0) }),
            ("svd", x, { x in
                let f = try Linalg.svd(x, fullMatrices: false)
                return try (f.U * f.S.pow(Tensor.number(2)).unsqueeze(axis: -2)).matmul(f.Vh)
            }),
            ("qr", x, { try Linalg.qr($0).R }),
            ("pinv", try Tensor.randn([4, 3], dtype: .float64), { try Linalg.pinv($0) }),
        ]
        for (name, input, f) in cases {
            #expect(try gradgradcheck(gradient(f), [input]), "\(name)")
        }
    }
}
