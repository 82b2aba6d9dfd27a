/// Changing a tensor's element type while keeping the tensor object, for `Module.to(dtype)`: layers,
/// optimizers and the language hold parameters by reference, so a converted model must keep them.
extension Tensor {
    /// Replaces this tensor's storage with its values converted to `dtype` (PyTorch's casts, see
    /// `TensorElement`), as PyTorch's `module.to(dtype)` replaces `param.data`; nothing when it has that
    /// type already.
    ///
    /// The accumulated gradient is converted too (PyTorch's `Module._apply` converts `param.grad`), so a
    /// gradient keeps its parameter's dtype. Tensors that shared the old storage (a detached copy, a
    /// reshape, a value saved for a pending backward pass) keep the old values and type. A MemoryError
    /// when the new storage does not fit.
    public func convertInPlace(to dtype: DType) throws {
        if let g = grad, g.dtype != dtype { grad = try g.detach().to(dtype) }
        guard dtype != self.dtype else { return }
        let converted = try TensorStorage(uninitializedCount: count, dtype: dtype, shape: shape, op: "to")
        Tensor.convert(storage, into: converted)
        storage = converted
    }
}
