/// `backward()` one rule at a time, for teaching: what each rule received and gave, in the order
/// the engine runs them.
public struct BackwardStep {
    /// The tensor whose rule ran (an op's output).
    public let output: Tensor
    /// The op, as graph drawings name it.
    public let op: String
    /// ∂L/∂output, complete when the rule ran.
    public let outputGradient: Tensor
    /// The op's inputs, in argument order.
    public let inputs: [Tensor]
    /// What the rule added to each input's gradient (nil for an input that takes none), shaped like
    /// the input: the contribution through this op only.
    public let inputGradients: [Tensor?]
}

extension Tensor {
    /// The rules `backward()` would run from this tensor, in its order, each with its gradients, without
    /// changing any `grad` or freeing the graph (so `backward()` still works after).
    ///
    /// Without `gradient` the tensor must hold one element. Tensor hooks run, as in `backward()`.
    public func backwardSteps(gradient: Tensor? = nil) throws -> [BackwardStep] {
        let seed = try backwardSeed(gradient, op: "stepBackward")
        var steps: [BackwardStep] = []
        // The pass keeps each small output gradient for drawings; a look at the steps must not leave
        // the graph looking as if backward() had run.
        let records = topologicalOrder().compactMap(\.gradFn)
        if let freed = records.first(where: \.isReleased) {
            throw TensorError.value("stepBackward: the graph through '\(freed.name)' was freed by backward(); step through it before calling backward(), or call backward(retainGraph: true)")
        }
        let kept = records.map(\.outputGradient)
        defer { for (fn, g) in zip(records, kept) { fn.outputGradient = g } }
        try Tensor.propagate([(self, seed)], retainGraph: true, visited: { output, g, fn, grads in
            steps.append(BackwardStep(output: output, op: fn.name, outputGradient: g, inputs: fn.inputs,
                                      inputGradients: grads.map { $0?.detach() }))
        }) { _, _ in }
        return steps
    }
}
