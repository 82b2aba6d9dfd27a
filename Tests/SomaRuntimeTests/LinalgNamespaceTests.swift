import Testing
@testable import Script
@testable import SomaRuntime

/// The `linalg` namespace as a user meets it: help, completion after `linalg.`, labels inside a call,
/// and results whose parts are named.
@Suite struct LinalgNamespaceTests {
    @Test func helpListsEveryMember() throws {
        let runtime = Runtime()
        var output = ""
        runtime.output = { output += $0 }
        _ = try runtime.run("help(linalg)", as: .cell(1))
        #expect(output.hasPrefix("Linalg — members: cholesky, det, eigh, inv, lstsq, matrixRank, pinv, qr, slogdet, solve, svd, svdvals"))
        output = ""
        _ = try runtime.run("help(linalg.svd)", as: .cell(2))
        #expect(output.hasPrefix("svd(A, fullMatrices: true) — "))
    }

    @Test func completionOffersMembersAndLabels() {
        let runtime = Runtime()
        #expect(runtime.complete("linalg.s", cursor: 8).matches == ["svd", "solve", "slogdet", "svdvals"])
        #expect(runtime.complete("linalg.svd(x, f", cursor: 15).matches.first == "fullMatrices: ")
        #expect(runtime.complete("lina", cursor: 4).matches.contains("linalg"))
    }

    @Test func partsByNamePositionAndIteration() throws {
        let runtime = Runtime()
        var output = ""
        runtime.output = { output += $0 }
        _ = try runtime.run("""
            let r = linalg.eigh(tensor([[2, 0], [0, 1]]))
            print(r[0], r[-2], r["eigenvalues"], r.eigenvalues)
            var n = 0
            for part in linalg.svd(eye(2)) { n += part.rank }
            print(n, len(r), type(r))
            """, as: .cell(1))
        #expect(output == "tensor([1., 2.]) tensor([1., 2.]) tensor([1., 2.]) tensor([1., 2.])\n5 2 Eigh\n")
        #expect(throws: ScriptError.self) { try runtime.run("r[\"Q\"]", as: .cell(2)) }
        #expect(throws: ScriptError.self) { try runtime.run("r[0.5]", as: .cell(3)) }
    }
}
