import NN
import TensorEngine
import Testing

/// Each process's part of a pass in a data-parallel job, as PyTorch's DistributedSampler.
@Suite struct DataShardTests {
    func numbered(_ n: Int) throws -> (Tensor, Tensor) {
        let x = try Tensor(shape: [n, 1], values: (0..<n).map { Float($0) })
        return (x, try x.reshape([n]))
    }

    func ids(_ t: Tensor) -> [Int] { t.values.map { Int($0) } }

    @Test func shardsOfOnePassCoverEverySampleOnceAndTakeTurns() throws {
        for shuffle in [false, true] {
            let parts = try (0..<3).map { try DataShard(rank: $0, size: 3, seed: 7).indices(of: 9, pass: 0, shuffle: shuffle) }
            #expect(parts.allSatisfy { $0.count == 3 })
            #expect(parts.flatMap { $0 }.sorted() == Array(0..<9))
            let order = try DataShard(rank: 0, size: 1, seed: 7).indices(of: 9, pass: 0, shuffle: shuffle)
            // Process r takes every third sample of the one shared order from position r.
            for r in 0..<3 { #expect(parts[r] == stride(from: r, to: 9, by: 3).map { order[$0] }) }
        }
    }

    @Test func anUnevenPassIsPaddedFromItsStartSoEveryProcessTakesAsManyBatches() throws {
        let parts = try (0..<4).map { try DataShard(rank: $0, size: 4, seed: 1).indices(of: 10, pass: 0, shuffle: false) }
        #expect(parts == [[0, 4, 8], [1, 5, 9], [2, 6, 0], [3, 7, 1]])
        #expect(try DataShard(rank: 2, size: 4, seed: 1).indices(of: 0, pass: 0, shuffle: true) == [])
    }

    @Test func eachPassReshufflesTheSameWayOnEveryProcessWhateverTheGlobalGenerator() throws {
        let shard = try DataShard(rank: 0, size: 1, seed: 42)
        let first = shard.indices(of: 50, pass: 0, shuffle: true), second = shard.indices(of: 50, pass: 1, shuffle: true)
        #expect(first != second)
        RNG.global = RNG(seed: 999)
        #expect(shard.indices(of: 50, pass: 0, shuffle: true) == first)
        #expect(try DataShard(rank: 0, size: 1, seed: 43).indices(of: 50, pass: 0, shuffle: true) != first)
    }

    /// The equivalence data parallelism rests on: batch k of every process together is batch k of one
    /// process with a batch as large as all of theirs.
    @Test func batchKOfAllShardsIsBatchKOfOneProcessWithTheGlobalBatch() throws {
        let (x, y) = try numbered(40)
        let whole = try DataLoader(x, y, batchSize: 8, shuffle: true, shard: DataShard(rank: 0, size: 1, seed: 5))
        let parts = try (0..<2).map { try DataLoader(x, y, batchSize: 4, shuffle: true, shard: DataShard(rank: $0, size: 2, seed: 5)) }
        #expect(whole.count == 5 && parts.allSatisfy { $0.count == 5 })
        for _ in 0..<2 {  // two passes: the second reshuffles alike
            let global = try whole.batches().map { Set(ids($0.x)) }
            let sharded = try parts.map { try $0.batches().map { ids($0.x) } }
            #expect(global == (0..<5).map { Set(sharded[0][$0] + sharded[1][$0]) })
        }
    }

    @Test func aShardRefusesASamplerAndBadRanks() throws {
        let (x, y) = try numbered(4)
        #expect(throws: TensorError.self) { try DataShard(rank: 2, size: 2, seed: 0) }
        let sampler = try WeightedRandomSampler(weights: [1, 1, 1, 1], numSamples: 4)
        #expect(throws: TensorError.self) {
            try DataLoader(x, y, sampler: sampler, shard: DataShard(rank: 0, size: 2, seed: 0))
        }
    }
}
