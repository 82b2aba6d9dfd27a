import TensorEngine

/// Tensor elements between files' byte orders and memory's, for safetensors and `.npy`.
enum ElementBytes {
    #if _endian(big)
    static let nativeIsBigEndian = true
    #else
    static let nativeIsBigEndian = false
    #endif

    /// Reverses the bytes of each `size`-byte element of `buffer`: a file's other byte order to memory's.
    static func swapEach(_ size: Int, in buffer: UnsafeMutableRawBufferPointer) {
        guard size > 1 else { return }
        var i = 0
        while i + size <= buffer.count {
            var lo = i, hi = i + size - 1
            while lo < hi { buffer.swapAt(lo, hi); lo += 1; hi -= 1 }
            i += size
        }
    }

    /// Appends the elements of `t` as little-endian bytes of its own dtype.
    static func appendLittleEndian(_ t: Tensor, to out: inout [UInt8]) {
        let size = t.dtype.itemSize
        t.withUnsafeElementBytes { bytes in
            let start = out.count
            out.append(contentsOf: bytes)
            if nativeIsBigEndian { out.withUnsafeMutableBytes { swapEach(size, in: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) } }
        }
    }

    /// The value of the `size`-byte unsigned integer at byte `offset`, stored little- or big-endian.
    static func unsigned(_ raw: UnsafeRawBufferPointer, at offset: Int, size: Int, bigEndian: Bool) -> UInt64 {
        var bits: UInt64 = 0
        for b in 0..<size {
            bits |= UInt64(raw[offset + b]) << (8 * UInt64(bigEndian ? size - 1 - b : b))
        }
        return bits
    }
}
