import Script
import TensorEngine

/// The global `linalg`: linear algebra as members (`linalg.solve(A, B)`), as PyTorch's `torch.linalg`.
/// Its member table is what `help(linalg)`, completion after `linalg.` and the builtin index list.
final class LinalgValue: TabledObject {
    var typeName: String { "Linalg" }
    var text: String { "<linalg: " + Self.members.names.joined(separator: ", ") + ">" }

    private static func wrap(_ t: Tensor) -> Value { Convert.wrap(t) }

    static let members = MemberTable<LinalgValue>([
        .method("solve", ["A", "B"], "X with A @ X = B for square nonsingular A; B is [..., n, k] or [..., n]. Differentiable.") { _, a, _ in
            wrap(try Linalg.solve(try a.tensor("A"), try a.tensor("B")))
        },
        .method("inv", ["A"], "the inverse of a square nonsingular matrix. Differentiable.") { _, a, _ in
            wrap(try Linalg.inv(try a.tensor("A")))
        },
        .method("det", ["A"], "the determinant of a square matrix (0 when singular). Differentiable.") { _, a, _ in
            wrap(try Linalg.det(try a.tensor("A")))
        },
        .method("slogdet", ["A"], "sign and logabsdet with det = sign * exp(logabsdet), as .sign and .logabsdet (or [0], [1]). logabsdet is differentiable.") { _, a, _ in
            let r = try Linalg.slogdet(try a.tensor("A"))
            return .object(NamedResultValue("Slogdet", [("sign", wrap(r.sign)), ("logabsdet", wrap(r.logabsdet))]))
        },
        .method("cholesky", ["A"], "the lower factor L with A = L @ L.T of a symmetric positive-definite matrix (lower triangle read). Differentiable.") { _, a, _ in
            wrap(try Linalg.cholesky(try a.tensor("A")))
        },
        .method("qr", ["A"], "the reduced QR factorization as .Q and .R (or [0], [1]); A = Q @ R. Differentiable.") { _, a, _ in
            let r = try Linalg.qr(try a.tensor("A"))
            return .object(NamedResultValue("QR", [("Q", wrap(r.Q)), ("R", wrap(r.R))]))
        },
        .method("svd", ["A", .defaulted("fullMatrices", true)], "the singular value decomposition as .U, .S (descending), .Vh (or [0], [1], [2]); A = U @ diag(S) @ Vh. Differentiable (distinct singular values; a loss must not depend on the vectors' signs).") { _, a, _ in
            let r = try Linalg.svd(try a.tensor("A"), fullMatrices: try a.boolean("fullMatrices"))
            return .object(NamedResultValue("SVD", [("U", wrap(r.U)), ("S", wrap(r.S)), ("Vh", wrap(r.Vh))]))
        },
        .method("svdvals", ["A"], "the singular values, descending. Differentiable.") { _, a, _ in
            wrap(try Linalg.svdvals(try a.tensor("A")))
        },
        .method("eigh", ["A"], "eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix as .eigenvalues, .eigenvectors (or [0], [1]). Differentiable.") { _, a, _ in
            let r = try Linalg.eigh(try a.tensor("A"))
            return .object(NamedResultValue("Eigh", [("eigenvalues", wrap(r.eigenvalues)), ("eigenvectors", wrap(r.eigenvectors))]))
        },
        .method("lstsq", ["A", "B"], "the minimum-norm least-squares solution X of A @ X ≈ B, for any A; B is [..., m, k] or [..., m]. Differentiable.") { _, a, _ in
            wrap(try Linalg.lstsq(try a.tensor("A"), try a.tensor("B")))
        },
        .method("pinv", ["A"], "the Moore–Penrose pseudo-inverse. Differentiable.") { _, a, _ in
            wrap(try Linalg.pinv(try a.tensor("A")))
        },
        .method("matrixRank", ["A", .optional("tol", shown: "largest singular value · max(m, n) · float32 eps")], "how many singular values exceed tol.") { _, a, _ in
            let tol = try a.given("tol").map { try $0.number("tol") }
            return wrap(try Linalg.matrixRank(try a.tensor("A"), tol: tol))
        },
    ])
}
