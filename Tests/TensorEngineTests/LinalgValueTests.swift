import Testing
import TensorEngine

/// Values against NumPy (the literals come from `numpy.linalg` in float64) and the identities each
/// factorization must satisfy, for single matrices and batches.
extension TensorEngine {
    @Suite struct LinalgValues {
        typealias F = LinalgFixtures

        @Test func solveMatchesNumPy() throws {
            let x = try Linalg.solve(F.general(), F.tall())
            expectValues(x, [0.5, 1.0, 0, 0, 1.25, 1.5], shape: [3, 2], rtol: 1e-5, atol: 1e-6)
            let v = try Linalg.solve(F.general(), vector([1, 3, 5]))
            expectValues(v, [0.5, 0, 1.25], shape: [3], rtol: 1e-5, atol: 1e-6)
        }

        @Test func invMatchesNumPyAndInverts() throws {
            let y = try Linalg.inv(F.general())
            expectValues(y, [0.4166666666666667, 0.16666666666666663, -0.08333333333333331, -0.16666666666666663,
                             0.33333333333333326, -0.16666666666666663, 0.04166666666666666, -0.08333333333333331,
                             0.29166666666666663], shape: [3, 3])
            let a = try F.wellConditioned([4, 4], seed: 1)
            expectValues(try a.matmul(Linalg.inv(a)), try Tensor.eye(4).values.map(Double.init), shape: [4, 4], atol: 1e-5)
        }

        @Test func determinants() throws {
            expectValues(try Linalg.det(F.general()), [24.0], shape: [], rtol: 1e-6)
            expectValues(try Linalg.det(F.spd()), [43.0], shape: [], rtol: 1e-6)
            expectValues(try Linalg.det(F.singular()), [0.0], shape: [])
            let s = try Linalg.slogdet(-F.general())
            expectValues(s.sign, [-1.0], shape: [])
            expectValues(s.logabsdet, [3.1780538303479458], shape: [], rtol: 1e-6)
            let z = try Linalg.slogdet(F.singular())
            expectValues(z.sign, [0.0], shape: [])
            #expect(try z.logabsdet.item() == -.infinity)
            // A 0 × 0 matrix has determinant 1, as in NumPy.
            expectValues(try Linalg.det(Tensor.zeros([0, 0])), [1.0], shape: [])
        }

        @Test func choleskyMatchesNumPyAndReconstructs() throws {
            let l = try Linalg.cholesky(F.spd())
            expectValues(l, [2, 0, 0, 0.5, 1.6583123951777, 0, 1, -0.30151134457776363, 1.9771421064483223], shape: [3, 3])
            expectValues(try l.matmul(l.transpose()), try F.spd().values.map(Double.init), shape: [3, 3], atol: 1e-5)
        }

        @Test func qrMatchesNumPyAndReconstructs() throws {
            let r = try Linalg.qr(F.tall())
            expectValues(r.Q, [-0.16903085094570325, 0.8970852271450607, -0.50709255283711, 0.27602622373694136,
                               -0.8451542547285166, -0.345032779671177], shape: [3, 2])
            expectValues(r.R, [-5.916079783099616, -7.437357441610946, 0, 0.8280786712108248], shape: [2, 2])
            for shape in [[5, 3], [3, 5], [2, 4, 4]] {
                let a = random(shape, seed: 7)
                let f = try Linalg.qr(a)
                let k = Swift.min(shape[shape.count - 2], shape[shape.count - 1])
                #expect(f.Q.shape == Array(shape.dropLast()) + [k])
                #expect(f.R.shape == Array(shape.dropLast(2)) + [k, shape[shape.count - 1]])
                expectValues(try f.Q.matmul(f.R), a.values.map(Double.init), shape: shape, atol: 1e-5)
            }
        }

        @Test func svdMatchesNumPyAndReconstructs() throws {
            expectValues(try Linalg.svdvals(F.tall()), [9.525518091565107, 0.514300580658644], shape: [2])
            expectValues(try Linalg.svdvals(F.general()), [5.166582419506819, 2.2193568464125057, 2.093055491554155], shape: [3])
            let a = random([4, 3], seed: 3)
            let full = try Linalg.svd(a)
            #expect(full.U.shape == [4, 4] && full.S.shape == [3] && full.Vh.shape == [3, 3])
            let reduced = try Linalg.svd(a, fullMatrices: false)
            #expect(reduced.U.shape == [4, 3] && reduced.Vh.shape == [3, 3])
            let rebuilt = try (reduced.U * reduced.S).matmul(reduced.Vh)
            expectValues(rebuilt, a.values.map(Double.init), shape: [4, 3], atol: 1e-5)
            // U stays orthogonal in full mode.
            expectValues(try full.U.transpose().matmul(full.U), try Tensor.eye(4).values.map(Double.init), shape: [4, 4], atol: 1e-5)
        }

        @Test func eighMatchesNumPyAndReconstructs() throws {
            let r = try Linalg.eigh(F.spd())
            expectValues(r.eigenvalues, [1.8548973087995761, 3.4760236029181333, 6.669079088282287], shape: [3])
            // Each eigenvector's sign is LAPACK's choice: compare magnitudes.
            let expected = [-0.6793130619863363, -0.374361954783072, -0.6311789687764832, 0.5932333119173852,
                            -0.7864356987513781, -0.1720265367929077, 0.4319814827585529, 0.4912962635115686,
                            -0.7563200248659909]
            expectValues(try r.eigenvectors.abs(), expected.map(Swift.abs), shape: [3, 3])
            let v = r.eigenvectors
            let rebuilt = try (v * r.eigenvalues).matmul(v.transpose())
            expectValues(rebuilt, try F.spd().values.map(Double.init), shape: [3, 3], atol: 1e-5)
        }

        @Test func leastSquaresPseudoInverseAndRank() throws {
            expectValues(try Linalg.lstsq(F.tall(), F.tall()), [1.0, 0, 0, 1], shape: [2, 2], atol: 1e-5)
            expectValues(try Linalg.pinv(F.tall()), [-1.3333333333333337, -0.3333333333333329, 0.6666666666666666,
                                                      1.083333333333334, 0.33333333333333304, -0.4166666666666667],
                         shape: [2, 3], atol: 1e-5)
            expectValues(try Linalg.matrixRank(F.singular()), [2.0], shape: [])
            expectValues(try Linalg.matrixRank(F.general()), [3.0], shape: [])
            expectValues(try Linalg.matrixRank(F.general(), tol: 2.1), [2.0], shape: [])
            // An overdetermined system's vector right-hand side gives a vector.
            let x = try Linalg.lstsq(F.tall(), vector([1, 3, 5]))
            expectValues(x, [1.0, 0], shape: [2], atol: 1e-5)
        }

        @Test func batchDimensionsBroadcastInSolve() throws {
            let a = try F.wellConditioned([2, 3, 3], seed: 18)
            let b = random([3, 2], seed: 19)
            let x = try Linalg.solve(a, b)
            #expect(x.shape == [2, 3, 2])
            for i in 0..<2 {
                expectValues(try x[.at(i)], try Linalg.solve(a[.at(i)], b).values.map(Double.init), shape: [3, 2])
            }
            // A vector right-hand side: [n] against a batch, or A's batch followed by n.
            #expect(try Linalg.solve(a, vector([1, 2, 3])).shape == [2, 3])
            #expect(try Linalg.solve(a, random([2, 3], seed: 20)).shape == [2, 3])
            #expect(try Linalg.solve(a[.at(0)], random([4, 3, 1], seed: 21)).shape == [4, 3, 1])
            #expect(try Linalg.lstsq(F.tall(), random([5, 3, 2], seed: 22)).shape == [5, 2, 2])
        }

        @Test func batchesAreSolvedMatrixByMatrix() throws {
            let a = try F.wellConditioned([2, 3, 3, 3], seed: 11), b = random([2, 3, 3, 2], seed: 12)
            let x = try Linalg.solve(a, b)
            #expect(x.shape == [2, 3, 3, 2])
            expectValues(try a.matmul(x), b.values.map(Double.init), shape: [2, 3, 3, 2], atol: 1e-5)
            let dets = try Linalg.det(a)
            #expect(dets.shape == [2, 3])
            for i in 0..<2 {
                for j in 0..<3 {
                    let one = try a[.at(i), .at(j)]
                    #expect(Swift.abs(try dets[.at(i), .at(j)].item() - Linalg.det(one).item()) < 1e-4)
                }
            }
            let l = try Linalg.cholesky(try LinalgFixtures.symmetrized(random([4, 3, 3], seed: 13)))
            #expect(l.shape == [4, 3, 3])
            #expect(try Linalg.eigh(LinalgFixtures.symmetrized(random([2, 3, 3], seed: 14))).eigenvalues.shape == [2, 3])
            #expect(try Linalg.svdvals(random([5, 2, 4], seed: 15)).shape == [5, 2])
            #expect(try Linalg.pinv(random([3, 2, 4], seed: 16)).shape == [3, 4, 2])
            #expect(try Linalg.matrixRank(random([3, 2, 4], seed: 17)).values == [2, 2, 2])
            #expect(try Linalg.inv(a).shape == [2, 3, 3, 3])
            let s = try Linalg.slogdet(a)
            #expect(s.sign.shape == [2, 3] && s.logabsdet.shape == [2, 3])
        }
    }
}
