import Foundation
import NN
import TensorEngine
import Testing

/// The built-in data sets: shapes, exact points without noise, labels, reproducibility and the digits.
@Suite(.serialized) struct DatasetsTests {
    func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-6) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol }
    }

    @Test func moonsFollowScikitLearnsFormula() throws {
        // n = 4: outer half circle at angles 0 and π, inner one at 1 - cos, 0.5 - sin of the same.
        let (x, y) = try Datasets.moons(4, shuffle: false)
        #expect(close(x.values, [1, 0, -1, 0, 0, 0.5, 2, 0.5]))
        #expect(y.values == [0, 0, 1, 1])
        let (x5, y5) = try Datasets.moons(5, shuffle: false)   // 2 outer, 3 inner
        #expect(x5.shape == [5, 2] && y5.values == [0, 0, 1, 1, 1])
        #expect(close(Array(x5.values[6...7]), [1, -0.5]))       // the inner moon's middle point
    }

    @Test func circlesFollowScikitLearnsFormula() throws {
        let (x, y) = try Datasets.circles(8, factor: 0.5, shuffle: false)
        // Outer: angles 0, π/2, π, 3π/2 at radius 1 (endpoint excluded); inner at radius 0.5.
        #expect(close(x.values, [1, 0, 0, 1, -1, 0, 0, -1, 0.5, 0, 0, 0.5, -0.5, 0, 0, -0.5]))
        #expect(y.values == [0, 0, 0, 0, 1, 1, 1, 1])
        #expect(throws: TensorError.self) { try Datasets.circles(8, factor: 1) }
    }

    @Test func spiralsStartAtTheCenterAndEndOnTheUnitCircle() throws {
        let (x, y) = try Datasets.spirals(9, classes: 3, shuffle: false)
        #expect(y.values == [0, 0, 0, 1, 1, 1, 2, 2, 2])
        let p = x.values
        for k in 0..<3 {
            #expect(close([p[6 * k], p[6 * k + 1]], [0, 0]))                       // r = 0
            let (a, b) = (p[6 * k + 4], p[6 * k + 5])                              // r = 1
            let angle = 4 + 2 * Double.pi * Double(k) / 3
            #expect(close([a, b], [Float(sin(angle)), Float(cos(angle))], 1e-5))
        }
        #expect(throws: TensorError.self) { try Datasets.spirals(3, classes: 4) }
    }

    @Test func xorIsTheTruthTable() throws {
        let (x, y) = try Datasets.xor()
        #expect(x.values == [0, 0, 0, 1, 1, 0, 1, 1])
        #expect(y.values == [0, 1, 1, 0])
        seed(2)
        let (xn, yn) = try Datasets.xor(100, noise: 0.1)
        #expect(xn.shape == [100, 2] && yn.shape == [100])
        #expect(Array(yn.values[0..<8]) == [0, 1, 1, 0, 0, 1, 1, 0])
        // Noisy points stay near their corners.
        let corners: [[Float]] = [[0, 0], [0, 1], [1, 0], [1, 1]]
        for i in 0..<100 {
            #expect(close([xn.values[2 * i], xn.values[2 * i + 1]], corners[i % 4], 0.6))
        }
    }

    @Test func blobsSplitSamplesEvenlyAroundTheirCenters() throws {
        let centers = try Tensor([[0, 0], [10, 10], [-10, 5]])
        seed(5)
        let (x, y) = try Datasets.blobs(300, centers: centers, std: 0.5, shuffle: false)
        #expect(x.shape == [300, 2])
        for k in 0..<3 {
            let rows = (0..<300).filter { Int(y.values[$0]) == k }
            #expect(rows.count == 100)
            let mx = rows.map { x.values[2 * $0] }.reduce(0, +) / 100
            let my = rows.map { x.values[2 * $0 + 1] }.reduce(0, +) / 100
            #expect(close([mx, my], Array(centers.values[(2 * k)...(2 * k + 1)]), 0.2))
        }
        let (x7, y7) = try Datasets.blobs(7, centers: 3, features: 4)
        #expect(x7.shape == [7, 4])
        #expect(y7.values.sorted() == [0, 0, 0, 1, 1, 2, 2])
        #expect(throws: TensorError.self) { try Datasets.blobs(10, centers: Tensor([1, 2])) }
        #expect(throws: TensorError.self) { try Datasets.blobs(10, centers: 0) }
    }

    @Test func noiseAndShuffleAreReproducible() throws {
        seed(11)
        let a = try Datasets.moons(50, noise: 0.1)
        seed(11)
        let b = try Datasets.moons(50, noise: 0.1)
        #expect(a.x.values == b.x.values && a.y.values == b.y.values)
        let c = try Datasets.moons(50, noise: 0.1)
        #expect(a.x.values != c.x.values)
        // Shuffling keeps the points and labels paired: each label set is the same multiset.
        let plain = try Datasets.moons(50, shuffle: false)
        let mixed = try Datasets.moons(50)
        #expect(plain.y.values.sorted() == mixed.y.values.sorted())
        #expect(plain.y.values != mixed.y.values)
        var pairs = Set<[Float]>()
        for i in 0..<50 { pairs.insert([plain.x.values[2 * i], plain.x.values[2 * i + 1], plain.y.values[i]]) }
        for i in 0..<50 { #expect(pairs.contains([mixed.x.values[2 * i], mixed.x.values[2 * i + 1], mixed.y.values[i]])) }
    }

    @Test func sineSequencesAreNextStepTargets() throws {
        seed(3)
        let (x, y) = try Datasets.sineSequences(4, length: 10)
        #expect(x.shape == [4, 10, 1] && y.shape == [4, 10, 1])
        // Each target is the next input.
        for i in 0..<4 {
            #expect(Array(y.values[(10 * i)..<(10 * i + 9)]) == Array(x.values[(10 * i + 1)..<(10 * i + 10)]))
        }
        #expect(x.values.allSatisfy { abs($0) <= 1 })
        #expect(throws: TensorError.self) { try Datasets.sineSequences(4, length: 0) }
    }

    @Test func argumentErrors() throws {
        #expect(throws: TensorError(.value, "moons: the number of samples must be at least 1 (got 0)")) {
            try Datasets.moons(0)
        }
        #expect(throws: TensorError(.value, "xor: noise must be a non-negative number (got -1.0)")) {
            try Datasets.xor(4, noise: -1)
        }
        #expect(throws: TensorError.self) { try Datasets.circles(-5) }
        #expect(throws: TensorError.self) { try Datasets.blobs(10, std: -1) }
    }

    @Test func digitsLoadFromTheRepository() throws {
        let (x, y) = try Datasets.digits()
        #expect(x.shape == [1797, 64] && y.shape == [1797])
        // Totals from Python over the same file.
        #expect(x.values.reduce(0, +) == 561_718)
        #expect((0..<10).map { k in y.values.filter { $0 == Float(k) }.count } == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        #expect(Array(x.values[0..<8]) == [0, 0, 5, 13, 9, 1, 0, 0])
        #expect(y.values[0] == 0 && y.values[1796] == 8)
        #expect(x.values.allSatisfy { $0 >= 0 && $0 <= 16 })
        // A second call gives equal, independent tensors.
        let again = try Datasets.digits()
        try again.x.withUnsafeMutableValues { $0[0] = 99 }
        #expect(try Datasets.digits().x.values[0] == 0)
    }

    @Test func dataFilesHonourTheEnvironmentVariable() throws {
        let folder = NSTemporaryDirectory() + "soma-data-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = FileManager.default.createFile(atPath: folder + "/probe.bin", contents: Data([1]))
        setenv("SOMA_DATA_DIR", folder, 1)
        defer { unsetenv("SOMA_DATA_DIR") }
        #expect(try DataFiles.locate("probe.bin") == folder + "/probe.bin")
        do {
            _ = try DataFiles.locate("no-such-file.bin")
            Issue.record("expected an error")
        } catch let e as TensorError {
            #expect(e.message.contains("SOMA_DATA_DIR"))
            #expect(e.message.contains(folder + "/no-such-file.bin"))
        }
    }
}
