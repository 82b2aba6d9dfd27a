import Testing
import TensorEngine

/// NaN goes through every op as it does in PyTorch, so a diverged network shows NaN, never a tidy 0.
/// The expectations are PyTorch's results for the same inputs.
extension TensorEngine {
    @Suite struct NaNPropagation {
        let nan = Float.nan
        var x: Tensor { try! vector([-1, .nan, 2]) }

        func same(_ t: Tensor, _ expected: [Float], sourceLocation: SourceLocation = #_sourceLocation) {
            let v = t.values
            #expect(v.count == expected.count, sourceLocation: sourceLocation)
            for (a, b) in zip(v, expected) {
                #expect(a == b || (a.isNaN && b.isNaN), "\(v) vs \(expected)", sourceLocation: sourceLocation)
            }
        }

        @Test func activations() throws {
            same(try x.relu(), [0, nan, 2])                         // torch.relu
            same(try x.relu6(), [0, nan, 2])
            same(try x.leakyRelu(negativeSlope: 0.1), [-0.1, nan, 2])
            same(try x.elu(), [Float(0.36787944) - 1, nan, 2])
            same(try x.hardSwish(), [-1 * 2 / 6, nan, 2 * 5 / 6])
            same(try x.clamp(min: 0, max: 1), [0, nan, 1])          // torch.clamp keeps NaN
            same(try x.clamp(min: 0), [0, nan, 2])
            same(try x.clamp(min: .nan), [nan, nan, nan])           // torch.clamp(x, min=nan)
            same(try x.clamp(min: 0, max: .nan), [nan, nan, nan])
            #expect(try x.sigmoid().values[1].isNaN && x.tanh().values[1].isNaN)
        }

        @Test func elementwiseMaximumAndMinimumTakeNaNFromEitherSide() throws {
            let zeros = try Tensor.zeros([3])
            same(try x.maximum(zeros), [0, nan, 2])             // torch.maximum
            same(try zeros.maximum(x), [0, nan, 2])
            same(try x.minimum(zeros), [-1, nan, 0])            // torch.minimum
            same(try zeros.minimum(x), [-1, nan, 0])
            same(try Tensor(nan).maximum(Tensor(0)), [nan])
        }

        @Test func reductionsAndPositions() throws {
            same(try x.max(), [nan])                            // torch.max → nan
            same(try x.min(), [nan])
            same(try x.argmax(), [1])                           // torch.argmax → index of the NaN
            same(try x.argmin(), [1])
            let m = try tensor([1, .nan, 3, 4, 5, 6], [2, 3])
            same(try m.max(axis: 1), [nan, 6])
            same(try m.argmax(axis: 1), [1, 2])
            same(try m.min(axis: 0), [1, nan, 3])
        }

        @Test func softmaxAndPooling() throws {
            let s = try x.softmax()
            #expect(s.values.allSatisfy { $0.isNaN })               // torch.softmax: the whole row
            var values = [Float](repeating: 1, count: 64)
            values[9] = nan
            let image = try tensor(values, [1, 1, 8, 8])
            let pooled = try Tensor.maxPool2d(image, kernel: [2])
            #expect(pooled.values[0].isNaN)                     // the window that holds the NaN
            #expect(pooled.values.filter { $0.isNaN }.count == 1)
        }
    }
}
