import Foundation
import NN
import TensorEngine
import Testing

/// Expert capacity, shared experts, routing statistics and the router z-loss of the mixture of experts.
@Suite(.serialized) struct MixtureOfExpertsCapacityTests {
    func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-5) -> Bool { SequenceSupport.close(a, b, tol) }

    /// The routed sum computed densely: each token's top-k experts (gates renormalized when the layer
    /// normalizes), with the assignments past `capacity` dropped in token order. Returns the output and
    /// the assignments each expert kept and was sent.
    func reference(_ moe: MixtureOfExperts, _ x: Tensor, capacity: Int?) throws -> (Tensor, kept: [Int], routed: [Int]) {
        let probs = try moe.router(x).softmax(axis: 1).values
        let e = moe.experts.count, n = x.shape[0]
        var weights = [Float](repeating: 0, count: n * e), kept = [Int](repeating: 0, count: e), routed = kept
        for t in 0..<n {
            let row = Array(probs[(t * e)..<((t + 1) * e)])
            let top = Array(row.indices.sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }.prefix(moe.topK))
            let total = top.reduce(Float(0)) { $0 + row[$1] }
            for c in top {
                routed[c] += 1
                if let capacity, kept[c] >= capacity { continue }
                kept[c] += 1
                weights[t * e + c] = moe.normalize ? row[c] / total : row[c]
            }
        }
        var out = try Tensor.zeros(x.shape)
        for c in 0..<e {
            let w = try Tensor(shape: [n], values: (0..<n).map { weights[$0 * e + c] })
            out = try out + moe.experts[c](x) * w.reshape([n, 1])
        }
        return (out, kept, routed)
    }

    @Test func capacityDropsAssignmentsPastItInTokenOrder() throws {
        for (k, normalize, factor) in [(1, false, 0.5), (2, false, 0.5), (2, true, 0.75), (2, false, 1.0), (1, false, 100.0)] {
            seed(10 + k)
            let moe = try MixtureOfExperts(6, 12, experts: 4, topK: k, normalize: normalize, capacityFactor: factor)
            let x = try Tensor.randn([10, 6])
            let capacity = Int((factor * Double(10 * k) / 4).rounded(.up))
            let (expected, kept, routed) = try reference(moe, x, capacity: capacity)
            let y = try moe(x)
            #expect(close(y.values, expected.values), "topK \(k) factor \(factor)")
            #expect(moe.lastCapacity == Swift.min(capacity, 10 * k))
            #expect(moe.lastCounts == kept && moe.routedCounts == routed)
            #expect(moe.droppedTokens == routed.reduce(0, +) - kept.reduce(0, +))
            #expect(moe.lastCounts.allSatisfy { $0 <= capacity })
        }
    }

    @Test func aFullExpertPassesTheLaterTokensThroughEmpty() throws {
        seed(20)
        // A zero router ties every expert, so every token goes to expert 0, which takes only the first 4.
        let moe = try MixtureOfExperts(4, 8, experts: 4, capacityFactor: 1)
        try moe.router.weight.assign(try Tensor.zeros([4, 4]))
        let x = try Tensor.randn([16, 4])
        let y = try moe(x)
        #expect(moe.lastCapacity == 4 && moe.lastCounts == [4, 0, 0, 0] && moe.routedCounts == [16, 0, 0, 0])
        #expect(moe.droppedTokens == 12)
        let first = try moe.experts[0](try x[.range(0, 4, 1)]) * 0.25
        #expect(close(try y[.range(0, 4, 1)].values, first.values))
        #expect(try y[.range(4, 16, 1)].values.allSatisfy { $0 == 0 })
        // The load-balancing loss counts what the router chose, before the drops: all on one expert.
        #expect(Swift.abs(try moe.auxLoss!.item() - 1) < 1e-6)
    }

    @Test func withoutOptionsNothingChanges() throws {
        seed(21)
        let plain = try MixtureOfExperts(4, 8, experts: 3, topK: 2)
        seed(21)
        let shared = try MixtureOfExperts(4, 8, experts: 3, topK: 2, sharedExperts: 2)
        // Shared experts are made last: the routed ones draw the same weights.
        for ((name, p), (otherName, q)) in zip(plain.namedParameters(), shared.namedParameters()) {
            #expect(name == otherName && p.values == q.values)
        }
        let x = try Tensor.randn([5, 4])
        _ = try plain(x)
        #expect(plain.droppedTokens == 0 && plain.lastCapacity == nil && plain.routedCounts == plain.lastCounts)
        #expect(plain.summaryName == "MixtureOfExperts(4, 8, experts: 3, topK: 2)")
        #expect(shared.summaryName == "MixtureOfExperts(4, 8, experts: 3, topK: 2, sharedExperts: 2)")
    }

    @Test func sharedExpertsRunOnEveryToken() throws {
        seed(22)
        let moe = try MixtureOfExperts(4, 8, experts: 3, topK: 1, kind: .swiglu, capacityFactor: 0.5, sharedExperts: 2)
        let x = try Tensor.randn([2, 6, 4])
        let tokens = try x.reshape([12, 4])
        let (routed, _, _) = try reference(moe, tokens, capacity: moe.capacity(tokens: 12))
        let expected = try routed + moe.sharedExperts[0](tokens) + moe.sharedExperts[1](tokens)
        let y = try moe(x)
        #expect(y.shape == [2, 6, 4])
        #expect(close(try y.reshape([12, 4]).values, expected.values))
        let names = moe.namedParameters().map(\.0)
        #expect(names.contains("sharedExperts.0.gate.weight") && names.contains("sharedExperts.1.down.weight"))
        #expect(moe.parameterCount == 4 * 3 + 5 * 3 * 32)
        try y.sum().backward()
        #expect(moe.sharedExperts.allSatisfy { $0.parameters().allSatisfy { $0.grad != nil } })
    }

    @Test func routingStatisticsAndZLoss() throws {
        seed(23)
        let moe = try MixtureOfExperts(4, 8, experts: 4, topK: 2)
        #expect(moe.zLoss == nil && moe.routerProbabilities == nil)
        let x = try Tensor.randn([16, 4]) * 3
        _ = try moe(x)
        let logits = try moe.router(x).values
        var z: Double = 0, meanProbs = [Double](repeating: 0, count: 4)
        for t in 0..<16 {
            let row = logits[(t * 4)..<((t + 1) * 4)].map(Double.init)
            let m = row.max()!, lse = m + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - m) })
            z += lse * lse / 16
            for c in 0..<4 { meanProbs[c] += Foundation.exp(row[c] - lse) / 16 }
        }
        #expect(Swift.abs(Double(try moe.zLoss!.item()) - z) < 1e-4 * Swift.max(1, z))
        #expect(close(moe.routerProbabilities!.values, meanProbs.map { Float($0) }))
        try moe.zLoss!.backward()
        #expect(moe.router.weight.grad != nil)
    }

    @Test func gradientsOfTheNewPathsInFloat64() throws {
        seed(24)
        let moe = try MixtureOfExperts(3, 5, experts: 3, topK: 2, normalize: true, capacityFactor: 0.5, sharedExperts: 1)
        try moe.double()
        let x = try Tensor.randn([6, 3], dtype: .float64)
        _ = try moe(x)
        let kept = moe.lastCounts
        #expect(moe.droppedTokens > 0, "the check covers dropped assignments")
        #expect(try gradcheck({ a in try moe(a[0]) }, [x]))
        #expect(try gradcheck({ a in _ = try moe(a[0]); return moe.zLoss! }, [x]))
        #expect(try gradcheck({ a in _ = try moe(a[0]); return moe.auxLoss! }, [x]))
        _ = try moe(x)
        #expect(moe.lastCounts == kept, "the checks stayed within one routing")
        #expect(try moe(x).dtype == .float64)
    }

    @Test func errors() throws {
        for factor in [0, -1, .nan, .infinity] as [Double] {
            #expect(throws: TensorError.self) { try MixtureOfExperts(4, 8, experts: 2, capacityFactor: factor) }
        }
        #expect(throws: TensorError.self) { try MixtureOfExperts(4, 8, experts: 2, sharedExperts: -1) }
        #expect(throws: TensorError.self) { try MixtureOfExperts(4, 8, experts: 2, sharedExperts: Int.max / 2) }
        let moe = try MixtureOfExperts(4, 8, experts: 2, capacityFactor: 1e300)
        #expect(throws: TensorError.self) { try moe(try Tensor.zeros([3, 4], dtype: .int64)) }
        #expect(throws: TensorError.self) { try moe(try Tensor.zeros([3, 5])) }
        _ = try moe(try Tensor.zeros([3, 4]))
        #expect(moe.lastCapacity == 3 && moe.droppedTokens == 0)
    }
}
