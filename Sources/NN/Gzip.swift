import Tensor

/// The gzip container (RFC 1952) around DEFLATE: header, compressed data, CRC-32 and length.
public enum Gzip {
    /// Decompresses every member of a gzip file (concatenated members are joined, as `gunzip` does).
    ///
    /// Checks the magic number, the method, each member's CRC-32 and length; throws a ValueError
    /// naming what is wrong.
    public static func decompress(_ bytes: [UInt8], limit: Int = 1 << 30) throws -> [UInt8] {
        var output: [UInt8] = []
        var position = 0
        repeat {
            let start = try headerEnd(bytes, from: position)
            let (member, end) = try Inflate.decompress(bytes, from: start, limit: limit - output.count)
            guard end + 8 <= bytes.count else { throw TensorError(.value, "gzip: the file ends before the member's trailer") }
            let crc = littleEndian32(bytes, end), size = littleEndian32(bytes, end + 4)
            guard crc == crc32(member) else { throw TensorError(.value, "gzip: CRC-32 check failed (the data is corrupt)") }
            guard size == UInt32(truncatingIfNeeded: member.count) else {
                throw TensorError(.value, "gzip: length check failed (\(member.count) bytes decoded, \(size) recorded)")
            }
            output += member
            position = end + 8
            // Some writers pad a file with zeros after the last member; gzip ignores them too.
        } while position < bytes.count && bytes[position...].contains(where: { $0 != 0 })
        return output
    }

    /// The index where the DEFLATE data of the member at `position` starts, after its header.
    static func headerEnd(_ b: [UInt8], from position: Int) throws -> Int {
        guard position + 10 <= b.count, b[position] == 0x1F, b[position + 1] == 0x8B else {
            throw TensorError(.value, "gzip: not a gzip file (no 1f 8b magic number at byte \(position))")
        }
        guard b[position + 2] == 8 else { throw TensorError(.value, "gzip: unknown compression method \(b[position + 2])") }
        let flags = b[position + 3]
        guard flags & 0xE0 == 0 else { throw TensorError(.value, "gzip: reserved header flags are set") }
        var p = position + 10
        func need(_ n: Int) throws {
            guard p + n <= b.count else { throw TensorError(.value, "gzip: the file ends inside a header") }
        }
        if flags & 0x04 != 0 {   // FEXTRA: a length, then that many bytes
            try need(2)
            let length = Int(b[p]) | Int(b[p + 1]) << 8
            try need(2 + length)
            p += 2 + length
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {   // FNAME, FCOMMENT: zero-terminated
            while true {
                try need(1)
                p += 1
                if b[p - 1] == 0 { break }
            }
        }
        if flags & 0x02 != 0 { try need(2); p += 2 }   // FHCRC
        return p
    }

    static func littleEndian32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    /// The CRC-32 of ISO 3309 / ITU-T V.42, as gzip and PNG use it.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        bytes.withUnsafeBufferPointer { p in
            for byte in p { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
}
