/// An optimizer with a momentum-like setting that OneCycleLR may cycle: SGD's `momentum`, and `beta1`
/// of Adam, AdamW, NAdam, Adamax, RAdam and Lion (PyTorch's `momentum` or `betas[0]`).
public protocol CycledMomentum: AnyObject {
    var cycledMomentum: Double { get set }
}

extension Optimizer {
    /// The optimizers of each parameter group (this one where it has no groups) whose momentum can be
    /// cycled, or nil where one cannot.
    var cycledMomentumGroups: [any CycledMomentum]? {
        let groups = (self as? ParameterGroups)?.groups ?? [self]
        let cycled = groups.compactMap { $0 as? any CycledMomentum }
        return cycled.count == groups.count ? cycled : nil
    }
}
