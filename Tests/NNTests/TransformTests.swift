import NN
import TensorEngine
import Testing

/// Batch transforms: each checked on values worked out by hand, with the random ones pinned (p 0 or
/// 1, a window that fits once, rotation by 0) or checked statistically.
@Suite(.serialized) struct TransformTests {
    let batch = try! Tensor(shape: [2, 1, 2, 3], elements: (0..<12).map(Double.init), dtype: .float64)

    @Test func normalizeUsesPerChannelStatistics() throws {
        let x = try Tensor(shape: [1, 2, 1, 2], elements: [1, 3, 10, 20], dtype: .float32)
        let y = try Transforms.normalize(x, mean: [1, 10], std: [2, 5])
        #expect(y.dtype == .float32 && y.elements(as: Double.self) == [0, 1, 0, 2])
        #expect(throws: TensorError.self) { try Transforms.normalize(x, mean: [1, 2, 3], std: [1]) }
        #expect(throws: TensorError.self) { try Transforms.normalize(x, mean: [0], std: [0]) }
    }

    @Test func flipsAllOrNothing() throws {
        let mirrored = try Transforms.randomFlip(batch, p: 1, axis: 3)
        #expect(mirrored.elements(as: Double.self) == [2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9])
        #expect(try Transforms.randomFlip(batch, p: 0, axis: 2).elements(as: Double.self) == batch.elements(as: Double.self))
        #expect(try Transforms.randomFlip(batch, p: 1, axis: 2).elements(as: Double.self) == [3, 4, 5, 0, 1, 2, 9, 10, 11, 6, 7, 8])
    }

    @Test func cropsAWindowOfThePaddedImage() throws {
        #expect(try Transforms.randomCrop(batch, size: [2, 3]).elements(as: Double.self) == batch.elements(as: Double.self))
        seed(4)
        let crops = try Transforms.randomCrop(batch, size: [1, 2], padding: 1)
        #expect(crops.shape == [2, 1, 1, 2] && crops.dtype == .float64)
        #expect(throws: TensorError.self) { try Transforms.randomCrop(batch, size: [5, 1], padding: 1) }
    }

    @Test func rotationByNothingIsTheImageAndAQuarterTurnMovesCorners() throws {
        #expect(try Transforms.randomRotation(batch, degrees: 0).elements(as: Double.self) == batch.elements(as: Double.self))
        seed(1)
        let square = try Tensor(shape: [1, 1, 3, 3], elements: [1, 0, 0, 0, 0, 0, 0, 0, 0], dtype: .float64)
        let turned = try Transforms.randomRotation(square, degrees: 180).elements(as: Double.self)
        #expect(abs(turned.reduce(0, +) - 1) < 0.5, "\(turned)")   // the mass stays, up to the corners cut off
        #expect(abs(turned[4]) < 1e-12)                              // the centre pixel stays 0
        #expect(throws: TensorError.self) { try Transforms.randomRotation(try Tensor.zeros([1, 1, 2, 2], dtype: .uint8), degrees: 5) }
    }

    @Test func noiseHasTheRequestedSpread() throws {
        seed(9)
        let zeros = try Tensor.zeros([4, 1, 50, 50], dtype: .float64)
        let noisy = try Transforms.gaussianNoise(zeros, std: 0.5).elements(as: Double.self)
        let variance = noisy.map { $0 * $0 }.reduce(0, +) / Double(noisy.count)
        #expect(abs(variance.squareRoot() - 0.5) < 0.02)
    }

    @Test func aDataLoaderTransformsEachBatch() throws {
        let loader = try DataLoader(batch, try Tensor(shape: [2], elements: [Int64(0), 1], dtype: .int64), batchSize: 1,
                                    transform: { try Transforms.randomFlip($0, p: 1, axis: 3) })
        let first = try #require(try loader.batches().first)
        #expect(first.x.elements(as: Double.self) == [2, 1, 0, 5, 4, 3] && first.y?.dtype == .int64)
    }
}
