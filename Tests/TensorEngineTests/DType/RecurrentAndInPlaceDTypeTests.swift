import Testing
import Foundation
@testable import TensorEngine

/// The recurrent layers' kernels, the activations' Double hyperparameters and the in-place updates in
/// each dtype.
@Suite struct RecurrentAndInPlaceDTypes {
    typealias C = Float64Check

    @Test func recurrentLayersComputeInDoubleAndAgreeWithTheFusedKernels() throws {
        let x = try C.tensor([2, 3, 2], seed: 20), h0 = try C.tensor([2, 3], seed: 21), c0 = try C.tensor([2, 3], seed: 22)
        func weights(_ gates: Int, _ seed: Int) throws -> [Tensor] {
            [try C.tensor([gates * 3, 2], seed: seed, scale: 0.5), try C.tensor([gates * 3, 3], seed: seed + 1, scale: 0.5),
             try C.tensor([gates * 3], seed: seed + 2, scale: 0.5), try C.tensor([gates * 3], seed: seed + 3, scale: 0.5)]
        }
        let rnn = try weights(1, 30), lstm = try weights(4, 40), gru = try weights(3, 50)
        let layers: [(String, [Tensor], ([Tensor]) throws -> Tensor)] = [
            ("rnn", [x, h0] + rnn, { t in
                try Tensor.rnnSequence(t[0], h0: t[1], weightIH: t[2], weightHH: t[3], biasIH: t[4], biasHH: t[5]) }),
            ("rnn relu", [x, h0] + rnn, { t in
                try Tensor.rnnSequence(t[0], h0: t[1], weightIH: t[2], weightHH: t[3], biasIH: t[4], biasHH: t[5], nonlinearity: .relu) }),
            ("lstm", [x, h0, c0] + lstm, { t in
                try Tensor.lstmSequence(t[0], h0: t[1], c0: t[2], weightIH: t[3], weightHH: t[4], biasIH: t[5], biasHH: t[6]) }),
            ("gru", [x, h0] + gru, { t in
                try Tensor.gruSequence(t[0], h0: t[1], weightIH: t[2], weightHH: t[3], biasIH: t[4], biasHH: t[5]) }),
        ]
        for (name, inputs, f) in layers {
            try C.gradients(inputs, f)
            let y32 = try f(try inputs.map { try $0.to(.float32) })
            #expect(y32.dtype == .float32, "\(name)")
            #expect(try C.distance(try f(inputs), y32) < 1e-5, "\(name) differs from the float32 kernel")
            // float16 computes in float32 and rounds back; integer inputs compute in float32.
            #expect(try f(try inputs.map { try $0.to(.float16) }).dtype == .float16, "\(name)")
            #expect(try f(try inputs.map { try $0.to(.int64) }).dtype == .float32, "\(name)")
        }
    }

    @Test func activationHyperparametersAreExactInFloat64() throws {
        let x = try C.tensor([12], seed: 23, scale: 3), v = x.elements(as: Double.self)
        func expectValues(_ y: Tensor, _ f: (Double) -> Double, _ name: String) throws {
            #expect(y.dtype == .float64, "\(name)")
            #expect(zip(y.elements(as: Double.self), v).allSatisfy { Swift.abs($0 - f($1)) < 1e-15 }, "\(name)")
        }
        try expectValues(try x.leakyRelu(negativeSlope: 0.2), { $0 > 0 ? $0 : 0.2 * $0 }, "leakyRelu")
        try expectValues(try x.hardtanh(minVal: -0.3, maxVal: 0.7), { min(max($0, -0.3), 0.7) }, "hardtanh")
        try expectValues(try x.celu(alpha: 0.7), { $0 > 0 ? $0 : 0.7 * (Foundation.exp($0 / 0.7) - 1) }, "celu")
        try expectValues(try x.threshold(0.1, 0.3), { $0 > 0.1 ? $0 : 0.3 }, "threshold")
        try expectValues(try x.selu(), { $0 > 0 ? 1.0507009873554804934 * $0 : 1.0507009873554804934 * 1.6732632423543772848 * (Foundation.exp($0) - 1) }, "selu")
        try C.gradients([x]) { try $0[0].selu() }
        try C.gradients([x]) { try $0[0].elu(alpha: 0.3) }
        try C.gradients([x]) { try $0[0].softplus(beta: 0.7, threshold: 5) }
    }

    @Test func inPlaceUpdatesRunInEachFloatingType() throws {
        let d = try Tensor(shape: [3], elements: [0.1, 0.2, 0.3], dtype: .float64)
        let shared = d.detach()
        try d.addInPlace(try Tensor(shape: [3], elements: [1e-9, 2e-9, 3e-9], dtype: .float64), alpha: 2)
        try d.scaleInPlace(0.5)
        #expect(d.dtype == .float64)
        let expected: [Double] = [(0.1 + 2 * 1e-9) * 0.5, (0.2 + 2 * 2e-9) * 0.5, (0.3 + 2 * 3e-9) * 0.5]
        #expect(d.elements(as: Double.self) == expected)
        // The write did not reach a tensor that shared the storage.
        #expect(shared.elements(as: Double.self) == [0.1, 0.2, 0.3])
        try d.fill(0.25)
        #expect(d.elements(as: Double.self) == [0.25, 0.25, 0.25])
        try d.assign(try Tensor(shape: [3], elements: [1, 2, 3], dtype: .int64))
        #expect(d.dtype == .float64 && (d.elements(as: Double.self)) == [1, 2, 3])

        let h = try Tensor(shape: [2], elements: [1.5, -2], dtype: .float16)
        try h.addInPlace(try Tensor(shape: [2], values: [0.25, 0.5]))
        #expect(h.dtype == .float16 && (h.elements(as: Double.self)) == [1.75, -1.5])

        let i = try Tensor(shape: [2], elements: [Int64(3), 4], dtype: .int64)
        try i.fill(7)
        try i.assign(try Tensor(shape: [2], values: [2.9, -1]))
        #expect(i.elements(as: Int64.self) == [2, -1])
        #expect(throws: TensorError.self) { try i.scaleInPlace(0.5) }
        #expect(throws: TensorError.self) { try i.addInPlace(i) }
        #expect(throws: TensorError.self) { try d.withUnsafeMutableValues { _ in } }
        #expect(throws: TensorError.self) { try Tensor(shape: [1], elements: [true], dtype: .bool).withUnsafeMutableValues { _ in } }
    }
}
