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
/// For prefix caching, `copy()` a cache after a shared prefix and continue each copy on its own; for
/// speculative decoding, append draft tokens and `rollback(_:)` the rejected ones.
public final class KVCache {
    /// The cached keys, `[batch, length, kvHeads · headDim]`, or nil before the first step.
    public private(set) var keys: Tensor?
    /// The cached values, shaped like `keys`.
    public private(set) var values: Tensor?
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
    public var length: Int { keys?.shape[1] ?? 0 }
    /// The first position still stored (0 until a window drops old ones).
    public var start: Int { position - length }
    /// The number of stored Float32 elements, keys and values together.
    public var elements: Int { (keys?.count ?? 0) + (values?.count ?? 0) }
    /// The memory the stored elements take.
    public var bytes: Int { elements * MemoryLayout<Float>.size }

    /// Empties the cache, to start a new sequence.
    public func reset() {
        keys = nil
        values = nil
        position = 0
        window = nil
    }

    /// An independent copy: appending to, truncating or resetting either leaves the other as it was.
    ///
    /// The copy shares the stored tensors' storage, which is copied on the first in-place write to
    /// either, so a copy costs no memory until one of them changes. Its tensors carry no autograd
    /// history: decoding is inference, and a copy must not keep the original's graph alive.
    public func copy() -> KVCache {
        let c = KVCache(reserve: reserve, window: window, position: position)
        c.keys = keys?.detach()
        c.values = values?.detach()
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
            keys = nil
            values = nil
        } else if let k = keys, let v = values {
            keys = try k[.all, .range(0, keep, 1)]
            values = try v[.all, .range(0, keep, 1)]
        }
        position = length
    }

    /// Appends the keys and values of new positions and returns everything to attend over; then drops
    /// what a window of `window` keys will never show again.
    func append(keys k: Tensor, values v: Tensor, window: Int?) throws -> (keys: Tensor, values: Tensor) {
        if let keys, keys.shape[0] != k.shape[0] || keys.shape[2] != k.shape[2] || values!.shape[2] != v.shape[2] {
            throw TensorError(.shape, "KVCache: new keys \(k.shape) do not fit the cached \(keys.shape) (batch and features must stay the same; call reset() for a new sequence)")
        }
        let allKeys = try keys.map { try Tensor.concat([$0, k], axis: 1) } ?? k
        let allValues = try values.map { try Tensor.concat([$0, v], axis: 1) } ?? v
        position += k.shape[1]
        self.window = window
        let total = allKeys.shape[1]
        if let window, total > window - 1 + reserve {
            let keep = window - 1 + reserve
            keys = keep == 0 ? nil : try allKeys[.all, .range(total - keep, total, 1)]
            values = keep == 0 ? nil : try allValues[.all, .range(total - keep, total, 1)]
        } else {
            keys = allKeys
            values = allValues
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
    /// The default the language's `KVCache` declares too: keep nothing beyond a sliding window.
    public enum Defaults {
        public static let reserve = 0
    }
}
