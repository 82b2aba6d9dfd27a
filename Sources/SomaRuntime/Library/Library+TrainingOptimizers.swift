import NN
import Script
import TensorEngine

/// NAdam, RMSProp, Adagrad, Adadelta, RAdam, Lion and LBFGS, gradient clipping, and L1/L2 penalties in the language.
extension Library {
    static func addTrainingOptimizers(_ lib: inout Library) {
        lib.addOptimizer("NAdam", [.defaulted("lr", engine: NAdam.Defaults.lr), .defaulted("beta1", engine: NAdam.Defaults.beta1),
                                   .defaulted("beta2", engine: NAdam.Defaults.beta2), .defaulted("epsilon", engine: NAdam.Defaults.epsilon),
                                   .defaulted("weightDecay", engine: NAdam.Defaults.weightDecay),
                                   .defaulted("momentumDecay", engine: NAdam.Defaults.momentumDecay), .defaulted("decoupledWeightDecay", false),
                                   .defaulted("maximize", false)],
                         "Adam with Nesterov momentum.") { p, a in
            try NAdam(p, lr: try a.number("lr"), beta1: try a.number("beta1"),
                      beta2: try a.number("beta2"), epsilon: try a.number("epsilon"), weightDecay: try a.number("weightDecay"),
                      momentumDecay: try a.number("momentumDecay"),
                      decoupledWeightDecay: try a.boolean("decoupledWeightDecay"), maximize: try a.boolean("maximize"))
        }
        lib.addOptimizer("RMSProp", [.defaulted("lr", engine: RMSProp.Defaults.lr), .defaulted("alpha", engine: RMSProp.Defaults.alpha),
                                     .defaulted("epsilon", engine: RMSProp.Defaults.epsilon), .defaulted("weightDecay", engine: RMSProp.Defaults.weightDecay),
                                     .defaulted("momentum", engine: RMSProp.Defaults.momentum), .defaulted("centered", false),
                                     .defaulted("maximize", false)],
                         "steps scaled by a running RMS of the gradient.") { p, a in
            try RMSProp(p, lr: try a.number("lr"), alpha: try a.number("alpha"),
                        epsilon: try a.number("epsilon"), weightDecay: try a.number("weightDecay"),
                        momentum: try a.number("momentum"), centered: try a.boolean("centered"),
                        maximize: try a.boolean("maximize"))
        }
        lib.addOptimizer("Adagrad", [.defaulted("lr", engine: Adagrad.Defaults.lr), .defaulted("lrDecay", engine: Adagrad.Defaults.lrDecay),
                                     .defaulted("weightDecay", engine: Adagrad.Defaults.weightDecay),
                                     .defaulted("initialAccumulatorValue", engine: Adagrad.Defaults.initialAccumulatorValue),
                                     .defaulted("epsilon", engine: Adagrad.Defaults.epsilon), .defaulted("maximize", false)],
                         "steps shrink with each weight's summed squared gradients.") { p, a in
            try Adagrad(p, lr: try a.number("lr"), lrDecay: try a.number("lrDecay"),
                        weightDecay: try a.number("weightDecay"),
                        initialAccumulatorValue: try a.number("initialAccumulatorValue"), epsilon: try a.number("epsilon"),
                        maximize: try a.boolean("maximize"))
        }
        lib.addOptimizer("Adadelta", [.defaulted("lr", engine: Adadelta.Defaults.lr), .defaulted("rho", engine: Adadelta.Defaults.rho),
                                      .defaulted("epsilon", engine: Adadelta.Defaults.epsilon),
                                      .defaulted("weightDecay", engine: Adadelta.Defaults.weightDecay), .defaulted("maximize", false)],
                         "steps as the ratio of running RMS values of past steps and of gradients, so lr (1) only scales them.") { p, a in
            try Adadelta(p, lr: try a.number("lr"), rho: try a.number("rho"),
                         epsilon: try a.number("epsilon"), weightDecay: try a.number("weightDecay"),
                         maximize: try a.boolean("maximize"))
        }
        lib.addOptimizer("RAdam", [.defaulted("lr", engine: RAdam.Defaults.lr), .defaulted("beta1", engine: RAdam.Defaults.beta1),
                                   .defaulted("beta2", engine: RAdam.Defaults.beta2), .defaulted("epsilon", engine: RAdam.Defaults.epsilon),
                                   .defaulted("weightDecay", engine: RAdam.Defaults.weightDecay), .defaulted("decoupledWeightDecay", false),
                                   .defaulted("maximize", false)],
                         "rectified Adam: momentum steps until the adaptive rate's variance is tractable, then rectified Adam steps.") { p, a in
            try RAdam(p, lr: try a.number("lr"), beta1: try a.number("beta1"),
                      beta2: try a.number("beta2"), epsilon: try a.number("epsilon"), weightDecay: try a.number("weightDecay"),
                      decoupledWeightDecay: try a.boolean("decoupledWeightDecay"), maximize: try a.boolean("maximize"))
        }
        lib.addOptimizer("Lion", [.defaulted("lr", engine: Lion.Defaults.lr), .defaulted("beta1", engine: Lion.Defaults.beta1),
                                  .defaulted("beta2", engine: Lion.Defaults.beta2), .defaulted("weightDecay", engine: Lion.Defaults.weightDecay),
                                  .defaulted("maximize", false)],
                         "steps of one size for every weight, in the sign of a momentum blend, with decoupled weight decay (use a 3–10× smaller lr than AdamW).") { p, a in
            try Lion(p, lr: try a.number("lr"), beta1: try a.number("beta1"),
                     beta2: try a.number("beta2"), weightDecay: try a.number("weightDecay"),
                     maximize: try a.boolean("maximize"))
        }
        lib.addOptimizer("LBFGS", [.defaulted("lr", engine: LBFGS.Defaults.lr), .defaulted("maxIter", engine: LBFGS.Defaults.maxIter),
                                   .optional("maxEval", shown: "maxIter * 5 / 4"),
                                   .defaulted("toleranceGrad", engine: LBFGS.Defaults.toleranceGrad),
                                   .defaulted("toleranceChange", engine: LBFGS.Defaults.toleranceChange),
                                   .defaulted("historySize", engine: LBFGS.Defaults.historySize), .optional("lineSearchFn", shown: "nil"),
                                   .defaulted("maximize", false)],
                         "limited-memory BFGS: opt.step(closure) runs up to maxIter quasi-Newton iterations, the closure zeroing the gradients, computing the loss, calling backward and returning the loss.") { p, a in
            var strongWolfe = false
            if let search = try a.given("lineSearchFn"), search.isTruthy != false {
                let name = try search.string("lineSearchFn")
                guard name == "strong_wolfe" || name == "strongWolfe" else {
                    throw ScriptError("ValueError", "LBFGS: lineSearchFn must be \"strong_wolfe\" or nil, not \"\(name)\"")
                }
                strongWolfe = true
            }
            return try LBFGS(p, lr: try a.number("lr"), maxIter: try a.value("maxIter").integer("maxIter"),
                             maxEval: try a.given("maxEval").map { try $0.integer("maxEval") }, toleranceGrad: try a.number("toleranceGrad"),
                             toleranceChange: try a.number("toleranceChange"), historySize: try a.value("historySize").integer("historySize"),
                             strongWolfe: strongWolfe, maximize: try a.boolean("maximize"))
        }
        lib.add("clipGradNorm", ["parameters", "maxNorm", .defaulted("normType", 2)],
                "scales the gradients so their joint norm is at most maxNorm; returns the norm before clipping.") { a, vm in
            let norm = try clipGradNorm(try parameterList(try a.value("parameters"), vm), maxNorm: try a.number("maxNorm"),
                                        normType: try a.number("normType"))
            return .number(norm)
        }
        lib.add("clipGradValue", ["parameters", "clipValue"], "limits every gradient element to [−clipValue, clipValue].") { a, vm in
            try clipGradValue(try parameterList(try a.value("parameters"), vm), clipValue: try a.number("clipValue"))
            return .null
        }
        lib.add("l1Penalty", ["parameters"], "Σ|w| over every parameter, as a tensor to add to a loss.") { a, vm in
            Convert.wrap(try l1Penalty(try parameterList(try a.value("parameters"), vm)))
        }
        lib.add("l2Penalty", ["parameters"], "Σw² over every parameter, as a tensor to add to a loss.") { a, vm in
            Convert.wrap(try l2Penalty(try parameterList(try a.value("parameters"), vm)))
        }
    }
}
