import Foundation
import Testing
import TensorEngine

extension TensorEngine {
    /// Values and gradients where Soma once disagreed with PyTorch; each expected value was computed
    /// with PyTorch in float64.
    @Suite struct PyTorchAgreement {
        /// The gradient of `sum(f(x) * weights)` with respect to `x`.
        func gradient(_ x: Tensor, weights: [Float]? = nil, _ f: (Tensor) throws -> Tensor) throws -> [Float] {
            let leaf = try x.copy()
            leaf.requiresGrad = true
            let y = try f(leaf)
            let w = try Tensor(shape: y.shape, values: weights ?? Array(repeating: 1, count: y.count))
            try (y * w).sum().backward()
            return try #require(leaf.grad).values
        }

        // MARK: std and var

        @Test func stdOfAConstantLaneHasAZeroGradient() throws {
            let x = try tensor([3, 3, 3, 1, 2, 4], [2, 3])
            let g = try gradient(x) { try $0.std(axis: 1) }
            #expect(isClose(g, [0, 0, 0, -0.43643578047198484, -0.10910894511799625, 0.5455447255899809]), "\(g)")
        }

        @Test func standardizingAConstantFeatureKeepsGradientsFinite() throws {
            // (x − mean) / (std + 1e-5) per column; the first column is constant.
            let x = try tensor([1, 5, 1, 7, 1, 2], [3, 2])
            let g = try gradient(x, weights: [0.5, -1, 2, 0.25, -1.5, 1]) { x in
                try (x - x.mean(axis: 0, keepDims: true)) / (x.std(axis: 0, keepDims: true) + 1e-5)
            }
            #expect(g.allSatisfy { $0.isFinite }, "\(g)")
            #expect(isClose(g, [16666.66666666667, -0.40520082322823364, 166666.66666666666,
                                0.24311973078511026, -183333.3333333333, 0.1620810924431233], rtol: 1e-3), "\(g)")
        }

        @Test func stdGradientsAwayFromZero() throws {
            let x = random([3, 4, 5], seed: 90)
            try checkGradients([x]) { try $0[0].std(axis: 1) }
            try checkGradients([x]) { try $0[0].std(axes: [0, 2], correction: 0) }
            try checkGradients([x]) { try $0[0].variance(axes: [1, 2], keepDims: true) }
        }

        @Test func unbiasedVarianceOfOneSampleIsNaN() throws {
            let x = try vector([5])
            #expect(try x.variance().item().isNaN)
            #expect(try x.std().item().isNaN)
            #expect(try x.variance(correction: 0).item() == 0)
            let column = try tensor([1, 2, 3], [1, 3])
            #expect(try column.variance(axis: 0).values.allSatisfy { $0.isNaN })
            expectValues(try column.variance(axis: 1), [1.0], shape: [1])
        }

        // MARK: clamp and relu6

        @Test func clampPassesNoGradientAtOrBeyondABound() throws {
            // PyTorch: torch.clamp(x, 0, 6) gives [0, 0, 1, 0, 0]; min alone [0, 0, 1, 1, 1]; max alone [1, 1, 1, 0, 0].
            let x = try vector([-1, 0, 3, 6, 7])
            #expect(try gradient(x) { try $0.clamp(min: 0, max: 6) } == [0, 0, 1, 0, 0])
            #expect(try gradient(x) { try $0.clamp(min: 0) } == [0, 0, 1, 1, 1])
            #expect(try gradient(x) { try $0.clamp(max: 6) } == [1, 1, 1, 0, 0])
            #expect(try gradient(x) { try $0.relu6() } == [0, 0, 1, 0, 0])
        }

        // MARK: ties

        @Test func maxAndMinOfAllElementsSplitTies() throws {
            let x = try vector([1, 2, 2])
            #expect(try gradient(x) { try $0.max() } == [0, 0.5, 0.5])
            #expect(try gradient(try vector([0, 0, 3, 0])) { try $0.min() } == [1.0 / 3, 1.0 / 3, 0, 1.0 / 3])
            // With an axis the result has an index, and the gradient goes there only, as PyTorch's max(dim).
            #expect(try gradient(x) { try $0.max(axis: 0) } == [0, 1, 0])
        }

        @Test func maximumAndMinimumSplitTies() throws {
            func grads(_ f: (Tensor, Tensor) throws -> Tensor) throws -> ([Float], [Float]) {
                let a = try vector([1, 2]), b = try vector([1, 3])
                a.requiresGrad = true; b.requiresGrad = true
                try f(a, b).sum().backward()
                return (try #require(a.grad).values, try #require(b.grad).values)
            }
            let (a1, b1) = try grads { try $0.maximum($1) }
            #expect(a1 == [0.5, 0] && b1 == [0.5, 1])
            let (a2, b2) = try grads { try $0.minimum($1) }
            #expect(a2 == [0.5, 1] && b2 == [0.5, 0])
            // NaN: no comparison holds, so both sides get the whole gradient (PyTorch's masks).
            let (a3, b3) = try grads { x, y in try x.maximum(try vector([.nan, 0])) + y * 0 }
            #expect(a3 == [1, 1] && b3 == [0, 0])
        }

        // MARK: log-softmax

        @Test func logSoftmaxOfLargeLogitsIsAccurate() throws {
            let y = try vector([1000, 1001, 999]).logSoftmax(axis: 0)
            expectValues(y, [-1.4076059644443804, -0.4076059644443804, -2.4076059644443806], shape: [3], rtol: 0, atol: 1e-6)
            try checkGradients([random([2, 5], seed: 91, in: 795...805)]) { try $0[0].logSoftmax(axis: 1) }
        }

        // MARK: summation

        @Test func longSumsKeepFloatPrecision() throws {
            let n = 1_000_000
            let x = random([n], seed: 92, in: 0...1)
            let xs = x.values
            let exact = xs.reduce(0.0) { $0 + Double($1) }
            let relative = { (s: Float) in Swift.abs(Double(s) - exact) / exact }
            #expect(relative(try x.sum().item()) < 1e-7)
            #expect(relative(try x.sum(axis: 0).item()) < 1e-7)
            #expect(Swift.abs(Double(try x.mean().item()) - exact / Double(n)) < 1e-7)
            // A long column summed across rows (the strided path).
            let columns = try x.reshape([n / 2, 2]).sum(axis: 0).values
            let exactColumns = (0..<2).map { c in stride(from: c, to: n, by: 2).reduce(0.0) { $0 + Double(xs[$1]) } }
            for (s, e) in zip(columns, exactColumns) { #expect(Swift.abs(Double(s) - e) / e < 1e-7) }
            let v = try x.variance().item()
            #expect(Swift.abs(Double(v) - 1.0 / 12) < 1e-3)
        }

        // MARK: round

        @Test func roundHalvesToEven() throws {
            let y = try vector([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6]).round()
            #expect(y.values == [0, 2, 2, -0, -2, -2, 2, 3])
        }

        // MARK: several axes

        static let grid: [Float] = (0..<24).map { Float(($0 * 7) % 11 - 5) }

        @Test func reductionsOverSeveralAxes() throws {
            let v = try tensor(Self.grid, [2, 3, 4])
            expectValues(try v.sum(axes: [0, 2]), [6.0, -1, -8], shape: [3])
            expectValues(try v.mean(axes: [0, 2], keepDims: true), [0.75, -0.125, -1], shape: [1, 3, 1])
            expectValues(try v.variance(axes: [0, 2]), [12.5, 9.553571428571429, 11.714285714285714], shape: [3])
            expectValues(try v.variance(axes: [0, 2], correction: 0), [10.9375, 8.359375, 10.25], shape: [3])
            expectValues(try v.std(axes: [1, 2]), [3.4761089357690347, 3.2145502536643185], shape: [2])
            expectValues(try v.amax(axes: [0, 2]), [5.0, 4, 3], shape: [3])
            expectValues(try v.amin(axes: [1, 2], keepDims: true), [-5.0, -5], shape: [2, 1, 1])
        }

        @Test func amaxAndAminSplitTiesAcrossAxes() throws {
            let v = try tensor(Self.grid, [2, 3, 4])
            let gmax = try gradient(v) { try $0.amax(axes: [0, 2]) }
            #expect(gmax == [0, 0, 0, 0.5, 0, 0, 0.5, 0, 0, 0.5, 0, 0, 0, 0, 0.5, 0, 0, 0.5, 0, 0, 0.5, 0, 0, 0])
            let gmin = try gradient(v) { try $0.amin(axes: [1, 2]) }
            #expect(gmin == [0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0])
            try checkGradients([spread([2, 3, 4], seed: 93)]) { try $0[0].amax(axes: [0, 2], keepDims: true) }
        }
        // MARK: causal alignment

        @Test func causalAlignmentWithFewerQueriesThanKeys() throws {
            let q = try tensor((0..<6).map { Float(Foundation.sin(Double($0 + 1))) }, [1, 1, 2, 3])
            let k = try tensor((0..<12).map { Float(Foundation.cos(Double($0) * 0.7)) }, [1, 1, 4, 3])
            let v = try tensor((0..<8).map { Float(($0 * 5) % 7) / 3 - 1 }, [1, 1, 4, 2])
            // PyTorch's is_causal=True: query i sees keys 0...i.
            let topLeft = try Tensor.scaledDotProductAttention(q, k, v, causal: true, causalAlignment: .topLeft)
            expectValues(topLeft, [-1.0, 0.6666666666666667, -0.14416642108803404, -0.4744447718826214], shape: [1, 1, 2, 2])
            // The default: query i sees keys 0...(Lk − Lq + i), PyTorch's attn_mask = ones(2, 4).tril(2).
            let bottomRight = try Tensor.scaledDotProductAttention(q, k, v, causal: true)
            expectValues(bottomRight, [-0.4011866575539658, 0.43221156600922117, 0.10244230478086508, -0.33858279275751035],
                         shape: [1, 1, 2, 2])
            let heads = try Tensor.multiHeadAttention(query: q.reshape([1, 2, 3]), key: k.reshape([1, 4, 3]), value: v.reshape([1, 4, 2]),
                                                      heads: 1, kvHeads: 1, causal: true, causalAlignment: .topLeft)
            expectValues(heads, [-1.0, 0.6666666666666667, -0.14416642108803404, -0.4744447718826214], shape: [1, 2, 2])
            try checkGradients([q, k, v]) { try Tensor.scaledDotProductAttention($0[0], $0[1], $0[2], causal: true, causalAlignment: .topLeft) }
        }
    }
}
