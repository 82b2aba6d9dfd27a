import NN
import TensorEngine
import Testing

/// Every optimizer applies PyTorch's argument rules, with one wording naming the argument and the value.
@Suite struct OptimizerArgumentTests {
    typealias Make = ([Tensor]) throws -> any Optimizer

    func weights() throws -> [Tensor] {
        let w = try Tensor.full([2], 1)
        w.requiresGrad = true
        return [w]
    }

    @Test func everyOptimizerRejectsANegativeLearningRate() throws {
        let optimizers: [(String, Make)] = [
            ("SGD", { try SGD($0, lr: -0.5) }), ("Adam", { try Adam($0, lr: -0.5) }),
            ("AdamW", { try Adam($0, lr: -0.5, decoupledWeightDecay: true) }), ("NAdam", { try NAdam($0, lr: -0.5) }),
            ("RMSProp", { try RMSProp($0, lr: -0.5) }), ("Adagrad", { try Adagrad($0, lr: -0.5) }),
        ]
        for (name, make) in optimizers {
            #expect(throws: TensorError(.value, "\(name): lr must be non-negative (got -0.5)")) { try make(try weights()) }
        }
    }

    /// NaN fails `0 ≤ lr` as in PyTorch, and `opt.lr = …` applies the initializers' rule.
    @Test func aNaNRateIsRejected() throws {
        #expect(throws: TensorError(.value, "Adam: lr must be non-negative (got nan)")) { try Adam(try weights(), lr: .nan) }
        #expect(throws: TensorError(.value, "SGD: lr must be non-negative (got nan)")) { try LearningRate.check(.nan, "SGD") }
    }

    @Test func everyOtherArgumentFollowsPyTorchsRule() throws {
        let rejected: [(String, Make)] = [
            ("SGD: momentum must be non-negative (got -0.1)", { try SGD($0, lr: 0.1, momentum: -0.1) }),
            ("SGD: weightDecay must be non-negative (got -0.1)", { try SGD($0, lr: 0.1, weightDecay: -0.1) }),
            ("SGD: momentum must be positive for nesterov (got 0.0)", { try SGD($0, lr: 0.1, nesterov: true) }),
            ("Adam: beta1 must be in [0, 1) (got 1.0)", { try Adam($0, beta1: 1) }),
            ("Adam: beta2 must be in [0, 1) (got -0.1)", { try Adam($0, beta2: -0.1) }),
            ("Adam: epsilon must be non-negative (got -1e-08)", { try Adam($0, epsilon: -1e-8) }),
            ("Adam: weightDecay must be non-negative (got -0.1)", { try Adam($0, weightDecay: -0.1) }),
            ("AdamW: beta2 must be in [0, 1) (got 1.0)", { try Adam($0, beta2: 1, decoupledWeightDecay: true) }),
            ("NAdam: beta1 must be in [0, 1) (got 1.0)", { try NAdam($0, beta1: 1) }),
            ("NAdam: beta2 must be in [0, 1) (got 1.5)", { try NAdam($0, beta2: 1.5) }),
            ("NAdam: epsilon must be non-negative (got -1.0)", { try NAdam($0, epsilon: -1) }),
            ("NAdam: weightDecay must be non-negative (got -1.0)", { try NAdam($0, weightDecay: -1) }),
            ("NAdam: momentumDecay must be non-negative (got -1.0)", { try NAdam($0, momentumDecay: -1) }),
            ("RMSProp: alpha must be non-negative (got -1.0)", { try RMSProp($0, alpha: -1) }),
            ("RMSProp: epsilon must be non-negative (got -1.0)", { try RMSProp($0, epsilon: -1) }),
            ("RMSProp: weightDecay must be non-negative (got -1.0)", { try RMSProp($0, weightDecay: -1) }),
            ("RMSProp: momentum must be non-negative (got -0.5)", { try RMSProp($0, momentum: -0.5) }),
            ("Adagrad: lrDecay must be non-negative (got -1.0)", { try Adagrad($0, lrDecay: -1) }),
            ("Adagrad: weightDecay must be non-negative (got -1.0)", { try Adagrad($0, weightDecay: -1) }),
            ("Adagrad: initialAccumulatorValue must be non-negative (got -1.0)", { try Adagrad($0, initialAccumulatorValue: -1) }),
            ("Adagrad: epsilon must be non-negative (got -1.0)", { try Adagrad($0, epsilon: -1) }),
        ]
        for (message, make) in rejected {
            #expect(throws: TensorError(.value, message)) { try make(try weights()) }
        }
    }

    /// PyTorch's bounds are inclusive where its checks are `0.0 <= x`: zero is a valid rate, beta and epsilon.
    @Test func theBoundsThemselvesAreAccepted() throws {
        let accepted: [Make] = [
            { try SGD($0, lr: 0, momentum: 0.9, weightDecay: 0, nesterov: true) },
            { try Adam($0, lr: 0, beta1: 0, beta2: 0, epsilon: 0, weightDecay: 0) },
            { try NAdam($0, lr: 0, beta1: 0, beta2: 0, epsilon: 0, momentumDecay: 0) },
            { try RMSProp($0, lr: 0, alpha: 0, epsilon: 0, momentum: 0) },
            { try Adagrad($0, lr: 0, lrDecay: 0, initialAccumulatorValue: 0, epsilon: 0) },
        ]
        for make in accepted { _ = try make(try weights()) }
    }
}
