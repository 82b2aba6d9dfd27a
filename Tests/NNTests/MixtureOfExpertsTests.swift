import NN
import TensorEngine
import Testing

/// The top-k mixture of experts against a dense computation, its load-balancing loss and gradients.
@Suite(.serialized) struct MixtureOfExpertsTests {
    func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-5) -> Bool { SequenceSupport.close(a, b, tol) }

    /// Every expert on every token, weighted by the gate where the expert is among the top k, else 0.
    func dense(_ moe: MixtureOfExperts, _ x: Tensor) throws -> (Tensor, [[Int]]) {
        let probs = try moe.router(x).softmax(axis: 1).values
        let e = moe.experts.count, n = x.shape[0]
        var weights = [Float](repeating: 0, count: n * e), chosen: [[Int]] = []
        for t in 0..<n {
            let row = Array(probs[(t * e)..<((t + 1) * e)])
            let top = Array(row.indices.sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }.prefix(moe.topK))
            chosen.append(top)
            let total = top.reduce(Float(0)) { $0 + row[$1] }
            for c in top { weights[t * e + c] = moe.normalize ? row[c] / total : row[c] }
        }
        var out = try Tensor.zeros(x.shape)
        for c in 0..<e {
            let w = try Tensor(shape: [n], values: (0..<n).map { weights[$0 * e + c] })
            out = try out + moe.experts[c](x) * w.reshape([n, 1])
        }
        return (out, chosen)
    }

    @Test func topKRoutingMatchesTheDenseSum() throws {
        for (k, normalize) in [(1, false), (2, false), (2, true), (4, false)] {
            seed(k)
            let moe = try MixtureOfExperts(6, 12, experts: 4, topK: k, normalize: normalize)
            let x = try Tensor.randn([10, 6])
            let (expected, chosen) = try dense(moe, x)
            #expect(close(try moe(x).values, expected.values), "topK \(k) normalize \(normalize)")
            var counts = [Int](repeating: 0, count: 4)
            for c in chosen.joined() { counts[c] += 1 }
            #expect(moe.lastCounts == counts)
        }
    }

    @Test func keepsTheInputShape() throws {
        seed(5)
        let moe = try MixtureOfExperts(4, 8, experts: 3, topK: 2, kind: .swiglu)
        let x = try Tensor.randn([2, 5, 4])
        let y = try moe(x)
        #expect(y.shape == [2, 5, 4])
        #expect(close(y.values, try moe(try x.reshape([10, 4])).values))
        #expect(moe.summaryName == "MixtureOfExperts(4, 8, experts: 3, topK: 2)")
        #expect(moe.namedParameters().first!.0 == "router.weight")
        #expect(moe.parameterCount == 4 * 3 + 3 * 3 * 32)
    }

    @Test func auxiliaryLossFollowsTheSwitchFormula() throws {
        seed(6)
        let moe = try MixtureOfExperts(4, 8, experts: 4, topK: 2)
        #expect(moe.auxLoss == nil)
        let x = try Tensor.randn([16, 4])
        _ = try moe(x)
        let probs = try moe.router(x).softmax(axis: 1).values
        var expected: Float = 0
        for c in 0..<4 {
            let meanProb = (0..<16).reduce(Float(0)) { $0 + probs[$1 * 4 + c] } / 16
            expected += Float(moe.lastCounts[c]) / Float(16 * 2) * meanProb
        }
        expected *= 4
        #expect(Swift.abs(try moe.auxLoss!.item() - expected) < 1e-6)
        // Balanced routing gives 1: every expert gets a quarter of the tokens and a mean probability of 1/4.
        let uniform = try MixtureOfExperts(4, 8, experts: 4)
        try uniform.router.weight.assign(try Tensor.zeros([4, 4]))
        _ = try uniform(x)
        #expect(uniform.lastCounts == [16, 0, 0, 0])   // ties go to the lower index
        #expect(Swift.abs(try uniform.auxLoss!.item() - 1) < 1e-6)
        // Its gradient reaches the router.
        _ = try moe(x)
        try moe.auxLoss!.backward()
        #expect(moe.router.weight.grad != nil)
    }

    @Test func gradientsFlowToInputsExpertsAndRouter() throws {
        seed(7)
        let moe = try MixtureOfExperts(3, 5, experts: 3, topK: 2)
        let x = try Tensor.randn([4, 3])
        // A small step keeps every token's choice of experts (checked), so the function is smooth there.
        _ = try moe(x)
        let before = moe.lastCounts
        #expect(try gradcheck({ a in try moe(a[0]) }, [x], eps: 1e-3, atol: 2e-3, rtol: 2e-2))
        _ = try moe(x)
        #expect(moe.lastCounts == before)
        try (try moe(x) + moe.auxLoss!).sum().backward()
        #expect(moe.router.weight.grad != nil)
        #expect(moe.experts.filter { $0.parameters()[0].grad != nil }.count == before.filter { $0 > 0 }.count)
    }

    @Test func errors() throws {
        #expect(throws: TensorError.self) { try MixtureOfExperts(4, 8, experts: 2, topK: 3) }
        #expect(throws: TensorError.self) { try MixtureOfExperts(4, 8, experts: 2, topK: 0) }
        #expect(throws: TensorError.self) { try MixtureOfExperts(4, 8, experts: 2)(try Tensor.zeros([3, 5])) }
    }
}
