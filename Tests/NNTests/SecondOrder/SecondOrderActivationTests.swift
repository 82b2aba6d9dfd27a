import NN
import TensorEngine
import Testing

/// Second derivatives through the activations whose first-order rule is a fused kernel: each is checked
/// by `gradgradcheck` in float64, and the float32 kernels' composite forms agree with float64.
@Suite(.serialized) struct SecondOrderActivationTests {
    @Test func gradgradcheckFindsAMissingSecondDerivative() throws {
        // x² with a rule that treats 2x as a constant: first order right, second order 0 instead of 2.
        func square(_ x: Tensor) throws -> Tensor {
            let y = try noGrad { try x * x }
            return y.recording("square", [x]) { g in [try g * (x.detach() * Tensor.number(2))] }
        }
        #expect(try gradcheck({ try square($0[0]) }, [Tensor([0.5, -1.25])]))
        #expect {
            try gradgradcheck({ try square($0[0]) }, [Tensor([0.5, -1.25])])
        } throws: { "\($0)".contains("gradcheck: input 0") }
    }

    @Test func smoothActivationsDifferentiateTwice() throws {
        seed(7)
        let x = try Tensor.randn([3, 4])
        let activations: [(String, (Tensor) throws -> Tensor)] = [
            ("elu", { try $0.elu(alpha: 0.7) }),
            ("gelu", { try $0.gelu() }),
            ("gelu tanh", { try $0.gelu(approximate: .tanh) }),
        ]
        for (name, f) in activations {
            #expect(try gradgradcheck({ try f($0[0]) }, [x]), "\(name)")
        }
    }

    @Test func float32KernelsUseTheirCompositeForm() throws {
        seed(8)
        let values = try Tensor.randn([2, 5])
        for approximate in [GELUApproximation.none, .tanh] {
            func secondDerivative(_ dtype: DType) throws -> [Double] {
                let x = try values.to(dtype)
                x.requiresGrad = true
                let g = try #require(try Tensor.gradients(of: [try x.gelu(approximate: approximate).pow(2).sum()],
                                                          withRespectTo: [x], createGraph: true)[0])
                return try #require(try Tensor.gradients(of: [g.sum()], withRespectTo: [x])[0]).elements(as: Double.self)
            }
            let single = try secondDerivative(.float32), double = try secondDerivative(.float64)
            #expect(zip(single, double).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) }, "\(single) vs \(double)")
        }
    }
}
