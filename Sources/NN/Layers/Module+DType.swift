import TensorEngine

/// Converting a model's element type in place (PyTorch's `module.to(dtype)`, `.double()`, `.float()`,
/// `.half()`).
extension Module {
    /// Converts every floating-point parameter and buffer of this module and its children to `dtype`,
    /// keeping each tensor object (`Tensor.convertInPlace`), so an optimizer made before still holds the
    /// model's parameters, as PyTorch's `to` changes `param.data`. Gradients are converted with their
    /// parameters. Integer and bool buffers (counters) are left alone, as in PyTorch.
    ///
    /// A TypeError for an integer or bool `dtype`: PyTorch's `Module.to` accepts floating-point types only.
    public func to(_ dtype: DType) throws {
        guard dtype.isFloatingPoint else {
            throw TensorError(.type, "to: a module converts to a floating-point dtype only, not \(dtype)")
        }
        for (_, t) in stateDict() where t.dtype.isFloatingPoint { try t.convertInPlace(to: dtype) }
    }

    /// Converts every floating-point parameter and buffer to float64 (`to(.float64)`).
    public func double() throws { try to(.float64) }
    /// Converts every floating-point parameter and buffer to float32 (`to(.float32)`).
    public func float() throws { try to(.float32) }
    /// Converts every floating-point parameter and buffer to float16 (`to(.float16)`).
    public func half() throws { try to(.float16) }

    /// The dtype of the first floating-point parameter (float32 for a module without parameters), as
    /// PyTorch users read `next(model.parameters()).dtype`.
    public var dtype: DType {
        parameters().first { $0.dtype.isFloatingPoint }?.dtype ?? .float32
    }
}
