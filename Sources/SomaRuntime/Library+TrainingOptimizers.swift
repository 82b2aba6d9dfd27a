import NN
import Script
import Tensor

/// NAdam, RMSProp and Adagrad, gradient clipping, and L1/L2 penalties in the language.
extension Library {
    static func addTrainingOptimizers(_ lib: inout Library) {
        lib.add("NAdam", "NAdam(parameters, lr: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, momentumDecay: 0.004, decoupledWeightDecay: false) — Adam with Nesterov momentum.") { a, vm in
            let v = try a.bind("NAdam", ["parameters", "lr", "beta1", "beta2", "epsilon", "weightDecay", "momentumDecay", "decoupledWeightDecay"], required: 1)
            return .object(OptimizerValue(try NAdam(try parameterList(v[0]!, vm), lr: try Convert.float(v[1], "lr", default: 0.002),
                                                    beta1: try Convert.float(v[2], "beta1", default: 0.9),
                                                    beta2: try Convert.float(v[3], "beta2", default: 0.999),
                                                    epsilon: try Convert.float(v[4], "epsilon", default: 1e-8),
                                                    weightDecay: try Convert.float(v[5], "weightDecay", default: 0),
                                                    momentumDecay: try Convert.float(v[6], "momentumDecay", default: 0.004),
                                                    decoupledWeightDecay: try v[7]?.boolean("decoupledWeightDecay") ?? false)))
        }
        lib.add("RMSProp", "RMSProp(parameters, lr: 0.01, alpha: 0.99, epsilon: 1e-8, weightDecay: 0, momentum: 0, centered: false) — steps scaled by a running RMS of the gradient.") { a, vm in
            let v = try a.bind("RMSProp", ["parameters", "lr", "alpha", "epsilon", "weightDecay", "momentum", "centered"], required: 1)
            return .object(OptimizerValue(try RMSProp(try parameterList(v[0]!, vm), lr: try Convert.float(v[1], "lr", default: 0.01),
                                                      alpha: try Convert.float(v[2], "alpha", default: 0.99),
                                                      epsilon: try Convert.float(v[3], "epsilon", default: 1e-8),
                                                      weightDecay: try Convert.float(v[4], "weightDecay", default: 0),
                                                      momentum: try Convert.float(v[5], "momentum", default: 0),
                                                      centered: try v[6]?.boolean("centered") ?? false)))
        }
        lib.add("Adagrad", "Adagrad(parameters, lr: 0.01, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, epsilon: 1e-10) — steps shrink with each weight's summed squared gradients.") { a, vm in
            let v = try a.bind("Adagrad", ["parameters", "lr", "lrDecay", "weightDecay", "initialAccumulatorValue", "epsilon"], required: 1)
            return .object(OptimizerValue(try Adagrad(try parameterList(v[0]!, vm), lr: try Convert.float(v[1], "lr", default: 0.01),
                                                      lrDecay: try Convert.float(v[2], "lrDecay", default: 0),
                                                      weightDecay: try Convert.float(v[3], "weightDecay", default: 0),
                                                      initialAccumulatorValue: try Convert.float(v[4], "initialAccumulatorValue", default: 0),
                                                      epsilon: try Convert.float(v[5], "epsilon", default: 1e-10))))
        }
        lib.add("clipGradNorm", "clipGradNorm(parameters, maxNorm, normType: 2) — scales the gradients so their joint norm is at most maxNorm; returns the norm before clipping.") { a, vm in
            let v = try a.bind("clipGradNorm", ["parameters", "maxNorm", "normType"], required: 2)
            let norm = try clipGradNorm(try parameterList(v[0]!, vm), maxNorm: Float(try v[1]!.number("maxNorm")),
                                        normType: try Convert.float(v[2], "normType", default: 2))
            return .number(Convert.decimal(norm))
        }
        lib.add("clipGradValue", "clipGradValue(parameters, clipValue) — limits every gradient element to [−clipValue, clipValue].") { a, vm in
            let v = try a.bind("clipGradValue", ["parameters", "clipValue"], required: 2)
            try clipGradValue(try parameterList(v[0]!, vm), clipValue: Float(try v[1]!.number("clipValue")))
            return .null
        }
        lib.add("l1Penalty", "l1Penalty(parameters) — Σ|w| over every parameter, as a tensor to add to a loss.") { a, vm in
            Convert.wrap(try l1Penalty(try parameterList(try a.bind("l1Penalty", ["parameters"], required: 1)[0]!, vm)))
        }
        lib.add("l2Penalty", "l2Penalty(parameters) — Σw² over every parameter, as a tensor to add to a loss.") { a, vm in
            Convert.wrap(try l2Penalty(try parameterList(try a.bind("l2Penalty", ["parameters"], required: 1)[0]!, vm)))
        }
    }
}
