import TensorEngine

/// The keys and values one attention layer has produced while decoding step by step, so that each new
/// step projects only its own tokens and attends over everything before it.
///
/// A cache belongs to one attention layer (a stack of blocks needs one per block). Keys and values are
/// stored as the layer's projections produce them, `[batch, length, kvHeads · headDim]`. With a sliding
/// window `w` the cache keeps only the last `w − 1` entries, all a later query can see besides itself.
/// Decoding through the cache gives the same outputs as running the whole sequence with a causal mask.
public final class KVCache {
    /// The cached keys, `[batch, length, kvHeads · headDim]`, or nil before the first step.
    public private(set) var keys: Tensor?
    /// The cached values, shaped like `keys`.
    public private(set) var values: Tensor?
    /// How many positions have gone through the cache (the position of the next token).
    public private(set) var position = 0

    public init() {}

    /// The number of positions stored now (less than `position` once a window drops old ones).
    public var length: Int { keys?.shape[1] ?? 0 }
    /// The number of stored Float32 elements, keys and values together.
    public var elements: Int { (keys?.count ?? 0) + (values?.count ?? 0) }
    /// The memory the stored elements take.
    public var bytes: Int { elements * MemoryLayout<Float>.size }

    /// Empties the cache, to start a new sequence.
    public func reset() {
        keys = nil
        values = nil
        position = 0
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
        let total = allKeys.shape[1]
        if let window, total > window - 1 {
            let keep = window - 1
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
