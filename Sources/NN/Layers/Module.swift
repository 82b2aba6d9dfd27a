import TensorEngine

/// A layer or model: a function of a tensor with parameters, sub-modules and a training mode.
///
/// Conformers implement `forward` and list what they own in `namedParameters`/`namedChildren`;
/// everything else (`parameters()`, `train()`, `eval()`, calling the module) comes from the extension.
public protocol Module: AnyObject {
    /// The layer's computation.
    func forward(_ x: Tensor) throws -> Tensor
    /// The tensors this module itself owns, by field name (not those of its children).
    var ownParameters: [(String, Tensor)] { get }
    /// The modules this module holds, by field name.
    var children: [(String, any Module)] { get }
    /// Whether the module is in training mode (dropout active, batch statistics updated).
    var isTraining: Bool { get set }
    /// A one-line description such as `Linear(2, 8)`.
    var summaryName: String { get }
    /// The hooks run around `forward` when the module is called.
    var forwardHooks: ForwardHooks { get }
}

extension Module {
    public var ownParameters: [(String, Tensor)] { [] }
    public var children: [(String, any Module)] { [] }
    public var summaryName: String { String(describing: type(of: self)) }

    /// Applies the module, with its forward hooks when it has any.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        let hooks = forwardHooks
        return hooks.isEmpty ? try forward(x) : try hooks.run(self, x, forward)
    }

    /// Every parameter of this module and its children, each once, in declaration order.
    public func parameters() -> [Tensor] { namedParameters().map(\.1) }

    /// Every parameter with its dotted path (`0.weight`, `fc1.bias`), each tensor once.
    public func namedParameters() -> [(String, Tensor)] {
        var seen = Set<ObjectIdentifier>()
        var out: [(String, Tensor)] = []
        func walk(_ module: any Module, _ prefix: String) {
            for (name, t) in module.ownParameters where seen.insert(ObjectIdentifier(t)).inserted {
                out.append((prefix + name, t))
            }
            for (name, child) in module.children { walk(child, prefix + name + ".") }
        }
        walk(self, "")
        return out
    }

    /// Switches this module and all its children to training mode.
    public func train() { setTraining(true) }
    /// Switches this module and all its children to evaluation mode.
    public func eval() { setTraining(false) }

    /// Sets the mode of this module and, through the tree, of every child.
    public func setTraining(_ on: Bool) {
        isTraining = on
        for (_, child) in children { child.setTraining(on) }
    }

    /// Clears the gradient of every parameter.
    public func zeroGrad() { for p in parameters() { p.zeroGrad() } }

    /// The number of scalar parameters.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }
}
