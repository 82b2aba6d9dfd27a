import NN
import Script
import TensorEngine

/// Layers and optimizers (the losses are in Library+Losses.swift).
extension Library {
    static func neuralNetworks() -> Library {
        var lib = Library()
        lib.add("Linear", ["inFeatures", "outFeatures", .defaulted("bias", engine: Linear.Defaults.bias)],
                "a fully connected layer, y = x @ weightᵀ + bias.") { a, _ in
            .object(ModuleValue(try Linear(try a.integer("inFeatures"), try a.integer("outFeatures"), bias: try a.boolean("bias"))))
        }
        lib.add("Sequential", [.variadic("layers")], "applies the layers in order; Sequential(list) takes them from a list.") { a, vm in
            let given = try a.sequence("layers")
            let items = given.count == 1 && isList(given[0]) ? try given[0].sequence("layers") : given
            let layers = try items.enumerated().map { try Convert.moduleArgument($0.element, "layer \($0.offset) of Sequential", vm) }
            return .object(ModuleValue(Sequential(layers)))
        }
        let activations: [(String, () -> Activation)] = [("Tanh", { .tanh }), ("ReLU", { .relu }), ("Sigmoid", { .sigmoid })]
        for (name, make) in activations {
            lib.add(name, [], "the \(name) activation as a layer.") { _, _ in .object(ModuleValue(make())) }
        }
        lib.addOptimizer("SGD", [.defaulted("lr", engine: SGD.Defaults.lr), .defaulted("momentum", engine: SGD.Defaults.momentum),
                                 .defaulted("weightDecay", engine: SGD.Defaults.weightDecay), .defaulted("nesterov", false), .defaulted("maximize", false)],
                         "stochastic gradient descent.") { p, a in
            try SGD(p, lr: try a.number("lr"), momentum: try a.number("momentum"),
                    weightDecay: try a.number("weightDecay"), nesterov: try a.boolean("nesterov"),
                    maximize: try a.boolean("maximize"))
        }
        lib.addOptimizer("Adamax", [.defaulted("lr", engine: Adamax.Defaults.lr), .defaulted("beta1", engine: Adamax.Defaults.beta1),
                                    .defaulted("beta2", engine: Adamax.Defaults.beta2), .defaulted("epsilon", engine: Adamax.Defaults.epsilon),
                                    .defaulted("weightDecay", engine: Adamax.Defaults.weightDecay), .defaulted("maximize", false)],
                         "Adam with the largest recent gradient magnitude in place of the squared average.") { p, a in
            try Adamax(p, lr: try a.number("lr"), beta1: try a.number("beta1"),
                       beta2: try a.number("beta2"), epsilon: try a.number("epsilon"), weightDecay: try a.number("weightDecay"),
                       maximize: try a.boolean("maximize"))
        }
        for name in ["Adam", "AdamW"] {
            let decoupled = name == "AdamW"
            lib.addOptimizer(name, [.defaulted("lr", engine: Adam.Defaults.lr), .defaulted("beta1", engine: Adam.Defaults.beta1),
                                    .defaulted("beta2", engine: Adam.Defaults.beta2), .defaulted("epsilon", engine: Adam.Defaults.epsilon),
                                    .defaulted("weightDecay", engine: decoupled ? Adam.Defaults.decoupledWeightDecay : Adam.Defaults.weightDecay),
                                    .defaulted("amsgrad", false), .defaulted("maximize", false)],
                             decoupled ? "Adam with weight decay applied to the weights directly (decoupled)." : "adaptive moment estimation.") { p, a in
                try Adam(p, lr: try a.number("lr"), beta1: try a.number("beta1"),
                         beta2: try a.number("beta2"), epsilon: try a.number("epsilon"),
                         weightDecay: try a.number("weightDecay"), decoupledWeightDecay: decoupled,
                         amsgrad: try a.boolean("amsgrad"), maximize: try a.boolean("maximize"))
            }
        }
        return lib
    }

    static func isList(_ v: Value) -> Bool {
        if case .list = v { return true }
        return false
    }

    /// Parameters from a list of tensors or from a layer (its `parameters()`).
    ///
    /// As in PyTorch, a frozen tensor (`requiresGrad` false) is accepted and skipped while it has no
    /// gradient, so `freeze()` and unfreezing work without a new optimizer; the result of an operation
    /// is refused, since a step could not change what it was computed from.
    static func parameterList(_ v: Value, _ vm: Interpreter) throws -> [Tensor] {
        if let m = Convert.moduleOrNil(v, vm) { return m.parameters() }
        let tensors = try tensorList(v, "parameters")
        for (i, t) in tensors.enumerated() where t.gradFn != nil {
            throw ScriptError("ValueError", "parameter \(i) is the result of an operation, not a leaf tensor: optimize the tensors it was computed from, or pass p.detach() with requiresGrad set")
        }
        return tensors
    }
}
