import CZlib
import TensorEngine

/// gzip files (RFC 1952), read through the system zlib.
public enum Gzip {
    /// Decompresses every member of a gzip file (concatenated members are joined, and zero padding after
    /// the last is ignored, as `gunzip` does).
    ///
    /// zlib checks the header, the data, each member's CRC-32 and length; what it rejects is a
    /// ValueError naming the problem, and output beyond `limit` bytes is a MemoryError.
    public static func decompress(_ bytes: [UInt8], limit: Int = 1 << 30) throws -> [UInt8] {
        guard bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B else {
            throw TensorError(.value, "gzip: not a gzip file (no 1f 8b magic number at its start)")
        }
        var stream = z_stream()
        // 16 + 15: a gzip header and trailer around DEFLATE data with the largest window.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw TensorError(.memory, "gzip: zlib could not start (out of memory)")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        try bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                var status: Int32 = Z_OK
                let produced = chunk.withUnsafeMutableBufferPointer { out -> Int in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return out.count - Int(stream.avail_out)
                }
                guard output.count + produced <= limit else {
                    throw TensorError(.memory, "gzip: the data decompresses to more than \(limit) bytes")
                }
                output += chunk[..<produced]
                switch status {
                case Z_STREAM_END:
                    let rest = input.count - Int(stream.avail_in)
                    guard input[rest...].contains(where: { $0 != 0 }) else { return }
                    guard inflateReset(&stream) == Z_OK else { throw TensorError(.value, "gzip: zlib could not read the next member") }
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw TensorError(.value, "gzip: the file ends before the member's end (truncated)")
                case Z_MEM_ERROR:
                    throw TensorError(.memory, "gzip: zlib ran out of memory")
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw TensorError(.value, "gzip: the data is corrupt (\(reason))")
                }
            }
        }
        return output
    }
}
