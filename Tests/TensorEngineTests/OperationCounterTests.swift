import Testing
@testable import TensorEngine

/// `Tensor.countingOperations`: the MACs of products, convolutions, attention and recurrent kernels,
/// nesting, checkpoints and the bytes a pass keeps.
struct OperationCounterTests {
    @Test func productsCountMTimesNTimesK() throws {
        let a = try Tensor.ones([2, 3, 4]), b = try Tensor.ones([4, 5]), w = try Tensor.ones([6, 4])
        let (_, c) = try Tensor.countingOperations {
            _ = try a.matmul(b)                                         // [2·3, 4] @ [4, 5]
            _ = try a.matmul(try Tensor.ones([2, 4, 7]))                // batched
            _ = try Tensor.linear(a, weight: w, bias: try Tensor.ones([6]))
            _ = try Tensor.einsum("ij,jk->ik", [try Tensor.ones([3, 4]), b])
            _ = try a + a                                               // elementwise: nothing
        }
        #expect(c.operations["matmul"] == .init(calls: 3, macs: 6 * 4 * 5 + 2 * 3 * 4 * 7 + 3 * 4 * 5))
        #expect(c.operations["linear"] == .init(calls: 1, macs: 6 * 4 * 6))
        #expect(c.operations.count == 2 && c.macs == 120 + 168 + 60 + 144)
    }

    @Test func float64ProductsAndVectorsCountToo() throws {
        let a = try Tensor.ones([3, 4], dtype: .float64), v = try Tensor.ones([4], dtype: .float64)
        let (_, c) = try Tensor.countingOperations { _ = try a.matmul(v); _ = try v.matmul(v) }
        #expect(c.macs == 12 + 4)
    }

    @Test func convolutionsCountOutputsTimesTheirWeightSlice() throws {
        let (_, c) = try Tensor.countingOperations {
            // [1, 8, 4, 4] outputs, each 3/1 channels × 3×3 kernel.
            _ = try Tensor.conv2d(try Tensor.ones([1, 3, 6, 6]), weight: try Tensor.ones([8, 3, 3, 3]))
            // groups 2: each output sees 2 of 4 channels × 3 taps; [2, 6, 8] outputs.
            _ = try Tensor.conv1d(try Tensor.ones([2, 4, 10]), weight: try Tensor.ones([6, 2, 3]), groups: 2)
            // Transposed: every input element meets its Cout/groups × kernel slice: [1, 4, 5, 5] × 2·3·3.
            _ = try Tensor.convTranspose2d(try Tensor.ones([1, 4, 5, 5]), weight: try Tensor.ones([4, 2, 3, 3]), stride: [2])
            // 3-D: [1, 2, 2, 2, 2] outputs × 1 channel × 27 taps.
            _ = try Tensor.conv3d(try Tensor.ones([1, 2, 4, 4, 4]), weight: try Tensor.ones([2, 1, 3, 3, 3]), groups: 2)
        }
        #expect(c.operations["conv2d"]?.macs == 8 * 16 * 27)
        #expect(c.operations["conv3d"]?.macs == 16 * 27)
        #expect(c.operations["conv1d"]?.macs == 2 * 6 * 8 * 6)
        #expect(c.operations["convTranspose2d"]?.macs == 100 * 18)
    }

    @Test func attentionCountsItsScoresAndWeightedValues() throws {
        // batch 2, heads 3, Lq 4, Lk 5, d 6, dv 7.
        let q = try Tensor.ones([2, 3, 4, 6]), k = try Tensor.ones([2, 3, 5, 6]), v = try Tensor.ones([2, 3, 5, 7])
        let (_, c) = try Tensor.countingOperations { _ = try Tensor.scaledDotProductAttention(q, k, v, causal: true) }
        // A KV cache holds, per token of a sequence, a key (6) and a value (7) of every head (3).
        #expect(c.operations["attention"] == .init(calls: 1, macs: 2 * 3 * 4 * 5 * (6 + 7), scoreElements: 120,
                                                   cacheBytesPerToken: 4 * 3 * (6 + 7)))
        let (_, c64) = try Tensor.countingOperations {
            _ = try Tensor.scaledDotProductAttention(try q.to(.float64), try k.to(.float64), try v.to(.float64))
        }
        #expect(c64.macs == 2 * 3 * 4 * 5 * (6 + 7) && c64.operations["attention"]?.scoreElements == 120)
        #expect(c64.operations["attention"]?.cacheBytesPerToken == 8 * 3 * (6 + 7))
    }

    @Test func recurrentKernelsCountEveryStep() throws {
        let (b, s, i, h) = (2, 5, 3, 4)
        for dtype in [DType.float32, .float64] {
            let x = try Tensor.ones([b, s, i], dtype: dtype), h0 = try Tensor.zeros([b, h], dtype: dtype)
            let (_, c) = try Tensor.countingOperations {
                _ = try Tensor.lstmSequence(x, h0: h0, c0: h0, weightIH: try Tensor.ones([4 * h, i], dtype: dtype),
                                            weightHH: try Tensor.ones([4 * h, h], dtype: dtype), biasIH: nil, biasHH: nil)
            }
            #expect(c.macs == s * b * 4 * h * (i + h))
            #expect(c.operations["lstm"]?.steps == s && c.operations["lstm"]?.calls == 1)
        }
    }

    @Test func nestedCountersAddToTheOuterOneAndCheckpointsMeasureFromAPoint() throws {
        let a = try Tensor.ones([2, 2])
        let (inner, outer) = try Tensor.countingOperations {
            _ = try a.matmul(a)
            let mark = OperationCounter.current!.checkpoint
            let (_, inner) = try Tensor.countingOperations { _ = try a.matmul(a) }
            #expect(OperationCounter.current!.counts(since: mark) == ["matmul": .init(calls: 1, macs: 8)])
            return inner
        }
        #expect(inner.macs == 8 && outer.macs == 16)
        #expect(OperationCounter.current == nil)
        // Nothing is counted outside.
        _ = try a.matmul(a)
        #expect(outer.macs == 16)
    }

    @Test func retainedBytesAreTheTensorsStillAlive() throws {
        let w = try Tensor.ones([3, 4]), x = try Tensor.ones([2, 4])
        w.requiresGrad = true
        let (kept, c) = try Tensor.countingOperations { () -> (Tensor, Int) in
            let mark = OperationCounter.current!.checkpoint
            let y = try x.matmul(try w.transpose()).tanh()     // tanh's output is the one tensor kept
            _ = try (x * 2).sum()                               // made and freed
            return (y, OperationCounter.current!.retainedBytes(since: mark))
        }
        #expect(kept.1 >= 2 * 3 * 4 && kept.1 < 2 * 3 * 4 + 2 * 4 * 4 + 64)
        #expect(c.macs == 2 * 3 * 4)
        _ = kept.0
    }

    @Test func recordedOpsAddTheBytesTheyReadAndWriteAndViewsNone() throws {
        let a = try Tensor.ones([3, 4])
        a.requiresGrad = true
        let (_, c) = try Tensor.countingOperations { _ = try (a.reshape([4, 3]) * 2).exp() }
        #expect(c.operations["reshape"]?.bytesRead == 0 && c.operations["reshape"]?.bytesWritten == 0)
        #expect(c.operations["exp"]?.bytesRead == 48 && c.operations["exp"]?.bytesWritten == 48)
        #expect(c.total.bytesWritten == 96)
        // Nothing is recorded for tensors that track no gradient, so nothing is noted either.
        let (_, untracked) = try Tensor.countingOperations { _ = try (try Tensor.ones([3, 4]) * 2).exp() }
        #expect(untracked.total.bytesRead == 0)
    }
}
