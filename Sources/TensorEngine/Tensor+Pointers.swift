/// The scopes in which kernels reach a tensor's elements through pointers.
///
/// Every kernel takes its pointers from one of these calls rather than from the storage itself, so
/// a pointer never outlives the call that keeps its storage alive, and each use says whether it reads
/// or writes. They are always inlined: the loops inside compile as if they held the pointers directly.
extension Tensor {
    /// Runs `body` with this tensor's contiguous elements as float32, for reading: a tensor of another
    /// type is converted first (`float32Storage`), so a float32 kernel never reads another type's bytes.
    @inline(__always) func reading<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        if dtype == .float32 { return try storage.reading(body) }
        return try float32Storage.reading(body)
    }

    /// Runs `body` with this tensor's elements as `T`, its own element type, for reading.
    @inline(__always) func reading<T: TensorElement, R>(as type: T.Type,
                                                         _ body: (UnsafePointer<T>) throws -> R) rethrows -> R {
        try storage.reading(as: type, body)
    }

    /// Runs `body` with this tensor's elements as `T`, its own element type, for writing, under the
    /// rule of `writing(_:)`.
    @inline(__always) func writing<T: TensorElement, R>(as type: T.Type,
                                                         _ body: (UnsafeMutablePointer<T>) throws -> R) rethrows -> R {
        try storage.writing(as: type, body)
    }

    /// Runs `body` with this tensor's contiguous elements, for writing.
    ///
    /// Only for a result the kernel is filling, or after `makeUnique`: the storage must be this
    /// tensor's alone.
    @inline(__always) func writing<R>(_ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        try storage.writing(body)
    }

    /// Runs `body` with this tensor's elements for reading and `out`'s for writing (a one-input kernel);
    /// `out` must be a result the kernel is filling.
    @inline(__always) func reading<R>(into out: Tensor,
                                      _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        try reading { x in try out.writing { o in try body(x, o) } }
    }
}

extension Optional where Wrapped == Tensor {
    /// Runs `body` with the tensor's elements for reading, or with nil when there is no tensor (an
    /// absent bias or mask).
    @inline(__always) func reading<R>(_ body: (UnsafePointer<Float>?) throws -> R) rethrows -> R {
        guard let tensor = self else { return try body(nil) }
        return try tensor.reading { try body($0) }
    }

    /// Runs `body` with the tensor's elements for writing, or with nil when there is no tensor (a
    /// gradient that is not needed); the same rule as `Tensor.writing` holds.
    @inline(__always) func writing<R>(_ body: (UnsafeMutablePointer<Float>?) throws -> R) rethrows -> R {
        guard let tensor = self else { return try body(nil) }
        return try tensor.writing { try body($0) }
    }
}
