import NN
import Script
import Tensor

/// A key/value cache as a value of the language: handed to `step` of an attention layer or block.
final class KVCacheValue: ScriptObject {
    let cache: KVCache
    init(_ cache: KVCache) { self.cache = cache }

    var typeName: String { "KVCache" }
    var text: String { "KVCache(length: \(cache.length), position: \(cache.position), elements: \(cache.elements))" }

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        switch name {
        case "length": return .number(Double(cache.length))
        case "position": return .number(Double(cache.position))
        case "elements": return .number(Double(cache.elements))
        case "bytes": return .number(Double(cache.bytes))
        case "keys": return cache.keys.map(Convert.wrap) ?? .null
        case "values": return cache.values.map(Convert.wrap) ?? .null
        case "reset":
            return .function(NativeFunction("reset", doc: "cache.reset() — empties the cache for a new sequence.") { a, _ in
                try a.expectNone("reset")
                self.cache.reset()
                return .null
            })
        default: return nil
        }
    }

    var memberNames: [String] { ["length", "position", "elements", "bytes", "keys", "values", "reset"] }
}
