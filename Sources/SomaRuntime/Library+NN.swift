import NN
import Script
import Tensor

/// Layers, losses and optimizers.
extension Library {
    static func neuralNetworks() -> Library {
        var lib = Library()
        lib.add("Linear", "Linear(inFeatures, outFeatures, bias: true) — a fully connected layer, y = x @ weightᵀ + bias.") { a, _ in
            let v = try a.bind("Linear", ["inFeatures", "outFeatures", "bias"], required: 2)
            return .object(ModuleValue(try Linear(try v[0]!.integer("inFeatures"), try v[1]!.integer("outFeatures"),
                                                  bias: try v[2]?.boolean("bias") ?? true)))
        }
        lib.add("Sequential", "Sequential(layers...) — applies the layers in order.") { a, vm in
            guard a.labelled.isEmpty else { throw ScriptError("TypeError", "Sequential takes layers, without labels") }
            let items = a.positional.count == 1 && isList(a.positional[0]) ? try a.positional[0].sequence("layers") : a.positional
            let layers = try items.enumerated().map { try Convert.moduleArgument($0.element, "layer \($0.offset) of Sequential", vm) }
            return .object(ModuleValue(Sequential(layers)))
        }
        let activations: [(String, () -> Activation)] = [("Tanh", { .tanh }), ("ReLU", { .relu }), ("Sigmoid", { .sigmoid })]
        for (name, make) in activations {
            lib.add(name, "\(name)() — the \(name) activation as a layer.") { a, _ in
                try a.expectNone(name)
                return .object(ModuleValue(make()))
            }
        }
        lib.add("mse", "mse(prediction, target, reduction: \"mean\") — the mean squared error.") { a, _ in
            let v = try a.bind("mse", ["prediction", "target", "reduction"], required: 2)
            return Convert.wrap(try Loss.mse(try Convert.tensor(v[0]!, "prediction"), try Convert.tensor(v[1]!, "target"),
                                             reduction: try lossReduction(v[2], "mse")))
        }
        lib.add("crossEntropy", "crossEntropy(logits, labels, labelSmoothing: 0, reduction: \"mean\") — cross-entropy of logits [N, C] against class indices [N]; labelSmoothing ε mixes ε/C into every class.") { a, _ in
            let v = try a.bind("crossEntropy", ["logits", "labels", "labelSmoothing", "reduction"], required: 2)
            return Convert.wrap(try Loss.crossEntropy(try Convert.tensor(v[0]!, "logits"), try Convert.tensor(v[1]!, "labels"),
                                                      labelSmoothing: try Convert.float(v[2], "labelSmoothing", default: 0),
                                                      reduction: try lossReduction(v[3], "crossEntropy")))
        }
        lib.add("SGD", "SGD(parameters, lr:, momentum: 0, weightDecay: 0, nesterov: false) — stochastic gradient descent.") { a, vm in
            let v = try a.bind("SGD", ["parameters", "lr", "momentum", "weightDecay", "nesterov"], required: 2)
            let lr = Float(try v[1]!.number("lr")), momentum = try Convert.float(v[2], "momentum", default: 0)
            let weightDecay = try Convert.float(v[3], "weightDecay", default: 0), nesterov = try v[4]?.boolean("nesterov") ?? false
            try SGD.check(lr: lr, momentum: momentum, weightDecay: weightDecay, nesterov: nesterov)
            return .object(OptimizerValue(SGD(try parameterList(v[0]!, vm), lr: lr, momentum: momentum, weightDecay: weightDecay,
                                              nesterov: nesterov)))
        }
        for name in ["Adam", "AdamW"] {
            lib.add(name, "\(name)(parameters, lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: \(name == "AdamW" ? "0.01" : "0"))") { a, vm in
                let v = try a.bind(name, ["parameters", "lr", "beta1", "beta2", "epsilon", "weightDecay"], required: 1)
                let lr = try Convert.float(v[1], "lr", default: 0.001), beta1 = try Convert.float(v[2], "beta1", default: 0.9)
                let beta2 = try Convert.float(v[3], "beta2", default: 0.999), epsilon = try Convert.float(v[4], "epsilon", default: 1e-8)
                let weightDecay = try Convert.float(v[5], "weightDecay", default: name == "AdamW" ? 0.01 : 0)
                try Adam.check(name, lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
                return .object(OptimizerValue(try Adam(try parameterList(v[0]!, vm), lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon,
                                                   weightDecay: weightDecay, decoupledWeightDecay: name == "AdamW")))
            }
        }
        return lib
    }

    static func isList(_ v: Value) -> Bool {
        if case .list = v { return true }
        return false
    }

    /// Parameters from a list of tensors or from a layer (its `parameters()`).
    static func parameterList(_ v: Value, _ vm: Interpreter) throws -> [Tensor] {
        if let m = Convert.moduleOrNil(v, vm) { return m.parameters() }
        let tensors = try tensorList(v, "parameters")
        for (i, t) in tensors.enumerated() where !t.requiresGrad {
            throw ScriptError("ValueError", "parameter \(i) does not require gradients; create it with requiresGrad: true")
        }
        return tensors
    }
}
