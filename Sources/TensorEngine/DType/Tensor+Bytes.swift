/// A tensor's elements as raw bytes, for file formats that store elements as they are in memory.
extension Tensor {
    /// A tensor of `shape` and `dtype` whose `count * dtype.itemSize` bytes `fill` writes in the machine's
    /// byte order, or a ShapeError/MemoryError naming `op` when the shape cannot be allocated.
    ///
    /// `fill` must write every byte. Bool bytes other than 0 and 1 are made 1 afterwards (any non-zero
    /// byte is true): another value in a Swift `Bool` is undefined behaviour, and files can hold one.
    public static func filling(_ shape: [Int], dtype: DType, op: String,
                               _ fill: (UnsafeMutableRawBufferPointer) throws -> Void) throws -> Tensor {
        let out = try allocate(shape, dtype: dtype, op: op)
        let n = out.count
        try out.storage.writingBytes { base in
            let bytes = UnsafeMutableRawBufferPointer(start: base, count: n * dtype.itemSize)
            try fill(bytes)
            if dtype == .bool {
                for i in 0..<n where bytes[i] > 1 { bytes[i] = 1 }
            }
        }
        return out
    }

    /// Runs `body` with the elements' `count * dtype.itemSize` bytes, row-major in the machine's byte order;
    /// the buffer is valid only inside `body`.
    public func withUnsafeElementBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let n = count * dtype.itemSize
        return try storage.readingBytes { try body(UnsafeRawBufferPointer(start: $0, count: n)) }
    }
}
