import Testing
import TensorEngine

/// Bad inputs to the linear-algebra functions are errors that name the function and the problem,
/// never a crash.
extension TensorEngine {
    @Suite struct LinalgErrors {
        typealias F = LinalgFixtures

        @Test func singularMatrices() throws {
            var e = expectError(.value) { try Linalg.inv(F.singular()) }
            #expect(e?.message == "inv: the matrix is singular (its LU factorization has a zero pivot in column 3)")
            e = expectError(.value) { try Linalg.solve(F.singular(), try Tensor.ones([3])) }
            #expect(e?.message.hasPrefix("solve: the matrix is singular") == true)
            e = expectError(.value) { try Linalg.cholesky(F.general() * -1) }
            #expect(e?.message == "cholesky: the matrix is not positive-definite (its leading minor of order 1 is not positive)")
            e = expectError(.value) { try Linalg.cholesky(F.singular()) }
            #expect(e?.message.hasPrefix("cholesky: the matrix is not positive-definite") == true)
        }

        @Test func nonSquareMatrices() throws {
            let ops: [(String, (Tensor) throws -> Any)] = [
                ("solve", { try Linalg.solve($0, try Tensor.ones([3])) }), ("inv", { try Linalg.inv($0) }),
                ("det", { try Linalg.det($0) }), ("slogdet", { try Linalg.slogdet($0) }),
                ("cholesky", { try Linalg.cholesky($0) }), ("eigh", { try Linalg.eigh($0) }),
            ]
            for (name, op) in ops {
                let e = expectError(.shape) { try op(try F.tall()) }
                #expect(e?.message == "\(name): A must be square (or a batch of square matrices), got shape [3, 2]")
            }
        }

        @Test func notMatrices() throws {
            let ops: [(String, (Tensor) throws -> Any)] = [
                ("inv", { try Linalg.inv($0) }), ("qr", { try Linalg.qr($0) }), ("svd", { try Linalg.svd($0) }),
                ("svdvals", { try Linalg.svdvals($0) }), ("pinv", { try Linalg.pinv($0) }),
                ("matrixRank", { try Linalg.matrixRank($0) }), ("lstsq", { try Linalg.lstsq($0, $0) }),
            ]
            for (name, op) in ops {
                let e = expectError(.shape) { try op(try vector([1, 2, 3])) }
                #expect(e?.message == "\(name): A must be a matrix or a batch of matrices (shape [..., m, n]), got shape [3]")
            }
        }

        @Test func mismatchedRightHandSides() throws {
            var e = expectError(.shape) { try Linalg.solve(F.general(), try Tensor.ones([2, 1])) }
            #expect(e?.message == "solve: B of shape [2, 1] does not fit A of shape [3, 3]: B must have 3 rows, as [..., 3] or [..., 3, k]")
            e = expectError(.shape) { try Linalg.solve(try Tensor.ones([2, 3, 3]), try Tensor.ones([4, 3, 1])) }
            #expect(e?.message == "solve: shapes [2] and [4] cannot be broadcast (dimension 0: 2 vs 4)")
            e = expectError(.shape) { try Linalg.lstsq(F.tall(), try Tensor.ones([2])) }
            #expect(e?.message.hasPrefix("lstsq: B of shape [2] does not fit A of shape [3, 2]: B must have 3 rows") == true)
        }

        @Test func nonFiniteValues() throws {
            let bad = try tensor([1, .nan, 0, 1], [2, 2])
            let ops: [(String, (Tensor) throws -> Any)] = [
                ("inv", { try Linalg.inv($0) }), ("det", { try Linalg.det($0) }), ("svd", { try Linalg.svd($0) }),
                ("eigh", { try Linalg.eigh($0) }), ("qr", { try Linalg.qr($0) }), ("pinv", { try Linalg.pinv($0) }),
                ("cholesky", { try Linalg.cholesky($0) }), ("matrixRank", { try Linalg.matrixRank($0) }),
            ]
            for (name, op) in ops {
                let e = expectError(.value) { try op(bad) }
                #expect(e?.message == "\(name): A contains NaN or infinite values")
            }
            let e = expectError(.value) { try Linalg.solve(F.general(), try vector([1, .infinity, 2])) }
            #expect(e?.message == "solve: B contains NaN or infinite values")
            expectError(.value) { try Linalg.matrixRank(F.general(), tol: -1) }
        }

        @Test func emptyMatricesAndBatches() throws {
            #expect(try Linalg.inv(Tensor.zeros([0, 0])).shape == [0, 0])
            #expect(try Linalg.inv(Tensor.zeros([0, 3, 3])).shape == [0, 3, 3])
            #expect(try Linalg.svdvals(Tensor.zeros([0, 4])).shape == [0])
            #expect(try Linalg.qr(Tensor.zeros([3, 0])).R.shape == [0, 0])
            #expect(try Linalg.eigh(Tensor.zeros([0, 0])).eigenvalues.shape == [0])
            #expect(try Linalg.pinv(Tensor.zeros([2, 0])).shape == [0, 2])
            #expect(try Linalg.lstsq(Tensor.zeros([0, 2]), Tensor.zeros([0, 1])).values == [0, 0])
            #expect(try Linalg.svd(Tensor.zeros([2, 0])).U.shape == [2, 2])
        }
    }
}
