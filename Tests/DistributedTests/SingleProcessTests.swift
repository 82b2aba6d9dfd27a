@testable import Distributed
import TensorEngine
import Testing

/// A job of one: what a script run without a launcher sees. The multi-process behaviour is tested
/// under mpirun (Tests/Integration/test_distributed.py).
@Suite struct SingleProcessTests {
    let one = Communicator.single

    @Test func aJobOfOneIsRankZeroOfOne() {
        #expect(one.rank == 0 && one.size == 1 && one.isMain && !one.usesMPI && one.library == nil)
    }

    @Test func collectivesOfOneReturnTheTensorItself() throws {
        let t = try Tensor(shape: [2, 2], values: [1, 2, 3, 4])
        for op in ReduceOp.allCases {
            #expect(try one.allReduce(t, op: op).values == [1, 2, 3, 4])
        }
        #expect(try one.broadcast(t, from: 0).values == [1, 2, 3, 4])
        let gathered = try one.allGather(t)
        #expect(gathered.count == 1 && gathered[0].shape == [2, 2] && gathered[0].values == [1, 2, 3, 4])
        try one.barrier()
    }

    @Test func badArgumentsAreErrorsEvenAlone() throws {
        let ints = try Tensor.zeros([3], dtype: .int64)
        #expect(throws: TensorError(.type, "allReduce: mean of a int64 tensor would round; convert it to a floating-point type first")) {
            try one.allReduce(ints, op: .mean)
        }
        #expect(throws: TensorError.self) { try one.broadcast(ints, from: 1) }
    }

    @Test func aCallsRecordKeepsWhatItsDescriptionNames() {
        let call = CollectiveCall(kind: .allReduce, dtype: .float64, shape: [3, 4], detail: ReduceOp.max.code, label: "max")
        #expect(CollectiveCall(record: call.record[...]).description == "allReduce(max) of [3, 4] float64")
        let deep = CollectiveCall(kind: .allGather, dtype: .int8, shape: Array(repeating: 1, count: 14))
        #expect(CollectiveCall(record: deep.record[...]).description.hasSuffix(", …] int8"))
        #expect(CollectiveCall(kind: .broadcast, dtype: .bool, shape: [], detail: 1).description == "broadcast from rank 1 of [] bool")
    }

    @Test func bucketsHoldOneTypeAndAboutTheAskedBytes() throws {
        func parameter(_ shape: [Int], _ dtype: DType = .float32) throws -> Tensor {
            let t = try Tensor.zeros(shape, dtype: dtype)
            t.requiresGrad = true
            return t
        }
        let frozen = try Tensor.zeros([7])
        let ps = try [[10], [10], [10], [4]].map { try parameter($0) } + [frozen, try parameter([2], .float64), try parameter([3], .float16)]
        let averager = try GradientAverager(parameters: ps, communicator: one, bucketBytes: 80)
        // 40 bytes each: two fit 80; the frozen one takes no part; float64 starts its own; float16
        // travels as float32.
        #expect(averager.parameters.count == 6)
        #expect(averager.buckets == [[0, 1], [2, 3], [4], [5]])
        #expect(throws: TensorError.self) { try GradientAverager(parameters: [try parameter([1], .int64)], communicator: one) }
    }

    @Test func averagingAloneKeepsTheGradientsAndRunsOnlyForItsOwnParameters() throws {
        let w = try Tensor(shape: [2], values: [1, 2], requiresGrad: true)
        let other = try Tensor(shape: [1], values: [3], requiresGrad: true)
        let averager = try GradientAverager(parameters: [w], communicator: one)
        try (w * w).sum().backward()
        try averager.backwardFinished([w])
        try averager.backwardFinished([other])
        #expect(averager.averages == 1 && w.grad?.values == [2, 4])
    }
}
