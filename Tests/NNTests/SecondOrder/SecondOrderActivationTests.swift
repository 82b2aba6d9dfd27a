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
            ("silu", { try $0.silu() }),
            ("softplus", { try $0.softplus() }),
            ("selu", { try $0.selu() }),
            ("celu", { try $0.celu(alpha: 0.5) }),
            ("mish", { try $0.mish() }),
            ("softsign", { try $0.softsign() }),
            ("sigmoid", { try $0.sigmoid() }),
            ("tanh", { try $0.tanh() }),
            ("erf", { try $0.erf() }),
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
    @Test func piecewiseActivationsDifferentiateTwice() throws {
        // Values away from the kinks (±3 for hardSwish; beta·x = threshold for softplus).
        let x = Tensor([-4.5, -2.25, -0.5, 0.75, 2.5, 3.5, 0.3, -1.75])
        #expect(try gradgradcheck({ try $0[0].hardSwish() }, [x]))
        #expect(try gradgradcheck({ try $0[0].softplus(beta: 2, threshold: 3) }, [x]))
        #expect(try gradgradcheck({ try $0[0].leakyRelu(negativeSlope: 0.2) }, [x]))
        #expect(try gradgradcheck({ try $0[0].hardtanh(minVal: -2, maxVal: 2) }, [x]))
    }

    @Test func gammaFunctionsDifferentiateTwice() throws {
        let x = Tensor([0.35, 1.5, 2.75, 7.25, 14.5, -0.4, -2.6])
        #expect(try gradgradcheck({ try $0[0].lgamma() }, [x]))
        #expect(try gradgradcheck({ try $0[0].digamma() }, [x]))
        #expect(try gradgradcheck({ try $0[0].polygamma(1) }, [x]))
        #expect(try gradgradcheck({ try $0[0].polygamma(2) }, [x], rtol: 2e-3))
    }

    @Test func polygammaMatchesKnownValues() throws {
        // ψ″(1) = −2ζ(3), ψ″(1/2) = −14ζ(3), ψ‴(1) = π⁴/15.
        let zeta3 = 1.2020569031595942
        let values = try Tensor(shape: [2], elements: [1.0, 0.5], dtype: .float64).polygamma(2).elements(as: Double.self)
        #expect(abs(values[0] + 2 * zeta3) < 1e-12 && abs(values[1] + 14 * zeta3) < 1e-11, "\(values)")
        let third = try Tensor(shape: [1], elements: [1.0], dtype: .float64).polygamma(3).elements(as: Double.self)[0]
        #expect(abs(third - Double.pi * Double.pi * Double.pi * Double.pi / 15) < 1e-11, "\(third)")
        // Negative arguments go through the recurrence: ψ″(x) = ψ″(x + 1) − 2/x³.
        let negative = try Tensor(shape: [2], elements: [-0.5, 0.5], dtype: .float64).polygamma(2).elements(as: Double.self)
        #expect(abs(negative[0] - (negative[1] + 16)) < 1e-9, "\(negative)")
    }

    @Test func float32ActivationsAgreeWithFloat64() throws {
        let x = Tensor([-4.5, -2.25, -0.5, 0.75, 2.5, 3.5, 0.3, -1.75])
        let activations: [(Tensor) throws -> Tensor] = [
            { try $0.silu() }, { try $0.softplus() }, { try $0.selu() }, { try $0.celu(alpha: 0.5) },
            { try $0.mish() }, { try $0.softsign() }, { try $0.hardSwish() }, { try $0.elu() },
        ]
        for f in activations { #expect(try float32SecondDerivativesAgree({ try f($0[0]) }, [x])) }
        #expect(try float32SecondDerivativesAgree({ try $0[0].digamma() }, [Tensor([0.75, 2.5, 6.25])]))
    }
}
