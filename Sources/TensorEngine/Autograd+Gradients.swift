/// Gradients returned rather than accumulated, and hooks on a tensor's gradient: what
/// `torch.autograd.grad` and `Tensor.register_hook` give a PyTorch user.
extension Tensor {
    /// The gradients of `outputs` with respect to `inputs`, without touching any tensor's `grad`.
    ///
    /// `gradOutputs` gives each output's gradient (nil: ones, for a one-element output). `inputs` may
    /// be leaves or intermediate tensors of the graph. An input the outputs do not depend on is an
    /// error unless `allowUnused`, which returns nil for it. The graph is freed afterwards unless
    /// `retainGraph`. With `createGraph` the gradients carry a graph of their own, so they can be
    /// differentiated again (Hessian-vector products, gradient penalties); it implies `retainGraph`.
    public static func gradients(of outputs: [Tensor], withRespectTo inputs: [Tensor], gradOutputs: [Tensor?]? = nil,
                                 retainGraph: Bool = false, createGraph: Bool = false,
                                 allowUnused: Bool = false) throws -> [Tensor?] {
        guard !outputs.isEmpty else { throw TensorError.value("grad: no outputs to differentiate") }
        if let gradOutputs, gradOutputs.count != outputs.count {
            throw TensorError.value("grad: \(gradOutputs.count) output gradients for \(outputs.count) outputs")
        }
        var roots: [(Tensor, Tensor)] = []
        for (i, output) in outputs.enumerated() {
            guard output.tracksGrad else {
                throw TensorError.value("grad: output \(i) does not require gradients (no input had requiresGrad)")
            }
            if let given = gradOutputs?[i] {
                guard given.shape == output.shape else {
                    throw TensorError.shape("grad: gradient of shape \(describe(given.shape)) for output \(i) of shape \(describe(output.shape))")
                }
                roots.append((output, given))
            } else {
                guard output.count == 1 else {
                    throw TensorError.value("grad: output \(i) of shape \(describe(output.shape)) needs a gradient in gradOutputs (only one-element outputs have an implicit one)")
                }
                roots.append((output, try Tensor.constant(output.shape, 1, dtype: output.dtype)))
            }
        }
        for (i, input) in inputs.enumerated() where !input.tracksGrad {
            throw TensorError.value("grad: input \(i) does not require gradients, so no gradient can reach it")
        }
        let wanted = Dictionary(inputs.enumerated().map { (ObjectIdentifier($0.element), $0.offset) }, uniquingKeysWith: { a, _ in a })
        var found = [Tensor?](repeating: nil, count: inputs.count)
        try propagate(roots, retainGraph: retainGraph || createGraph, createGraph: createGraph) { tensor, g in
            if let i = wanted[ObjectIdentifier(tensor)] { found[i] = createGraph ? g : g.detach() }
        }
        for (i, input) in inputs.enumerated() {
            // The same tensor listed twice gets its gradient in every place.
            if found[i] == nil, let first = wanted[ObjectIdentifier(input)] { found[i] = found[first] }
            if found[i] == nil && !allowUnused {
                throw TensorError.value("grad: input \(i) was not used to compute the outputs; pass allowUnused: true to get nil for it")
            }
        }
        return found
    }

    /// Adds a hook that sees this tensor's gradient each time backward reaches it, before the gradient
    /// goes on (or, on a leaf, is accumulated into `grad`); a hook that returns a tensor replaces the
    /// gradient with it (same shape). Returns the hook, for `removeHook`.
    @discardableResult
    public func registerHook(_ body: @escaping (Tensor) throws -> Tensor?) -> GradientHook {
        let hook = GradientHook(body)
        hooks = (hooks ?? []) + [hook]
        return hook
    }

    /// Removes a hook `registerHook` added; removing it twice does nothing.
    public func removeHook(_ hook: GradientHook) {
        hooks?.removeAll { $0 === hook }
        if hooks?.isEmpty == true { hooks = nil }
    }

    /// `g` after every hook of this tensor, in the order they were added.
    func runHooks(_ g: Tensor) throws -> Tensor {
        guard let hooks else { return g }
        var g = g
        for hook in hooks {
            guard let replaced = try hook.body(g) else { continue }
            guard replaced.shape == g.shape else {
                throw TensorError.shape("a gradient hook returned shape \(describe(replaced.shape)) for a gradient of shape \(describe(g.shape))")
            }
            g = replaced
        }
        return g
    }
}

/// A function run on a tensor's gradient during backward (`Tensor.registerHook`).
public final class GradientHook {
    let body: (Tensor) throws -> Tensor?
    init(_ body: @escaping (Tensor) throws -> Tensor?) { self.body = body }
}
