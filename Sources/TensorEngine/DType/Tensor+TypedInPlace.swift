/// Typed in-place access for the update loops of optimizers and initializers outside the engine,
/// which run one generic loop for float32 and float64 (`EngineFloat`).
extension Tensor {
    /// Runs `body` on this tensor's own elements as `T` for writing; the buffer is valid only inside `body`.
    ///
    /// Storage another tensor shares is copied first (a MemoryError when the copy does not fit). A TypeError
    /// naming `op` when `T` is not this tensor's element type: the bytes are not `T`s.
    public func withUnsafeMutableElements<T: TensorElement, R>(
        as type: T.Type, op: String, _ body: (UnsafeMutableBufferPointer<T>) throws -> R
    ) throws -> R {
        guard T.dtype == dtype else {
            throw TensorError(.type, "\(op): a \(dtype) tensor cannot be written as \(T.dtype)")
        }
        try makeUnique()
        let n = count
        return try writing(as: T.self) { try body(UnsafeMutableBufferPointer(start: $0, count: n)) }
    }

    /// Runs `body` on the elements as `T` for reading; the buffer is valid only inside `body`. A tensor of
    /// another type is read through a converted copy (PyTorch's casts).
    public func withUnsafeElements<T: TensorElement, R>(
        as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R
    ) throws -> R {
        let source = T.dtype == dtype ? self : try detach().to(T.dtype)
        let n = count
        return try source.reading(as: T.self) { try body(UnsafeBufferPointer(start: $0, count: n)) }
    }
}
