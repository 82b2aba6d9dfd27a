import Foundation
import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct Reductions {
        /// Every combination of axes of a rank-3 tensor, written with positive and negative numbers.
        static let axisSets: [[Int]] = [[0], [1], [2], [-1], [0, 1], [0, 2], [1, 2], [-3, -1], [0, 1, 2], [2, 0]]

        @Test func sumAllMatchesANaiveLoop() throws {
            let x = random([3, 4, 5], seed: 50)
            let s = x.sum()
            #expect(s.shape == [])
            #expect(Swift.abs(Double(try s.item()) - x.values.reduce(0.0) { $0 + Double($1) }) < 1e-5)
            // Lengths around the eight-lane vector loop's edges.
            for n in [0, 1, 7, 8, 9, 17] {
                let v = random([n], seed: UInt64(n))
                #expect(Swift.abs(Double(try v.sum().item()) - v.values.reduce(0.0) { $0 + Double($1) }) < 1e-5)
            }
        }

        @Test func sumAlongAxesMatchesANaiveLoop() throws {
            let x = random([3, 4, 5], seed: 51)
            for axes in Self.axisSets {
                let resolved = axes.map { $0 < 0 ? $0 + 3 : $0 }
                for keepDims in [false, true] {
                    let ref = Ref.reduce(x, axes: resolved, keepDims: keepDims, initial: 0, +)
                    expectValues(try x.sum(axes: axes, keepDims: keepDims), ref.values, shape: ref.shape)
                    if axes.count == 1 {
                        expectValues(try x.sum(axis: axes[0], keepDims: keepDims), ref.values, shape: ref.shape)
                    }
                }
            }
            expectValues(try x.sum(axes: []), x.values.map(Double.init), shape: [3, 4, 5])
        }

        @Test func sumGradients() throws {
            let x = random([3, 4, 5], seed: 52)
            try checkGradients([x]) { $0[0].sum() }
            for axes in Self.axisSets {
                try checkGradients([x]) { try $0[0].sum(axes: axes) }
                try checkGradients([x]) { try $0[0].sum(axes: axes, keepDims: true) }
            }
        }

        @Test func sumToAShape() throws {
            let x = random([2, 3, 4], seed: 53)
            for target in [[2, 3, 4], [3, 4], [4], [1, 4], [3, 1], [2, 1, 4], [1, 1, 1], [], [1]] {
                let y = try x.sum(to: target)
                #expect(y.shape == target)
                // Reference: the sum over every element that broadcasting `target` up to x would map to it.
                var expected = [Double](repeating: 0, count: Ref.count(target))
                let offset = 3 - target.count
                for i in 0..<x.count {
                    let index = Ref.unravel(i, x.shape)
                    var flat = 0
                    let st = Ref.strides(target)
                    for d in target.indices where target[d] != 1 { flat += index[d + offset] * st[d] }
                    expected[flat] += Double(x.values[i])
                }
                #expect(isClose(y.values, expected), "sum(to: \(target))")
                try checkGradients([x]) { try $0[0].sum(to: target) }
            }
        }

        @Test func mean() throws {
            let x = random([3, 4, 5], seed: 54)
            #expect(Swift.abs(Double(try x.mean().item()) - x.values.reduce(0.0) { $0 + Double($1) } / 60) < 1e-6)
            try checkGradients([x]) { try $0[0].mean() }
            for axes in Self.axisSets {
                let resolved = axes.map { $0 < 0 ? $0 + 3 : $0 }
                let n = Double(resolved.reduce(1) { $0 * x.shape[$1] })
                let ref = Ref.reduce(x, axes: resolved, keepDims: true, initial: 0, +)
                expectValues(try x.mean(axes: axes, keepDims: true), ref.values.map { $0 / n }, shape: ref.shape)
                try checkGradients([x]) { try $0[0].mean(axes: axes) }
            }
            expectValues(try x.mean(axis: 1), Ref.reduce(x, axes: [1], keepDims: false, initial: 0, +).values.map { $0 / 4 },
                         shape: [3, 5])
        }

        /// Variance along `axis` of a [rows, cols] matrix in Double, with a Bessel-style correction.
        static func variances(_ x: Tensor, axis: Int?, correction: Int) -> [Double] {
            let v = x.values.map(Double.init)
            let rows = x.shape[0], cols = x.shape[1]
            func variance(_ xs: [Double]) -> Double {
                let m = xs.reduce(0, +) / Double(xs.count)
                return xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - correction)
            }
            switch axis {
            case nil: return [variance(v)]
            case 0: return (0..<cols).map { c in variance((0..<rows).map { v[$0 * cols + c] }) }
            default: return (0..<rows).map { r in variance(Array(v[(r * cols)..<((r + 1) * cols)])) }
            }
        }

        @Test func varianceAndStd() throws {
            let x = random([4, 6], seed: 55, in: -2...2)
            for correction in [0, 1] {
                for (axis, shape) in [(nil, []), (0, [6]), (1, [4]), (-1, [4])] as [(Int?, [Int])] {
                    let ref = Self.variances(x, axis: axis.map { $0 < 0 ? $0 + 2 : $0 }, correction: correction)
                    expectValues(try x.variance(axis: axis, correction: correction), ref, shape: shape, rtol: 1e-5)
                    expectValues(try x.std(axis: axis, correction: correction), ref.map { $0.squareRoot() }, shape: shape,
                                 rtol: 1e-5)
                    try checkGradients([x]) { try $0[0].variance(axis: axis, correction: correction) }
                    try checkGradients([x]) { try $0[0].std(axis: axis, correction: correction) }
                }
            }
            #expect(try x.variance(axis: 1, keepDims: true).shape == [4, 1])
            #expect(try x.std(keepDims: true).shape == [1, 1])
            // The default is the unbiased estimate.
            let v = try vector([1, 2, 3, 4])
            expectValues(try v.variance(), [5.0 / 3], shape: [])
        }

        @Test func logsumexp() throws {
            let x = random([3, 4, 5], seed: 56, in: -3...3)
            for axis in [0, 1, 2, -1] {
                let a = axis < 0 ? axis + 3 : axis
                let m = Ref.reduce(x, axes: [a], keepDims: false, initial: 0) { $0 + Foundation.exp($1) }
                expectValues(try x.logsumexp(axis: axis), m.values.map { Foundation.log($0) }, shape: m.shape, rtol: 1e-5)
                #expect(try x.logsumexp(axis: axis, keepDims: true).rank == 3)
                try checkGradients([x]) { try $0[0].logsumexp(axis: axis) }
                try checkGradients([x]) { try $0[0].logsumexp(axis: axis, keepDims: true) }
            }
            // Large values do not overflow.
            let big = try vector([1000, 1000])
            expectValues(try big.logsumexp(axis: 0), [1000 + Foundation.log(2.0)], shape: [], rtol: 1e-6)
            // A lane of -inf stays -inf instead of producing NaN.
            let negInf = try vector([-.infinity, -.infinity])
            #expect(try negInf.logsumexp(axis: 0).item() == -.infinity)
        }

        @Test func maxAndMinAlongAnAxis() throws {
            let x = spread([3, 4, 5], seed: 57, gap: 0.1)
            for axis in [0, 1, 2, -2] {
                let a = axis < 0 ? axis + 3 : axis
                for keepDims in [false, true] {
                    let mx = Ref.reduce(x, axes: [a], keepDims: keepDims, initial: -.infinity) { Swift.max($0, $1) }
                    let mn = Ref.reduce(x, axes: [a], keepDims: keepDims, initial: .infinity) { Swift.min($0, $1) }
                    expectValues(try x.max(axis: axis, keepDims: keepDims), mx.values, shape: mx.shape)
                    expectValues(try x.min(axis: axis, keepDims: keepDims), mn.values, shape: mn.shape)
                    try checkGradients([x]) { try $0[0].max(axis: axis, keepDims: keepDims) }
                    try checkGradients([x]) { try $0[0].min(axis: axis, keepDims: keepDims) }
                }
            }
            #expect(try x.max().item() == x.values.max())
            #expect(try x.min().item() == x.values.min())
            try checkGradients([x]) { try $0[0].max() }
            try checkGradients([x]) { try $0[0].min() }
        }

        @Test func maxTiesSendTheGradientToTheFirst() throws {
            let x = try tensor([3, 1, 3, 2, 2, 0], [2, 3], requiresGrad: true)
            try x.max(axis: 1).sum().backward()
            #expect(x.grad?.values == [1, 0, 0, 1, 0, 0])
            x.zeroGrad()
            try x.min(axis: 0).sum().backward()
            #expect(x.grad?.values == [0, 1, 0, 1, 0, 1])
        }

        @Test func argmaxAndArgmin() throws {
            let x = try tensor([1, 9, 3, 7, 2, 8, 4, 0, 5, 6, 9, 1], [3, 4])
            #expect(try x.argmax().shape == [])
            #expect(try x.argmax().item() == 1)   // the first of two 9s
            #expect(try x.argmin().item() == 7)
            #expect(try x.argmax(axis: 1).values == [1, 1, 2])
            #expect(try x.argmin(axis: 0).values == [0, 2, 0, 1])
            #expect(try x.argmax(axis: 0, keepDims: true).shape == [1, 4])
            #expect(try x.argmax(axis: -1, keepDims: true).values == [1, 1, 2])
            // NaN counts as the extreme value, as in NumPy.
            #expect(try vector([1, .nan, 3]).argmax().item() == 1)
        }

        @Test func softmaxAndLogSoftmaxValues() throws {
            let x = random([2, 3, 4], seed: 58, in: -3...3)
            for axis in [0, 1, 2, -1] {
                let a = axis < 0 ? axis + 3 : axis
                let sums = Ref.reduce(x, axes: [a], keepDims: true, initial: 0) { $0 + Foundation.exp($1) }
                var expected: [Double] = []
                for i in 0..<x.count {
                    var index = Ref.unravel(i, x.shape)
                    index[a] = 0
                    let flat = zip(index, Ref.strides(sums.shape)).reduce(0) { $0 + $1.0 * $1.1 }
                    expected.append(Foundation.exp(Double(x.values[i])) / sums.values[flat])
                }
                expectValues(try x.softmax(axis: axis), expected, shape: [2, 3, 4], rtol: 1e-5)
                expectValues(try x.logSoftmax(axis: axis), expected.map { Foundation.log($0) }, shape: [2, 3, 4],
                             rtol: 1e-5, atol: 1e-5)
                let total = try x.softmax(axis: axis).sum(axis: axis)
                #expect(isClose(total.values, Array(repeating: 1, count: total.count)))
            }
            // Default axis is the last; huge inputs stay finite.
            let big = try tensor([1000, 1001, 1002, -1000, 0, 1000], [2, 3])
            let s = try big.softmax()
            #expect(s.values.allSatisfy { $0.isFinite })
            expectValues(s, [0.09003057, 0.24472847, 0.66524096, 0, 0, 1], shape: [2, 3], atol: 1e-6)
            let ls = try big.logSoftmax()
            #expect(ls.values.allSatisfy { $0.isFinite })
            expectValues(ls, [-2.40760596, -1.40760596, -0.40760596, -2000, -1000, 0], shape: [2, 3], atol: 1e-4)
        }

        @Test func softmaxAndLogSoftmaxGradients() throws {
            let x = random([2, 3, 4], seed: 59, in: -2...2)
            for axis in [0, 1, 2, -1] {
                try checkGradients([x]) { try $0[0].softmax(axis: axis) }
                try checkGradients([x]) { try $0[0].logSoftmax(axis: axis) }
            }
        }
    }
}
