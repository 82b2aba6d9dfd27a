import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct SortTests {
        let x = try! tensor([3, 1, 2, 1, 0, -1, 5, 5], [2, 4])

        @Test func sortsAlongTheLastAxisStably() throws {
            let (values, indices) = try x.sort()
            expectNumbers(values, [1, 1, 2, 3, -1, 0, 5, 5], shape: [2, 4])
            // NumPy's argsort(kind="stable"): ties keep their input order.
            expectNumbers(indices, [1, 3, 2, 0, 1, 0, 2, 3], shape: [2, 4])
        }

        @Test func sortsDescendingKeepingTiesInOrder() throws {
            let (values, indices) = try x.sort(axis: 1, descending: true, stable: true)
            expectNumbers(values, [3, 2, 1, 1, 5, 5, 0, -1], shape: [2, 4])
            expectNumbers(indices, [0, 2, 1, 3, 2, 3, 0, 1], shape: [2, 4])
            expectNumbers(try x.argsort(axis: 0), [1, 1, 0, 0, 0, 0, 1, 1], shape: [2, 4])
        }

        @Test func nanSortsLast() throws {
            let (values, indices) = try vector([2, .nan, -1]).sort()
            #expect(values.values[0] == -1 && values.values[1] == 2 && values.values[2].isNaN)
            expectNumbers(indices, [2, 0, 1], shape: [3])
        }

        @Test func topkPicksTheLargestOrSmallest() throws {
            let (values, indices) = try x.topk(2)
            expectNumbers(values, [3, 2, 5, 5], shape: [2, 2])
            expectNumbers(indices, [0, 2, 2, 3], shape: [2, 2])
            let low = try x.topk(1, axis: 0, largest: false)
            expectNumbers(low.values, [0, -1, 2, 1], shape: [1, 4])
            expectNumbers(low.indices, [1, 1, 0, 0], shape: [1, 4])
        }

        @Test func emptyTensorsAndBadArguments() throws {
            let empty = try Tensor.zeros([0, 3])
            #expect(try empty.sort(axis: 0).values.shape == [0, 3])
            #expect(try x.topk(0).values.shape == [2, 0])
            let e = expectError(.value) { try x.topk(5) }
            #expect(e?.message.contains("topk") == true)
            let a = expectError(.index) { try x.sort(axis: 2) }
            #expect(a?.message == "sort: axis 2 is out of range for a tensor of rank 2")
            expectError(.index) { try x.argsort(axis: -3) }
        }

        @Test func gradientsFlowToTheSortedElements() throws {
            try checkGradients([spread([3, 4], seed: 1)]) { try $0[0].sort(axis: 1).values }
            try checkGradients([spread([3, 4], seed: 2)]) { try $0[0].sort(axis: 0, descending: true).values }
            try checkGradients([spread([2, 5], seed: 3)]) { try $0[0].topk(3).values }
        }
    }
}
