import Foundation
import Testing
import TensorEngine

/// Tensors above `Parallel.threshold` (65,536 elements) are split across cores; these compare the split
/// kernels with serial loops written here, element by element.
extension TensorEngine {
    @Suite struct LargeTensors {
        static let rows = 300, cols = 257   // 77,100 elements: over the threshold, and not a multiple of the split

        @Test func thresholdIsWhatTheseTestsAssume() {
            #expect(Self.rows * Self.cols > Parallel.threshold)
        }

        @Test func binaryBroadcastOpsMatchASerialLoop() throws {
            let (r, c) = (Self.rows, Self.cols)
            let a = random([r, c], seed: 900), rowVec = random([c], seed: 901, in: 0.5...2)
            let colVec = random([r, 1], seed: 902, in: 0.5...2), s = Tensor(1.25)
            let av = a.values, rv = rowVec.values, cv = colVec.values
            // Same shape, row broadcast, column broadcast, outer broadcast, scalar on each side.
            let sum = try a + a
            #expect(sum.values == av.map { $0 + $0 })
            let prod = try a * rowVec
            #expect(prod.values == (0..<(r * c)).map { av[$0] * rv[$0 % c] })
            let quot = try a / colVec
            #expect(quot.values == (0..<(r * c)).map { av[$0] / cv[$0 / c] })
            let diff = try colVec - rowVec
            #expect(diff.shape == [r, c])
            #expect(diff.values == (0..<(r * c)).map { cv[$0 / c] - rv[$0 % c] })
            let left = try s - a
            #expect(left.values == av.map { 1.25 - $0 })
            let right = try a * s
            #expect(right.values == av.map { $0 * 1.25 })
            let mx = try rowVec.maximum(a)
            #expect(mx.values == (0..<(r * c)).map { Swift.max(rv[$0 % c], av[$0]) })
        }

        @Test func rankThreeBroadcastAcrossChunkBoundaries() throws {
            // 41·53·37 = 80,401 elements; rows of the odometer start mid-way through outer dimensions.
            let a = random([41, 53, 37], seed: 903), b = random([53, 1], seed: 904), c = random([41, 1, 37], seed: 905)
            let ref1 = Ref.zip(a, b) { Double(Float($0) + Float($1)) }
            #expect(try (a + b).values == ref1.values.map { Float($0) })
            let ref2 = Ref.zip(b, c) { Double(Float($0) * Float($1)) }
            let y = try b * c
            #expect(y.shape == ref2.shape)
            #expect(y.values == ref2.values.map { Float($0) })
        }

        @Test func unaryOpsMatchASerialLoop() throws {
            let x = random([Self.rows, Self.cols], seed: 906, in: 0.1...3)
            let v = x.values
            #expect(try x.exp().values == v.map { expf($0) })
            #expect(try x.log().values == v.map { logf($0) })
            #expect(try x.sqrt().values == v.map { sqrtf($0) })
            #expect(try x.tanh().values == v.map { tanhf($0) })
            #expect(try (-x).values == v.map { -$0 })
            #expect(try (x * 2).values == v.map { $0 * 2 })
            let centered = try x - 1.5
            #expect(try centered.relu().values == v.map { $0 - 1.5 > 0 ? $0 - 1.5 : 0 })
        }

        @Test func sumMatchesASerialLoop() throws {
            let x = random([Self.rows, Self.cols], seed: 907)
            let v = x.values.map(Double.init)
            let total = v.reduce(0, +)
            #expect(Swift.abs(Double(try x.sum().item()) - total) < 1e-3)
            let byCol = try x.sum(axis: 0)
            #expect(isClose(byCol.values, (0..<Self.cols).map { j in (0..<Self.rows).reduce(0.0) { $0 + v[$1 * Self.cols + j] } },
                            rtol: 1e-5, atol: 1e-4))
            let byRow = try x.sum(axis: 1)
            #expect(isClose(byRow.values, (0..<Self.rows).map { i in v[(i * Self.cols)..<((i + 1) * Self.cols)].reduce(0, +) },
                            rtol: 1e-5, atol: 1e-4))
            #expect(Swift.abs(Double(try x.mean().item()) - total / Double(x.count)) < 1e-6)
        }

        @Test func softmaxAndGradientsOnALargeTensor() throws {
            let x = try random([Self.rows, Self.cols], seed: 908, in: -3...3).detachedLeaf()
            let y = try x.softmax(axis: 1)
            let v = x.values
            for i in stride(from: 0, to: Self.rows, by: 37) {
                let lane = v[(i * Self.cols)..<((i + 1) * Self.cols)].map { Foundation.exp(Double($0)) }
                let s = lane.reduce(0, +)
                #expect(isClose(Array(y.values[(i * Self.cols)..<((i + 1) * Self.cols)]), lane.map { $0 / s }, rtol: 1e-4, atol: 1e-7))
            }
            // d sum(x * x) / dx = 2x through the parallel kernels.
            let sq = try (x * x).sum()
            try sq.backward()
            #expect(x.grad?.values == v.map { 2 * $0 })
        }
    }
}
