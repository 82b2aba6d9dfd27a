import Foundation
import Testing
@testable import TensorEngine

extension TensorEngine {
    /// `createGraph`: gradients that carry a graph, differentiated again, checked in float64 against
    /// closed forms and finite differences of first-order gradients.
    @Suite struct HigherOrderGradients {
        func f64(_ v: [Double], _ shape: [Int]? = nil, grad: Bool = true) throws -> Tensor {
            let t = try Tensor(shape: shape ?? [v.count], elements: v, dtype: .float64)
            t.requiresGrad = grad
            return t
        }

        func close(_ a: [Double], _ b: [Double], _ tol: Double = 1e-7) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tol * Swift.max(1, Swift.abs($1)) }
        }

        @Test func secondDerivativeOfACube() throws {
            let x = try f64([0.5, -2, 3])
            let g = try #require(try Tensor.gradients(of: [try x.pow(3).sum()], withRespectTo: [x], createGraph: true)[0])
            #expect(g.tracksGrad)
            #expect(close(g.elements(as: Double.self), [0.75, 12, 27], 1e-15))
            let h = try #require(try Tensor.gradients(of: [g.sum()], withRespectTo: [x])[0])
            #expect(close(h.elements(as: Double.self), [3, -12, 18], 1e-15))
        }

        @Test func secondDerivativesThroughOpsThatReadTheirResult() throws {
            // d²/dx² of exp(x)·sin(x) = 2·exp(x)·cos(x); of tanh(x) = −2·tanh(x)·(1 − tanh²(x)).
            let values = [0.3, -1.1, 0.9]
            let x = try f64(values)
            let g = try #require(try Tensor.gradients(of: [try (x.exp() * x.sin()).sum()], withRespectTo: [x], createGraph: true)[0])
            let h = try #require(try Tensor.gradients(of: [g.sum()], withRespectTo: [x])[0])
            #expect(close(h.elements(as: Double.self), values.map { 2 * Foundation.exp($0) * Foundation.cos($0) }))
            let y = try f64(values)
            let gy = try #require(try Tensor.gradients(of: [try y.tanh().sum()], withRespectTo: [y], createGraph: true)[0])
            let hy = try #require(try Tensor.gradients(of: [gy.sum()], withRespectTo: [y])[0])
            #expect(close(hy.elements(as: Double.self), values.map { v in
                let t = Foundation.tanh(v)
                return -2 * t * (1 - t * t)
            }))
        }

        /// A gradient penalty as in WGAN-GP: the norm of ∂D/∂x, pushed towards 1, trains D's weights.
        @Test func gradientPenaltyReachesTheWeights() throws {
            let x = try f64([0.2, -0.4, 0.7, 1.1, -0.3, 0.5], [2, 3], grad: true)
            let weights = [0.3, -0.2, 0.5, 0.1, 0.4, -0.6]
            func penalty(_ w: Tensor, createGraph: Bool) throws -> Tensor {
                let d = try Tensor.linear(x, weight: w, bias: nil).tanh().sum()
                let g = try #require(try Tensor.gradients(of: [d], withRespectTo: [x], createGraph: createGraph)[0])
                let norm = try g.pow(2).sum().sqrt()
                return try (norm - Tensor.number(1)).pow(2)
            }
            let w = try f64(weights, [2, 3])
            let gp = try penalty(w, createGraph: true)
            try gp.backward()
            let analytic = try #require(w.grad).elements(as: Double.self)
            // Central differences of the penalty, each evaluated with first-order gradients only.
            let eps = 1e-6
            var numeric: [Double] = []
            for j in weights.indices {
                var plus = weights, minus = weights
                plus[j] += eps
                minus[j] -= eps
                let up = try penalty(try f64(plus, [2, 3], grad: false), createGraph: false).itemValue()
                let down = try penalty(try f64(minus, [2, 3], grad: false), createGraph: false).itemValue()
                numeric.append((up - down) / (2 * eps))
            }
            #expect(close(analytic, numeric, 1e-6), "\(analytic) vs \(numeric)")
            #expect(analytic.contains { Swift.abs($0) > 1e-3 })
        }

        /// A MAML-style inner step: the adapted weights w − α∇L(w) stay differentiable in w.
        @Test func innerStepIsDifferentiable() throws {
            let w = try f64([0.5, -1.5])
            let data = try f64([1, 2, -1, 0.5], [2, 2], grad: false)
            func loss(_ w: Tensor) throws -> Tensor { try data.matmul(w).pow(2).sum() }
            let g = try #require(try Tensor.gradients(of: [try loss(w)], withRespectTo: [w], createGraph: true)[0])
            let adapted = try w - g * Tensor.number(0.1)
            try loss(adapted).backward()
            // PyTorch: torch.autograd.grad(L(w), w, create_graph=True), then L(w - 0.1 g).backward().
            let expected = [1.40625, -0.703125]
            #expect(close(try #require(w.grad).elements(as: Double.self), expected, 1e-12))
        }

        @Test func slicesAndReductionsDifferentiateTwice() throws {
            // f = Σ x[1:]³ · mean(x): the slice's rule is recorded too.
            let values = [0.5, -1.0, 2.0]
            let x = try f64(values)
            let f = try (x[.slice(1, nil, 1)].pow(3).sum() * x.mean())
            let g = try #require(try Tensor.gradients(of: [f], withRespectTo: [x], createGraph: true)[0])
            let h = try #require(try Tensor.gradients(of: [g.sum()], withRespectTo: [x])[0])
            // Central differences of Σ ∂f/∂x, from first-order gradients.
            func gradientSum(_ v: [Double]) throws -> Double {
                let t = try f64(v)
                let f = try (t[.slice(1, nil, 1)].pow(3).sum() * t.mean())
                return try #require(try Tensor.gradients(of: [f], withRespectTo: [t])[0]).sum().itemValue()
            }
            let numeric = try values.indices.map { j -> Double in
                var plus = values, minus = values
                plus[j] += 1e-6
                minus[j] -= 1e-6
                return (try gradientSum(plus) - gradientSum(minus)) / 2e-6
            }
            #expect(close(h.elements(as: Double.self), numeric, 1e-6), "\(h.elements(as: Double.self)) vs \(numeric)")
        }

        @Test func aFusedRuleStopsCreateGraphWithAClearError() throws {
            // An op whose rule is a fused kernel and that gives no composite form.
            let x = try Tensor(shape: [4], values: [0.5, -1, 2, 0.25], requiresGrad: true)
            let doubled = try noGrad { try x * Tensor.number(2) }
            let fused = doubled.recording("fusedDouble", [x], twice: false) { g in [try noGrad { try g * Tensor.number(2) }] }
            let y = try fused.pow(2).sum()
            #expect {
                _ = try Tensor.gradients(of: [y], withRespectTo: [x], createGraph: true)
            } throws: { error in
                "\(error)".contains("createGraph cannot go through 'fusedDouble' yet")
            }
        }

        @Test func piecewiseLinearActivationsAndDigammaDifferentiateTwice() throws {
            // Σ relu(x)² · ... : d/dx (2·relu(x)·relu'(x)) = 2 where x > 0, 0 elsewhere.
            let x = try f64([0.5, -1.5, 2])
            let g = try #require(try Tensor.gradients(of: [try x.relu().pow(2).sum()], withRespectTo: [x], createGraph: true)[0])
            let h = try #require(try Tensor.gradients(of: [g.sum()], withRespectTo: [x])[0])
            #expect(h.elements(as: Double.self) == [2, 0, 2])
            // digamma's derivative is the recorded trigamma, whose own derivative is polygamma(2).
            let y = try f64([0.5, -1.5])
            let dy = try #require(try Tensor.gradients(of: [try y.digamma().sum()], withRespectTo: [y], createGraph: true)[0])
            let d2y = try #require(try Tensor.gradients(of: [dy.sum()], withRespectTo: [y])[0])
            #expect(d2y.elements(as: Double.self) == (try y.polygamma(2).elements(as: Double.self)))
        }

        /// Third derivatives: a rule's saved tensors, saved again by the ops of a graph-creating pass,
        /// still stand for the real input, so no term is lost one order up.
        @Test func thirdDerivativesKeepEveryTerm() throws {
            func third(_ f: (Tensor) throws -> Tensor, at v: Double) throws -> Double {
                let x = try f64([v])
                let g1 = try #require(try Tensor.gradients(of: [try f(x).sum()], withRespectTo: [x], createGraph: true)[0])
                let g2 = try #require(try Tensor.gradients(of: [g1.sum()], withRespectTo: [x], createGraph: true)[0])
                return try #require(try Tensor.gradients(of: [g2.sum()], withRespectTo: [x])[0]).itemValue()
            }
            // Third derivatives: of x^4, 24x; of 1/x, -6/x^4; of x*x*x, 6.
            #expect(Swift.abs(try third({ try $0.pow(4) }, at: 2) - 48) < 1e-9)
            #expect(Swift.abs(try third({ try Tensor.number(1) / $0 }, at: 2) + 0.375) < 1e-12)
            #expect(Swift.abs(try third({ try $0 * $0 * $0 }, at: 2) - 6) < 1e-12)
        }

        @Test func firstOrderGradientsCarryNoGraph() throws {
            let x = try f64([1, 2])
            let g = try #require(try Tensor.gradients(of: [try x.pow(3).sum()], withRespectTo: [x])[0])
            #expect(!g.tracksGrad)
            try x.pow(2).sum().backward(createGraph: true)
            #expect(x.grad?.tracksGrad == true)
        }
    }
}
