import TensorEngine

/// The keys and values one attention layer has produced while decoding step by step, so that each new
/// step projects only its own tokens and attends over everything before it.
///
/// A cache belongs to one attention layer (a stack of blocks needs one per block). Keys and values are
/// stored as the layer's projections produce them, `[batch, length, kvHeads · headDim]`; multi-head latent
/// attention stores its latents as the keys and its rotary keys as the values. With a sliding
/// window `w` the cache keeps only the last `w − 1 + reserve` entries: all a later query can see besides
/// itself, plus `reserve` so that it can still roll back that many positions exactly.
/// Decoding through the cache gives the same outputs as running the whole sequence with a causal mask.
///
/// Decoding one sequence (batch 1, float32, no gradients) appends in place to buffers that double
/// when full, so each step copies only its own keys (`SequenceBuffer`); other caches concatenate,
/// copying what they hold on every step.
///
/// For prefix caching, `copy()` a cache after a shared prefix and continue each copy on its own; for
/// speculative decoding, append draft tokens and `rollback(_:)` the rejected ones.
public final class KVCache {
    /// The cached keys, `[batch, length, kvHeads · headDim]`, or nil before the first step.
    ///
    /// A batch-1 float32 cache filled without gradients (decoding) returns a view of its buffer, made
    /// afresh on each read: an in-place change to it copies first and leaves the cache as it was.
    public var keys: Tensor? { stored?.keys ?? (bufferedLength > 0 ? keySide.view(bufferedLength) : nil) }
    /// The cached values, shaped like `keys`.
    public var values: Tensor? { stored?.values ?? (bufferedLength > 0 ? valueSide.view(bufferedLength) : nil) }
    /// The keys and values of a cache that concatenates (batch above 1, other types, or gradients).
    private var stored: (keys: Tensor, values: Tensor)?
    /// The keys and values of a batch-1 decoding cache, `bufferedLength` positions in each buffer.
    private var keySide = BufferedPositions(), valueSide = BufferedPositions()
    private var bufferedLength = 0
    /// The buffers this cache has allocated: one per doubling of its length, plus one per write
    /// where a copy of the cache or a live view already held the positions. For tests.
    public var bufferAllocations: Int { keySide.allocations + valueSide.allocations }
    /// How many positions have gone through the cache (the position of the next token).
    public private(set) var position = 0
    /// How many positions beyond a sliding window the cache keeps, so it can roll back that far.
    public let reserve: Int
    /// The window of the last append (nil when the layer has none or before the first step).
    public private(set) var window: Int?

    /// An empty cache.
    public init() { reserve = Defaults.reserve }

    /// An empty cache that keeps `reserve` (0 or more) positions beyond a sliding window, so that
    /// `rollback` and `truncate` can go back that far (a cache without a window keeps everything anyway).
    public init(reserve: Int) throws {
        guard reserve >= 0 else { throw TensorError(.value, "KVCache: reserve must be 0 or more, got \(reserve)") }
        self.reserve = reserve
    }

    /// The number of positions stored now (less than `position` once a window drops old ones).
    public var length: Int { stored?.keys.shape[1] ?? bufferedLength }
    /// The first position still stored (0 until a window drops old ones).
    public var start: Int { position - length }
    /// The number of stored Float32 elements, keys and values together.
    public var elements: Int {
        stored.map { $0.keys.count + $0.values.count } ?? bufferedLength * (keySide.features + valueSide.features)
    }
    /// The memory the stored elements take.
    public var bytes: Int { elements * MemoryLayout<Float>.size }

    /// Empties the cache, to start a new sequence.
    public func reset() {
        stored = nil
        keySide = BufferedPositions()
        valueSide = BufferedPositions()
        bufferedLength = 0
        position = 0
        window = nil
    }

    /// An independent copy: appending to, truncating or resetting either leaves the other as it was.
    ///
    /// The copy shares the stored tensors' storage or buffers, which are copied on the first in-place
    /// write or append that would reach the other, so a copy costs no memory until one of them changes. Its tensors carry no autograd
    /// history: decoding is inference, and a copy must not keep the original's graph alive.
    public func copy() -> KVCache {
        let c = KVCache(reserve: reserve, window: window, position: position)
        c.stored = stored.map { ($0.keys.detach(), $0.values.detach()) }
        // The buffers are shared: whichever cache writes past the shared positions first keeps them,
        // the other takes new buffers (`SequenceBuffer.writable`).
        c.keySide = keySide
        c.valueSide = valueSide
        c.bufferedLength = bufferedLength
        return c
    }

    private init(reserve: Int, window: Int?, position: Int) {
        self.reserve = reserve
        self.window = window
        self.position = position
    }

    /// Keeps the first `length` positions and forgets the rest; the next token gets position `length`.
    ///
    /// A ValueError when `length` is negative or beyond `position`, and when a sliding window has
    /// already dropped keys that a query at `length` would see (make the cache with a larger `reserve`).
    public func truncate(_ length: Int) throws {
        guard length >= 0, length <= position else {
            throw TensorError(.value, "KVCache.truncate: length must be between 0 and the position \(position), got \(length)")
        }
        try cut(to: length, op: "KVCache.truncate")
    }

    /// Forgets the last `count` positions (rejected draft tokens of speculative decoding).
    ///
    /// A ValueError when `count` is negative or more than `position`, or when a sliding window has
    /// already dropped what the cache would go back to (see `truncate`).
    public func rollback(_ count: Int) throws {
        guard count >= 0, count <= position else {
            throw TensorError(.value, "KVCache.rollback: count must be between 0 and the position \(position), got \(count)")
        }
        try cut(to: position - count, op: "KVCache.rollback")
    }

    /// Keeps the positions before `length` (0...position), if the cache still holds what a query there sees.
    private func cut(to length: Int, op: String) throws {
        // What a query at `length` attends to besides itself: the window's last w − 1 positions, or all.
        let needed = window.map { Swift.max(0, length - ($0 - 1)) } ?? 0
        guard needed >= start || needed == length else {
            let kept = window.map { "a window of \($0) and reserve \(reserve) keep" } ?? "it keeps"
            throw TensorError(.value, "\(op): the cache holds only positions \(start)..<\(position) (\(kept) no more), but position \(length) needs keys from \(needed); make it with KVCache(reserve: \(position - length)) to go back that far")
        }
        let keep = Swift.max(0, length - start)
        if keep == 0 {
            stored = nil
        } else if let kept = stored {
            stored = (try kept.keys[.all, .range(0, keep, 1)], try kept.values[.all, .range(0, keep, 1)])
        }
        bufferedLength = Swift.min(bufferedLength, keep)
        position = length
    }

    /// Appends the keys and values of new positions and returns everything to attend over; then drops
    /// what a window of `window` keys will never show again.
    func append(keys k: Tensor, values v: Tensor, window: Int?) throws -> (keys: Tensor, values: Tensor) {
        if let keys, let values, keys.shape[0] != k.shape[0] || keys.shape[2] != k.shape[2] || values.shape[2] != v.shape[2] {
            throw TensorError(.shape, "KVCache: new keys \(k.shape) do not fit the cached \(keys.shape) (batch and features must stay the same; call reset() for a new sequence)")
        }
        position += k.shape[1]
        self.window = window
        let keep = window.map { $0 - 1 + reserve }
        if stored == nil, k.shape[0] == 1, k.dtype == .float32, v.dtype == .float32, !k.tracksGrad, !v.tracksGrad {
            let total = bufferedLength + k.shape[1]
            let all = (try keySide.append(k, after: bufferedLength), try valueSide.append(v, after: bufferedLength))
            bufferedLength = total
            if let keep, total > keep {
                keySide.drop(total - keep)
                valueSide.drop(total - keep)
                bufferedLength = keep
            }
            return all
        }
        // Leaving the buffers for concatenation (a batch, another type or gradients), once per sequence.
        let old: (keys: Tensor, values: Tensor)? = bufferedLength > 0 ? (keys!, values!) : stored
        keySide = BufferedPositions()
        valueSide = BufferedPositions()
        bufferedLength = 0
        let allKeys = try old.map { try Tensor.concat([$0.keys, k], axis: 1) } ?? k
        let allValues = try old.map { try Tensor.concat([$0.values, v], axis: 1) } ?? v
        let total = allKeys.shape[1]
        if let keep, total > keep {
            stored = keep == 0 ? nil : (try allKeys[.all, .range(total - keep, total, 1)],
                                        try allValues[.all, .range(total - keep, total, 1)])
        } else {
            stored = (allKeys, allValues)
        }
        return (allKeys, allValues)
    }

    /// The elements a full cache holds: keys and values for every layer, sequence, position and
    /// key/value head. Multi-head attention has `kvHeads = heads`; grouped-query attention fewer;
    /// multi-query attention one, so its cache is `heads` times smaller.
    public static func elements(layers: Int, batch: Int, length: Int, kvHeads: Int, headDim: Int) -> Int {
        2 * layers * batch * length * kvHeads * headDim
    }

    /// The bytes of `elements(…)` in Float32 (or in `bytesPerElement`, for a cache kept at lower precision).
    public static func bytes(layers: Int, batch: Int, length: Int, kvHeads: Int, headDim: Int,
                             bytesPerElement: Int = MemoryLayout<Float>.size) -> Int {
        elements(layers: layers, batch: batch, length: length, kvHeads: kvHeads, headDim: headDim) * bytesPerElement
    }
}

extension KVCache {
    /// The stored positions of a batch-1 cache's keys or values: `start..<start + length` of a buffer
    /// that doubles when it fills (see `SequenceBuffer`).
    struct BufferedPositions {
        var buffer: SequenceBuffer?
        var start = 0
        var allocations = 0

        var features: Int { buffer?.features ?? 0 }

        func view(_ length: Int) -> Tensor { buffer!.view(from: start, length: length) }

        /// Writes `new` `[1, n, features]` after the first `length` stored positions and returns all
        /// `length + n` of them: in place when the buffer has room and no one else wrote there,
        /// otherwise into a new buffer of twice the positions.
        mutating func append(_ new: Tensor, after length: Int) throws -> Tensor {
            let n = new.shape[1], features = new.shape[2]
            let unique = isKnownUniquelyReferenced(&buffer)
            if let b = buffer, b.features == features, start + length + n <= b.capacity,
               b.writable(at: start + length, unique: unique) {
                b.write(new, at: start + length)
            } else {
                let b = try SequenceBuffer(capacity: Swift.max(2 * (length + n), 16), features: features,
                                           copying: length, of: buffer, from: start)
                b.write(new, at: length)
                buffer = b
                start = 0
                allocations += 1
            }
            return view(length + n)
        }

        /// Forgets the first `count` stored positions (a sliding window moving on).
        mutating func drop(_ count: Int) { start += count }
    }

    /// The default the language's `KVCache` declares too: keep nothing beyond a sliding window.
    public enum Defaults {
        public static let reserve = 0
    }
}
