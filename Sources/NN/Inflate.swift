import Tensor

/// A decoder for DEFLATE streams (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
///
/// Foundation on Linux has no gzip API and a system zlib would need a module map, so the data sets
/// shipped as `.gz` are read through this small decoder. It follows Mark Adler's `puff`: canonical
/// Huffman codes are decoded one bit at a time from per-length counts, which is short and plenty fast
/// for files of a few megabytes.
public enum Inflate {
    /// Decompresses the raw DEFLATE stream that starts at `start` in `bytes`.
    ///
    /// Returns the output and the index of the first byte after the stream (where a gzip trailer
    /// begins). Throws a ValueError for a malformed stream or output beyond `limit` bytes.
    public static func decompress(_ bytes: [UInt8], from start: Int = 0,
                                  limit: Int = 1 << 30) throws -> (output: [UInt8], end: Int) {
        try bytes.withUnsafeBufferPointer { buffer in
            var state = State(input: buffer, position: start, limit: limit)
            try state.run()
            return (state.output, state.position)
        }
    }

    /// A canonical Huffman code: how many codes have each length, and the symbols ordered by code.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        /// Which codes may leave part of the code space unused.
        enum Incomplete { case rejected, singleCode, allowed }

        /// Builds the code from per-symbol lengths (0 = unused); throws when the lengths over-subscribe
        /// the code space, or leave it incomplete where `incomplete` does not allow it.
        init(lengths: ArraySlice<Int>, incomplete: Incomplete) throws {
            symbols = [Int](repeating: 0, count: lengths.count)
            for l in lengths { counts[l] += 1 }
            var left = 1
            for length in 1...15 {
                left = left * 2 - counts[length]
                if left < 0 { throw corrupt("over-subscribed Huffman code") }
            }
            // A dynamic block's code may be incomplete only when it has a single code (RFC 1951, 3.2.7);
            // the fixed distance code (30 of 32 five-bit codes) is incomplete by definition.
            let used = lengths.count - counts[0]
            if left > 0 && used > 0 && !(incomplete == .allowed || (incomplete == .singleCode && used == 1)) {
                throw corrupt("incomplete Huffman code")
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            for (symbol, l) in lengths.enumerated() where l != 0 {
                symbols[offsets[l]] = symbol
                offsets[l] += 1
            }
        }
    }

    static func corrupt(_ why: String) -> TensorError {
        TensorError(.value, "inflate: corrupt compressed data (\(why))")
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                             131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
                               2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
                                13, 13]
    /// The order in which a dynamic block lists the lengths of the code-length code.
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// The fixed codes of block type 1, built once.
    static let fixed: (literals: Huffman, distances: Huffman) = {
        var lengths = [Int](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        let literals = try! Huffman(lengths: lengths[...], incomplete: .rejected)
        let distances = try! Huffman(lengths: [Int](repeating: 5, count: 30)[...], incomplete: .allowed)
        return (literals, distances)
    }()

    /// The decoder's position in its input and the output so far.
    struct State {
        let input: UnsafeBufferPointer<UInt8>
        var position: Int
        let limit: Int
        var output: [UInt8] = []
        var bitBuffer = 0
        var bitCount = 0

        init(input: UnsafeBufferPointer<UInt8>, position: Int, limit: Int) {
            self.input = input
            self.position = position
            self.limit = limit
            output.reserveCapacity(Swift.min(limit, Swift.max(1024, 4 * (input.count - position))))
        }

        /// `count` bits (at most 24), least significant first, as RFC 1951 packs header fields.
        mutating func bits(_ count: Int) throws -> Int {
            while bitCount < count {
                guard position < input.count else { throw corrupt("the stream ends early") }
                bitBuffer |= Int(input[position]) << bitCount
                position += 1
                bitCount += 8
            }
            let value = bitBuffer & ((1 << count) - 1)
            bitBuffer >>= count
            bitCount -= count
            return value
        }

        /// One symbol of `code`, reading its bits most significant first.
        mutating func decode(_ code: Huffman) throws -> Int {
            var value = 0, first = 0, index = 0
            for length in 1...15 {
                value |= try bits(1)
                let count = code.counts[length]
                if value - first < count { return code.symbols[index + value - first] }
                index += count
                first = (first + count) << 1
                value <<= 1
            }
            throw corrupt("invalid Huffman code")
        }

        mutating func run() throws {
            var last = 0
            repeat {
                last = try bits(1)
                switch try bits(2) {
                case 0: try stored()
                case 1: try codes(Inflate.fixed.literals, Inflate.fixed.distances)
                case 2:
                    let (literals, distances) = try dynamicCodes()
                    try codes(literals, distances)
                default: throw corrupt("block type 3 is reserved")
                }
            } while last == 0
            // The stream ends at a byte boundary: bits left in the buffer are padding.
            bitBuffer = 0
            bitCount = 0
        }

        /// A stored block: byte-aligned LEN, its complement NLEN, then LEN raw bytes.
        mutating func stored() throws {
            bitBuffer = 0
            bitCount = 0
            guard position + 4 <= input.count else { throw corrupt("the stream ends in a stored block header") }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
            guard length == ~complement & 0xFFFF else { throw corrupt("stored block length check fails") }
            position += 4
            guard position + length <= input.count else { throw corrupt("the stream ends in a stored block") }
            try reserve(length)
            output.append(contentsOf: input[position..<(position + length)])
            position += length
        }

        mutating func reserve(_ extra: Int) throws {
            guard output.count + extra <= limit else {
                throw TensorError(.memory, "inflate: the output exceeds the limit of \(limit) bytes")
            }
        }

        /// The literal/length and distance codes of a dynamic block, read from its header.
        mutating func dynamicCodes() throws -> (Huffman, Huffman) {
            let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, codeLengthCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else { throw corrupt("too many length or distance codes") }
            var codeLengths = [Int](repeating: 0, count: 19)
            for i in 0..<codeLengthCount { codeLengths[Inflate.codeLengthOrder[i]] = try bits(3) }
            let lengthCode = try Huffman(lengths: codeLengths[...], incomplete: .rejected)
            var lengths: [Int] = []
            lengths.reserveCapacity(literalCount + distanceCount)
            while lengths.count < literalCount + distanceCount {
                let symbol = try decode(lengthCode)
                if symbol < 16 { lengths.append(symbol); continue }
                var repeated = 0, times = 0
                switch symbol {
                case 16:
                    guard let previous = lengths.last else { throw corrupt("a repeat with no previous length") }
                    repeated = previous
                    times = 3 + (try bits(2))
                case 17: times = 3 + (try bits(3))
                default: times = 11 + (try bits(7))
                }
                guard lengths.count + times <= literalCount + distanceCount else { throw corrupt("too many code lengths") }
                lengths += repeatElement(repeated, count: times)
            }
            guard lengths[256] != 0 else { throw corrupt("no end-of-block code") }
            return (try Huffman(lengths: lengths[..<literalCount], incomplete: .singleCode),
                    try Huffman(lengths: lengths[literalCount...], incomplete: .singleCode))
        }

        /// The symbols of a Huffman-coded block up to its end-of-block code.
        mutating func codes(_ literals: Huffman, _ distances: Huffman) throws {
            while true {
                let symbol = try decode(literals)
                if symbol < 256 {
                    try reserve(1)
                    output.append(UInt8(symbol))
                    continue
                }
                if symbol == 256 { return }
                let s = symbol - 257
                guard s < 29 else { throw corrupt("invalid length code \(symbol)") }
                let length = Inflate.lengthBase[s] + (try bits(Inflate.lengthExtra[s]))
                let d = try decode(distances)
                guard d < 30 else { throw corrupt("invalid distance code \(d)") }
                let distance = Inflate.distanceBase[d] + (try bits(Inflate.distanceExtra[d]))
                guard distance <= output.count else { throw corrupt("a distance reaches before the start of the output") }
                try reserve(length)
                // Byte by byte: the source may overlap the bytes being written (a run).
                let from = output.count - distance
                for i in 0..<length { output.append(output[from + i]) }
            }
        }
    }
}
