@testable import NN
import TensorEngine
import Testing

/// randomSplit's part sizes as PyTorch's `random_split` gives them, parts that keep every sample once,
/// and a weighted sampler whose draws follow its weights.
@Suite(.serialized) struct DataSplitTests {
    @Test func partSizesFollowPyTorch() throws {
        // torch.utils.data.random_split(range(n), fractions), lengths of the parts.
        #expect(try DataSplits.partSizes([0.33, 0.33, 0.34], of: 10) == [4, 3, 3])
        #expect(try DataSplits.partSizes([0.5, 0.5], of: 7) == [4, 3])
        #expect(try DataSplits.partSizes([0.2, 0.2, 0.2, 0.2, 0.2], of: 5) == [1, 1, 1, 1, 1])
        #expect(try DataSplits.partSizes([0.1, 0.9], of: 3) == [1, 2])
        #expect(try DataSplits.partSizes([2, 5], of: 7) == [2, 5])
        #expect(throws: TensorError.self) { try DataSplits.partSizes([0.5, 0.6], of: 7) }
        #expect(throws: TensorError.self) { try DataSplits.partSizes([-1, 8], of: 7) }
        #expect(throws: TensorError.self) { try DataSplits.partSizes([], of: 7) }
    }

    @Test func partsHoldEverySampleOnceAndKeepPairs() throws {
        seed(5)
        let x = try Tensor(shape: [9, 1], elements: (0..<9).map(Double.init), dtype: .float64)
        let y = try Tensor(shape: [9], elements: (0..<9).map { Int64($0) * 10 }, dtype: .int64)
        let parts = try DataSplits.randomSplit([x, y], [0.5, 0.25, 0.25])
        #expect(parts.map { $0[0].shape[0] } == [5, 2, 2])
        var seen: [Double] = []
        for part in parts {
            let xs = part[0].elements(as: Double.self), ys = part[1].elements(as: Int64.self)
            #expect(part[0].dtype == .float64 && part[1].dtype == .int64)
            #expect(zip(xs, ys).allSatisfy { Int64($0) * 10 == $1 })
            seen += xs
        }
        #expect(seen.sorted() == (0..<9).map(Double.init))
    }

    @Test func weightedDrawsFollowTheWeights() throws {
        seed(6)
        let sampler = try WeightedRandomSampler(weights: [1, 0, 3, 6], numSamples: 20_000)
        var counts = [0, 0, 0, 0]
        for i in sampler.indices() { counts[i] += 1 }
        #expect(counts[1] == 0)
        for (k, p) in [(0, 0.1), (2, 0.3), (3, 0.6)] {
            #expect(abs(Double(counts[k]) / 20_000 - p) < 0.015, "\(counts)")
        }
        // Without replacement: distinct indices, never one of weight zero, heavy ones first more often.
        var firsts = [0, 0, 0, 0]
        for _ in 0..<4_000 {
            let drawn = try WeightedRandomSampler(weights: [1, 0, 3, 6], numSamples: 3, replacement: false).indices()
            #expect(Set(drawn) == [0, 2, 3])
            firsts[drawn[0]] += 1
        }
        #expect(abs(Double(firsts[3]) / 4_000 - 0.6) < 0.03, "\(firsts)")
    }
}
