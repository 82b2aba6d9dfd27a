#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import NN
import TensorEngine
import Testing

/// Feed-forward blocks, the pre-norm Transformer block and positional encodings.
@Suite(.serialized) struct TransformerTests {
    typealias F = SequenceFixtures
    func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-5) -> Bool { SequenceSupport.close(a, b, tol) }

    @Test func feedForwardBlocksMatchPyTorch() throws {
        let x = try SequenceSupport.tensor(F.ff_x, [3, 6])
        let gelu = try FeedForward(6, 10)
        try SequenceSupport.load(gelu, ["fc1.weight": F.ffg_w1, "fc1.bias": F.ffg_b1, "fc2.weight": F.ffg_w2, "fc2.bias": F.ffg_b2])
        #expect(close(try gelu(x).values, F.ffg_y))
        let swiglu = try FeedForward(6, 10, kind: .swiglu)
        try SequenceSupport.load(swiglu, ["gate.weight": F.ffs_gate, "up.weight": F.ffs_up, "down.weight": F.ffs_down])
        #expect(close(try swiglu(x).values, F.ffs_y))
        #expect(gelu.summaryName == "FeedForward(6, 10)" && swiglu.summaryName == "FeedForward(6, 10, kind: \"swiglu\")")
        #expect(try FeedForward(6, 10, kind: .swiglu, bias: true).parameterCount == 3 * 60 + 2 * 10 + 6)
        #expect(throws: TensorError.self) { try gelu(try Tensor.zeros([2, 5])) }
        #expect(throws: TensorError.self) { try FeedForward(0, 3) }
    }

    @Test func feedForwardGradients() throws {
        seed(1)
        for kind in [FeedForwardKind.gelu, .swiglu] {
            let ff = try FeedForward(3, 5, kind: kind)
            #expect(try gradcheck({ a in try ff(a[0]) }, [try Tensor.randn([2, 3])]))
        }
    }

    @Test func transformerBlockMatchesPyTorch() throws {
        let block = try TransformerBlock(8, heads: 2, kvHeads: 1, hidden: 16, causal: true)
        try SequenceSupport.load(block, [
            "norm1.weight": F.blk_ln1_w, "norm1.bias": F.blk_ln1_b, "norm2.weight": F.blk_ln2_w, "norm2.bias": F.blk_ln2_b,
            "attention.qProj.weight": F.blk_q_w, "attention.qProj.bias": F.blk_q_b,
            "attention.kProj.weight": F.blk_k_w, "attention.kProj.bias": F.blk_k_b,
            "attention.vProj.weight": F.blk_v_w, "attention.vProj.bias": F.blk_v_b,
            "attention.outProj.weight": F.blk_o_w, "attention.outProj.bias": F.blk_o_b,
            "feedForward.fc1.weight": F.blk_f1_w, "feedForward.fc1.bias": F.blk_f1_b,
            "feedForward.fc2.weight": F.blk_f2_w, "feedForward.fc2.bias": F.blk_f2_b,
        ])
        let y = try block(try SequenceSupport.tensor(F.blk_x, [2, 4, 8]))
        #expect(close(y.values, F.blk_y), "max difference \(SequenceSupport.maxDifference(y.values, F.blk_y))")
        #expect(block.summaryName == "TransformerBlock(8, heads: 2, kvHeads: 1, hidden: 16, causal: true)")
    }

    @Test func transformerBlockGradients() throws {
        seed(2)
        let block = try TransformerBlock(4, heads: 2, hidden: 6, causal: true, kind: .swiglu)
        #expect(try gradcheck({ a in try block(a[0]) }, [try Tensor.randn([2, 3, 4])]))
        try block(try Tensor.randn([2, 3, 4])).pow(2).mean().backward()
        #expect(block.parameters().allSatisfy { $0.grad != nil })
    }

    @Test func sinusoidalPositionalEncoding() throws {
        let pe = try PositionalEncoding.sinusoidal(length: 6, dim: 5)
        #expect(pe.shape == [6, 5])
        for p in 0..<6 {
            for i in 0..<5 {
                let angle = Double(p) / pow(10000, Double(i - i % 2) / 5)
                let expected = Float(i % 2 == 0 ? sin(angle) : cos(angle))
                #expect(Swift.abs(pe.values[p * 5 + i] - expected) < 1e-6)
            }
        }
        #expect(try PositionalEncoding.sinusoidal(length: 0, dim: 4).shape == [0, 4])
        #expect(throws: TensorError.self) { try PositionalEncoding.sinusoidal(length: 3, dim: 0) }
    }
}
