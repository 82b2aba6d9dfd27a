import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct HistogramTests {
        @Test func unique() throws {
            let x = try tensor([3, 1, 3, 2, 1, 3], [2, 3])
            let r = try x.unique(returnInverse: true, returnCounts: true)
            expectNumbers(r.values, [1, 2, 3], shape: [3])
            expectNumbers(r.inverse!, [2, 0, 2, 1, 0, 2], shape: [2, 3])
            expectNumbers(r.counts!, [2, 1, 3], shape: [3])
            #expect(try x.unique().inverse == nil)
            #expect(try Tensor.zeros([0]).unique().values.shape == [0])
        }

        @Test func bincount() throws {
            let x = try vector([0, 1, 1, 3])
            expectNumbers(try x.bincount(), [1, 2, 0, 1], shape: [4])
            expectNumbers(try x.bincount(minlength: 6), [1, 2, 0, 1, 0, 0], shape: [6])
            expectNumbers(try x.bincount(weights: try vector([0.5, 1, 2, -1])), [0.5, 3, 0, -1], shape: [4])
            expectNumbers(try Tensor.zeros([0]).bincount(), [], shape: [0])
            let e = expectError(.value) { try vector([1, -2]).bincount() }
            #expect(e?.message.contains("bincount") == true)
            expectError(.value) { try vector([1.5]).bincount() }
            expectError(.shape) { try Tensor.zeros([2, 2]).bincount() }
            expectError(.shape) { try x.bincount(weights: try vector([1])) }
        }

        @Test func histc() throws {
            // np.histogram(x, bins=4, range=(0, 4)); -1 is outside, 4 falls in the last bin.
            let x = try vector([1, 2, 1, 4, 2.5, 0, -1])
            expectNumbers(try x.histc(bins: 4, min: 0, max: 4), [1, 2, 2, 1], shape: [4])
            // min == max: the data's own range, here [-1, 4] in 5 bins.
            expectNumbers(try x.histc(bins: 5), [1, 1, 2, 2, 1], shape: [5])
            expectError(.value) { try x.histc(bins: 0) }
            expectError(.value) { try x.histc(bins: 3, min: 2, max: 1) }
            expectError(.value) { try x.histc(bins: 3, min: -.infinity, max: 1) }
            expectError(.memory) { try x.histc(bins: 1 << 40) }
            expectError(.memory) { try vector([1]).bincount(minlength: 1 << 40) }
        }

        @Test func searchsorted() throws {
            let s = try vector([1, 3, 5, 7, 9]), v = try vector([3, 6, 9, 0, 10])
            // np.searchsorted, side="left" and side="right".
            expectNumbers(try s.searchsorted(v), [1, 3, 4, 0, 5], shape: [5])
            expectNumbers(try s.searchsorted(v, right: true), [2, 3, 5, 0, 5], shape: [5])
            let rows = try tensor([1, 2, 3, 10, 20, 30], [2, 3])
            expectNumbers(try rows.searchsorted(try tensor([2, 25], [2, 1])), [1, 2], shape: [2, 1])
            expectError(.shape) { try rows.searchsorted(try vector([1])) }
        }

        @Test func nonzero() throws {
            let x = try tensor([0, 1, 0, 2, 0, 3], [2, 3])
            expectNumbers(try x.nonzero(), [0, 1, 1, 0, 1, 2], shape: [3, 2])
            #expect(try Tensor.zeros([2, 2]).nonzero().shape == [0, 2])
        }
    }
}
