import NN
import Script
import TensorEngine

/// A key/value cache as a value of the language: handed to `step` of an attention layer or block.
final class KVCacheValue: TabledObject {
    let cache: KVCache
    init(_ cache: KVCache) { self.cache = cache }

    var typeName: String { "KVCache" }
    var text: String { "KVCache(length: \(cache.length), position: \(cache.position), elements: \(cache.elements))" }

    static let members = MemberTable<KVCacheValue>([
        .property("length", "how many positions it holds.") { c in .number(Double(c.cache.length)) },
        .property("position", "the position the next token will have.") { c in .number(Double(c.cache.position)) },
        .property("elements", "how many numbers the keys and values hold.") { c in .number(Double(c.cache.elements)) },
        .property("bytes", "the memory of the keys and values.") { c in .number(Double(c.cache.bytes)) },
        .property("keys", "the cached keys, or nil when empty.") { c in c.cache.keys.map(Convert.wrap) ?? .null },
        .property("values", "the cached values, or nil when empty.") { c in c.cache.values.map(Convert.wrap) ?? .null },
        .property("start", "the first position it still holds (0 until a sliding window drops old ones).") { c in .number(Double(c.cache.start)) },
        .property("reserve", "how many positions beyond a sliding window it keeps, to roll back that far.") { c in .number(Double(c.cache.reserve)) },
        .method("reset", [], "empties the cache for a new sequence.") { c, _, _ in c.cache.reset(); return .null },
        .method("copy", [], "an independent copy, to continue a shared prefix in several ways.") { c, _, _ in .object(KVCacheValue(c.cache.copy())) },
        .method("truncate", ["length"], "keeps the first length positions; the next token gets position length.") { c, a, _ in
            try c.cache.truncate(try a.integer("length"))
            return .null
        },
        .method("rollback", ["count"], "forgets the last count positions (rejected draft tokens).") { c, a, _ in
            try c.cache.rollback(try a.integer("count"))
            return .null
        },
    ])
}
