/// The convolutions rebuilt from recorded ops, for backward passes that create a graph: their fused
/// rules are GEMMs over raw buffers, so such a pass differentiates these forms instead.
///
/// Each is the fused kernel's own algorithm in recorded pieces: `unfolding` (im2col) or `folding`
/// (col2im), whose gradients are each other, and one batched product per group.
extension Tensor {
    /// `convolution` of the record's inputs `[x, weight]` or `[x, weight, bias]` (already of one
    /// floating type), shaped `outShape`.
    static func convolutionComposite(_ inputs: [Tensor], _ plan: ConvPlan, _ outShape: [Int]) throws -> Tensor {
        let x = inputs[0], weight = inputs[1], g = plan.geometry
        let columns = try unfolding(x, g, samples: plan.batch, channels: plan.channels,
                                    shape: [plan.batch, plan.groups, plan.depth, g.outPlane])
        let product = try weight.reshape([plan.groups, plan.groupOut, plan.depth]).matmul(columns)
        return try addingBias(try product.reshape(outShape), inputs, channels: plan.outChannels)
    }

    /// `transposedConvolution` of the record's inputs, shaped `outShape`: the convolution of `plan`
    /// (from the result's planes back to the input's) run backward, as the fused kernel runs it.
    static func transposedConvolutionComposite(_ inputs: [Tensor], _ plan: ConvPlan, _ outShape: [Int]) throws -> Tensor {
        let x = inputs[0], weight = inputs[1], g = plan.geometry
        // The convolution's output channels are this op's input channels.
        let groupIn = plan.groupOut
        let weights = try weight.reshape([plan.groups, groupIn, plan.depth]).transpose()
        let columns = try weights.matmul(try x.reshape([plan.batch, plan.groups, groupIn, g.outPlane]))
        let out = try folding(columns, g, samples: plan.batch, channels: plan.channels, shape: outShape)
        return try addingBias(out, inputs, channels: plan.channels)
    }

    /// `out` (channels first after an optional batch dimension) plus the bias that `inputs` may end with.
    private static func addingBias(_ out: Tensor, _ inputs: [Tensor], channels: Int) throws -> Tensor {
        guard inputs.count > 2 else { return out }
        let spatial = inputs[1].rank - 2
        return try out + inputs[2].reshape([channels] + Array(repeating: 1, count: spatial))
    }
}
