import Testing
import TensorEngine

/// Every differentiable linear-algebra function against central finite differences, on well-conditioned
/// inputs (a dominant diagonal; for eigh and cholesky, a symmetrized input with spread eigenvalues) so
/// that float32 differences stay accurate.
extension TensorEngine {
    @Suite struct LinalgGradients {
        typealias F = LinalgFixtures

        @Test func solve() throws {
            try checkGradients([F.wellConditioned([3, 3], seed: 21), random([3, 2], seed: 22)]) { try Linalg.solve($0[0], $0[1]) }
            try checkGradients([F.wellConditioned([2, 3, 3], seed: 23), random([2, 3], seed: 24)]) { try Linalg.solve($0[0], $0[1]) }
            // A right-hand side broadcast over A's batch gets the sum of its gradients.
            try checkGradients([F.wellConditioned([2, 3, 3], seed: 44), random([3, 2], seed: 45)]) { try Linalg.solve($0[0], $0[1]) }
        }

        @Test func inv() throws {
            try checkGradients([F.wellConditioned([3, 3], seed: 25)]) { try Linalg.inv($0[0]) }
            try checkGradients([F.wellConditioned([2, 2, 2], seed: 26)]) { try Linalg.inv($0[0]) }
        }

        @Test func det() throws {
            try checkGradients([F.wellConditioned([3, 3], seed: 27)], h: 1e-3) { try Linalg.det($0[0]) }
            try checkGradients([F.wellConditioned([2, 3, 3], seed: 28)], h: 1e-3) { try Linalg.det($0[0]) }
        }

        @Test func detAtASingularMatrix() throws {
            // det is linear in each element, so central differences are exact here; A⁻ᵀ does not exist.
            try checkGradients([F.singular()], h: 1e-2) { try Linalg.det($0[0]) }
        }

        @Test func slogdet() throws {
            try checkGradients([F.wellConditioned([3, 3], seed: 29)], h: 1e-3) { try Linalg.slogdet($0[0]).logabsdet }
            try checkGradients([-F.wellConditioned([2, 3, 3], seed: 30)], h: 1e-3) { try Linalg.slogdet($0[0]).logabsdet }
        }

        @Test func cholesky() throws {
            try checkGradients([random([3, 3], seed: 31)], h: 1e-3) { try Linalg.cholesky(F.symmetrized($0[0])) }
            try checkGradients([random([2, 3, 3], seed: 32)], h: 1e-3) { try Linalg.cholesky(F.symmetrized($0[0])) }
        }

        @Test func qr() throws {
            try checkGradients([random([4, 3], seed: 33)], h: 1e-3) { try Linalg.qr($0[0]).Q }
            try checkGradients([random([4, 3], seed: 34)], h: 1e-3) { try Linalg.qr($0[0]).R }
            try checkGradients([random([2, 3, 3], seed: 35)], h: 1e-3) { x in
                let f = try Linalg.qr(x[0])
                return try f.Q * 2 + f.R
            }
            // Wide matrices: the leading square block takes the square rule, the rest Q·dV.
            try checkGradients([random([2, 3], seed: 46)], h: 1e-3) { try Linalg.qr($0[0]).Q }
            try checkGradients([random([2, 3], seed: 47)], h: 1e-3) { try Linalg.qr($0[0]).R }
            try checkGradients([random([2, 3, 5], seed: 48)], h: 1e-3) { x in
                let f = try Linalg.qr(x[0])
                return try f.Q.sum(axis: -1, keepDims: true) * f.R
            }
        }

        @Test func singularValues() throws {
            try checkGradients([random([3, 4], seed: 36)], h: 1e-3) { try Linalg.svdvals($0[0]) }
            try checkGradients([random([2, 4, 3], seed: 37)], h: 1e-3) { try Linalg.svd($0[0]).S }
        }

        @Test func eigenvalues() throws {
            try checkGradients([random([3, 3], seed: 38)], h: 1e-3) { try Linalg.eigh(F.symmetrized($0[0])).eigenvalues }
            try checkGradients([random([2, 4, 4], seed: 39)], h: 1e-3) { try Linalg.eigh(F.symmetrized($0[0])).eigenvalues }
        }

        @Test func eigenvectors() throws {
            // Squared, so that the loss does not depend on the sign LAPACK gives each eigenvector.
            try checkGradients([random([3, 3], seed: 40)], h: 1e-3) { try Linalg.eigh(F.symmetrized($0[0])).eigenvectors.pow(2) }
            try checkGradients([random([2, 3, 3], seed: 41)], h: 1e-3) { try Linalg.eigh(F.symmetrized($0[0])).eigenvectors.pow(2) }
        }

        @Test func pseudoInverse() throws {
            try checkGradients([random([3, 4], seed: 49)], h: 1e-3) { try Linalg.pinv($0[0]) }
            try checkGradients([random([2, 4, 3], seed: 50)], h: 1e-3) { try Linalg.pinv($0[0]) }
            try checkGradients([F.wellConditioned([3, 3], seed: 51)], h: 1e-3) { try Linalg.pinv($0[0]) }
        }

        @Test func leastSquares() throws {
            // Overdetermined (the least-squares fit) and underdetermined (the minimum-norm solution).
            try checkGradients([random([4, 3], seed: 52), random([4, 2], seed: 53)], h: 1e-3) { try Linalg.lstsq($0[0], $0[1]) }
            try checkGradients([random([2, 3], seed: 54), random([2], seed: 55)], h: 1e-3) { try Linalg.lstsq($0[0], $0[1]) }
            try checkGradients([random([2, 4, 2], seed: 56), random([4, 1], seed: 57)], h: 1e-3) { try Linalg.lstsq($0[0], $0[1]) }
        }

        @Test func singularVectors() throws {
            // Losses that do not depend on the signs LAPACK picks: U·Vh, and squares of U or Vh.
            for (i, shape) in [[4, 3], [3, 4], [3, 3], [2, 4, 3]].enumerated() {
                let seed = 60 + UInt64(4 * i)
                try checkGradients([random(shape, seed: seed)], h: 1e-3) { x in
                    let r = try Linalg.svd(x[0], fullMatrices: false)
                    return try r.U.matmul(r.Vh)
                }
                try checkGradients([random(shape, seed: seed + 1)], h: 1e-3) { try Linalg.svd($0[0], fullMatrices: false).U.pow(2) }
                try checkGradients([random(shape, seed: seed + 2)], h: 1e-3) { try Linalg.svd($0[0], fullMatrices: false).Vh.pow(2) }
                try checkGradients([random(shape, seed: seed + 3)], h: 1e-3) { x in
                    let r = try Linalg.svd(x[0], fullMatrices: false)
                    return try r.U.pow(2).sum() * r.S.sum() + r.Vh.pow(2).sum(axes: [-2]).sum()
                }
            }
        }
    }
}
