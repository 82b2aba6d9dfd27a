@testable import TensorEngine
import Testing

/// The lane-wise maximum under the attention softmax, against a plain loop.
@Suite struct KernelMaximumTests {
    @Test func agreesWithAPlainLoopAtEveryLength() {
        // Lengths around the eight-lane blocks, with the largest value in the blocks and in the tail; a
        // larger value just past the end must not be read.
        for n in 0...19 {
            for top in 0..<Swift.max(n, 1) {
                let values = (0..<n).map { Float($0 == top ? 50 : ($0 * 7) % 11) - 5 }
                let got = (values + [1000]).withUnsafeBufferPointer { Kernels.maximum($0.baseAddress!, n) }
                #expect(got == (values.max() ?? -.infinity), "n \(n), largest at \(top)")
            }
        }
    }

    @Test func passesOverNaNsAndKeepsInfinities() {
        let values: [Float] = [.nan, -3, .nan, -1, -2, .nan, -7, -9, .nan, -4]
        #expect(values.withUnsafeBufferPointer { Kernels.maximum($0.baseAddress!, $0.count) } == -1)
        let hidden = [Float](repeating: -.infinity, count: 12)
        #expect(hidden.withUnsafeBufferPointer { Kernels.maximum($0.baseAddress!, $0.count) } == -.infinity)
    }
}
