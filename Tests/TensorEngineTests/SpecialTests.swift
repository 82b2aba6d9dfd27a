import Testing
import TensorEngine

extension TensorEngine {
    @Suite struct SpecialTests {
        @Test func errorFunctions() throws {
            let x = try vector([0.5, -1.2, 2, 0, 3.5])
            // Python's math.erf and math.erfc.
            expectNumbers(try x.erf(), [0.5204998778130465, -0.9103139782296353, 0.9953222650189527, 0, 0.9999992569016276], shape: [5])
            expectNumbers(try x.erfc(), [0.4795001221869535, 1.9103139782296354, 0.004677734981047265, 1, 7.430983723414128e-07],
                         shape: [5], atol: 1e-9)
        }

        @Test func logGammaAndDigamma() throws {
            let x = try vector([0.5, 1, 2.5, 7, -0.5])
            // math.lgamma; digamma from ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, the recurrence and the reflection formula.
            expectNumbers(try x.lgamma(), [0.5723649429247004, 0, 0.2846828704729196, 6.579251212010102, 1.265512123484645], shape: [5])
            expectNumbers(try x.digamma(), [-1.9635100260214235, -0.5772156649015329, 0.7031566406452432, 1.8727843350984671,
                                           0.03648997397857652], shape: [5])
            let poles = try vector([0, -2]).digamma().values
            #expect(poles[0] == -.infinity && poles[1].isNaN)
        }

        @Test func gradients() throws {
            try checkGradients([random([6], seed: 1, in: -2...2)]) { try $0[0].erf() }
            try checkGradients([random([6], seed: 2, in: -2...2)]) { try $0[0].erfc() }
            try checkGradients([random([6], seed: 3, in: 0.3...5)]) { try $0[0].lgamma() }
            try checkGradients([random([6], seed: 4, in: 0.5...5)], h: 1e-3) { try $0[0].digamma() }
            try checkGradients([try vector([-0.5, -1.3, -2.7])], h: 1e-3) { try $0[0].digamma() }
        }
    }
}
