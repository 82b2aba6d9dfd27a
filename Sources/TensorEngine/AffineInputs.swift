/// What a normalization with an optional affine weight and bias (batch, layer and RMS normalization)
/// records and keeps for its backward rule.
struct AffineInputs {
    /// The inputs in recorded order: x, then weight and bias when given.
    let list: [Tensor]
    /// x and weight detached, so an in-place update before backward copies instead of changing what
    /// the rule reads.
    let x: Tensor, weight: Tensor?
    let needX: Bool, needW: Bool, needB: Bool

    init(_ x: Tensor, weight: Tensor?, bias: Tensor?) {
        list = [x] + [weight, bias].compactMap { $0 }
        self.x = x.detach()
        self.weight = weight?.detach()
        needX = x.tracksGrad
        needW = weight?.tracksGrad ?? false
        needB = bias?.tracksGrad ?? false
    }
}
