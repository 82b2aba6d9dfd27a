import TensorEngine

/// An optimizer over groups of parameters, each group an optimizer of its own with its own settings
/// (PyTorch's `param_groups`): a smaller rate for a pretrained body, no weight decay for biases.
///
/// `step()` steps every group in order, as PyTorch's loop over its groups does; `learningRate` reads
/// the first group's rate and sets every group's, and schedulers scale each group's rate from its own
/// (`learningRates`).
public final class ParameterGroups: Optimizer {
    /// The groups in order, each holding its own state.
    public private(set) var groups: [any Optimizer]

    /// Throws a ValueError for no groups, or a parameter in two groups (which PyTorch rejects too).
    public init(_ groups: [any Optimizer]) throws {
        guard !groups.isEmpty else { throw TensorError(.value, "optimizer: the list of parameter groups is empty") }
        self.groups = []
        for group in groups { try add(group) }
    }

    /// Appends a group (PyTorch's `add_param_group`); a ValueError where it shares a parameter with another.
    public func add(_ group: any Optimizer) throws {
        let present = Set(parameters.map(ObjectIdentifier.init))
        if let i = group.parameters.firstIndex(where: { present.contains(ObjectIdentifier($0)) }) {
            throw TensorError(.value, "\(type(of: groups.first ?? group)): parameter \(i) of group \(groups.count) is already in another group; a parameter may be in one group only")
        }
        groups.append(group)
    }

    public var parameters: [Tensor] { groups.flatMap(\.parameters) }

    /// Clears every parameter's gradient, group by group: each training step calls it, and gathering
    /// the groups' parameters into one new list first (as `Optimizer.zeroGrad` would) costs a copy.
    public func zeroGrad() { for g in groups { g.zeroGrad() } }

    /// The name of the groups' optimizer, for messages.
    var name: String { String(describing: type(of: groups[0])) }

    public var learningRate: Double {
        get { groups[0].learningRate }
        set { for g in groups { g.learningRate = newValue } }
    }

    public var learningRates: [Double] {
        get { groups.map(\.learningRate) }
        set { for (g, rate) in zip(groups, newValue) { g.learningRate = rate } }
    }

    public func step() throws {
        for g in groups { try g.step() }
    }

    /// Each group's state under `group.g.`, with its rate as `group.g.lr`.
    public func state() throws -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (g, group) in groups.enumerated() {
            for (name, t) in try group.state() { out["group.\(g).\(name)"] = t }
            out["group.\(g).lr"] = try Tensor.full(checked: [], group.learningRate, dtype: .float64)
        }
        return out
    }

    /// Restores every group from `state()`'s entries; a ValueError when the numbers of groups differ.
    public func loadState(_ state: [String: Tensor]) throws {
        // The groups named by `group.g.…` keys; a state saved from one optimizer alone has none.
        let saved = Set(state.keys.compactMap { key -> Int? in
            let parts = key.split(separator: ".", maxSplits: 2)
            return parts.count == 3 && parts[0] == "group" ? Int(parts[1]) : nil
        })
        guard saved.count == groups.count, saved.allSatisfy({ $0 < groups.count }) else {
            throw TensorError(.value, "\(name).loadState: the state has \(saved.count) parameter groups, this optimizer \(groups.count)")
        }
        for (g, group) in groups.enumerated() {
            let prefix = "group.\(g)."
            var own: [String: Tensor] = [:]
            for (name, t) in state where name.hasPrefix(prefix) { own[String(name.dropFirst(prefix.count))] = t }
            let rate = try OptimizerState(name, reading: own).number("lr")
            try LearningRate.check(rate, "\(name).loadState")
            own["lr"] = nil
            try group.loadState(own)
            group.learningRate = rate
        }
    }
}
