import NN
import TensorEngine
import Testing

/// Minibatching, splitting, standardization and one-hot labels.
@Suite(.serialized) struct DataLoaderTests {
    /// Ten samples whose first feature is the sample's index, and labels equal to 10 × index.
    func numbered(_ n: Int = 10) throws -> (Tensor, Tensor) {
        let x = try Tensor(shape: [n, 2], values: (0..<n).flatMap { [Float($0), Float(-$0)] })
        let y = try Tensor(shape: [n], values: (0..<n).map { Float(10 * $0) })
        return (x, y)
    }

    /// The sample indices a batch of `numbered` holds.
    func ids(_ t: Tensor) throws -> [Int] { try t[.all, .at(0)].values.map { Int($0) } }

    @Test func batchesInOrderWithASmallerLastOne() throws {
        let (x, y) = try numbered()
        let loader = try DataLoader(x, y, batchSize: 4)
        #expect(loader.count == 3)
        let batches = try loader.batches()
        #expect(batches.map(\.x.shape) == [[4, 2], [4, 2], [2, 2]])
        #expect(try batches.map { try ids($0.x) } == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
        #expect(batches[2].y?.values == [80, 90])
        #expect(batches[1].x.values == [4, -4, 5, -5, 6, -6, 7, -7])
    }

    @Test func dropLastLeavesOutTheShortBatch() throws {
        let (x, y) = try numbered()
        let loader = try DataLoader(x, y, batchSize: 4, dropLast: true)
        #expect(loader.count == 2)
        #expect(try loader.batches().count == 2)
        #expect(try DataLoader(x, y, batchSize: 5, dropLast: true).count == 2)
        #expect(try DataLoader(x, y, batchSize: 20, dropLast: true).count == 0)
        #expect(try DataLoader(x, y, batchSize: 20).count == 1)
    }

    @Test func shuffleIsReproducibleAndNewEachEpoch() throws {
        let (x, y) = try numbered(32)
        let loader = try DataLoader(x, y, batchSize: 8, shuffle: true)
        seed(7)
        let first = try loader.batches().flatMap { try ids($0.x) }
        let second = try loader.batches().flatMap { try ids($0.x) }
        seed(7)
        var again: [Int] = []   // batch by batch, as a for loop over the loader takes them
        try loader.forEachBatch { x, _ in
            again += try ids(x)
            return true
        }
        #expect(first == again)
        #expect(first != second)
        #expect(first.sorted() == Array(0..<32))
        #expect(second.sorted() == Array(0..<32))
        // Inputs and targets stay paired.
        for batch in try loader.batches() {
            #expect(try ids(batch.x).map { Float(10 * $0) } == batch.y?.values)
        }
        // The order is the permutation randperm draws from the same state.
        seed(3)
        let order = try loader.batches().flatMap { try ids($0.x) }
        seed(3)
        #expect(try Tensor.randperm(32).values.map { Int($0) } == order)
    }

    @Test func batchesOfImagesKeepTheirShape() throws {
        let x = try Tensor.zeros([5, 1, 3, 3]), y = try Tensor.zeros([5, 2])
        let b = try DataLoader(x, y, batchSize: 2).batches()
        #expect(b.map(\.x.shape) == [[2, 1, 3, 3], [2, 1, 3, 3], [1, 1, 3, 3]])
        #expect(b.map(\.y?.shape) == [[2, 2], [2, 2], [1, 2]])
    }

    @Test func loaderErrors() throws {
        let (x, y) = try numbered()
        #expect(throws: TensorError(.value, "DataLoader: batchSize must be positive (got 0)")) {
            try DataLoader(x, y, batchSize: 0)
        }
        #expect(throws: TensorError(.shape, "DataLoader: inputs [10, 2] and targets [3] must have the same number of samples along dimension 0")) {
            try DataLoader(x, Tensor([1, 2, 3]), batchSize: 2)
        }
        #expect(throws: TensorError.self) { try DataLoader(Tensor(1), Tensor(1)) }
    }

    @Test func trainTestSplitWithoutShuffleTakesTheLastForTesting() throws {
        let (x, y) = try numbered()
        let s = try trainTestSplit(x, y, testFraction: 0.25, shuffle: false)
        // ceil(0.25 × 10) = 3 test samples, as scikit-learn counts them.
        #expect(try ids(s.xTrain) == Array(0..<7))
        #expect(try ids(s.xTest) == [7, 8, 9])
        #expect(s.yTest.values == [70, 80, 90])
        #expect(s.yTrain.shape == [7])
    }

    @Test func trainTestSplitShuffledIsAPartitionAndReproducible() throws {
        let (x, y) = try numbered(20)
        seed(1)
        let a = try trainTestSplit(x, y, testFraction: 0.3)
        seed(1)
        let b = try trainTestSplit(x, y, testFraction: 0.3)
        #expect(try ids(a.xTest) == ids(b.xTest))
        #expect(a.xTest.shape == [6, 2] && a.xTrain.shape == [14, 2])
        #expect(try (ids(a.xTrain) + ids(a.xTest)).sorted() == Array(0..<20))
        #expect(try ids(a.xTrain) != Array(0..<14))
        #expect(try ids(a.xTest).map { Float(10 * $0) } == a.yTest.values)
    }

    @Test func trainTestSplitErrors() throws {
        let (x, y) = try numbered(4)
        #expect(throws: TensorError.self) { try trainTestSplit(x, y, testFraction: 0) }
        #expect(throws: TensorError.self) { try trainTestSplit(x, y, testFraction: 1) }
        #expect(throws: TensorError(.value, "trainTestSplit: a test fraction of 0.9 of 4 samples leaves none for training")) {
            try trainTestSplit(x, y, testFraction: 0.9)
        }
        #expect(throws: TensorError.self) { try trainTestSplit(x, Tensor([1, 2])) }
    }

    @Test func standardizeMatchesTheFormula() throws {
        // Columns: [1, 2, 3, 4] (mean 2.5, population std √1.25) and a constant 7 (std taken as 1).
        let x = try Tensor([[1, 7], [2, 7], [3, 7], [4, 7]])
        let (z, mean, std) = try standardize(x)
        #expect(mean.values == [2.5, 7])
        #expect(abs(std.values[0] - Float(1.25).squareRoot()) < 1e-6 && std.values[1] == 1)
        let s = Float(1.25).squareRoot()
        let expected: [Float] = [-1.5 / s, 0, -0.5 / s, 0, 0.5 / s, 0, 1.5 / s, 0]
        #expect(zip(z.values, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        // The standardized columns have mean 0 and population variance 1 (or 0 for the constant one).
        #expect(try z.mean(axis: 0).values.allSatisfy { abs($0) < 1e-6 })
        // Applying the same statistics to other data.
        let test = try standardize(try Tensor([[2.5, 8]]), mean: mean, std: std)
        #expect(test.values == [0, 1])
    }

    @Test func standardizeGradientsAgreeWithFiniteDifferences() throws {
        seed(4)
        let x = try Tensor.randn([5, 3])
        let mean = try Tensor.randn([3]), std = try Tensor.rand([3], low: 0.5, high: 2)
        #expect(try gradcheck({ try standardize($0[0], mean: $0[1], std: $0[2]) }, [x, mean, std]))
    }

    @Test func standardizeErrors() throws {
        #expect(throws: TensorError.self) { try standardize(try Tensor.zeros([0, 3])) }
        #expect(throws: TensorError.self) { try standardize(Tensor(3)) }
        let x = try Tensor.ones([4, 3])
        #expect(throws: TensorError.self) { try standardize(x, mean: Tensor([0, 0]), std: Tensor([1, 1])) }
        #expect(throws: TensorError.self) { try standardize(x, mean: Tensor([0, 0, 0]), std: Tensor([1, 1])) }
    }

    @Test func oneHotRows() throws {
        let h = try oneHot(Tensor([2, 0, 1]), classes: 4)
        #expect(h.shape == [3, 4])
        #expect(h.values == [0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0])
        #expect(try oneHot(Tensor([1, 3])).shape == [2, 4])   // classes = max + 1
        #expect(try oneHot(try Tensor([[0, 1], [1, 0]]), classes: 2).shape == [2, 2, 2])
        #expect(throws: TensorError(.index, "oneHot: label 4 at position 1 is out of range 0..<3")) {
            try oneHot(Tensor([0, 4]), classes: 3)
        }
        #expect(throws: TensorError.self) { try oneHot(Tensor([0.5])) }
        #expect(throws: TensorError.self) { try oneHot(Tensor([-1])) }
    }
}
