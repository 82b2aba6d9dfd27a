import JSONFormat
import NN
import Script
import TensorEngine

/// A value written to a file by one process and read back by another: how a `distributed` block's
/// result comes back from rank 0 to the notebook or script that ran it.
///
/// The file is a safetensors file: the tensors are its tensors, and the value's shape (numbers,
/// strings, lists, dictionaries, histories, and where each tensor goes) is JSON in its metadata. A
/// value of another kind (a model, a chart) comes back as its text.
public enum ValueTransfer {
    static let key = "soma-value"

    /// The file's bytes for `value`.
    public static func encode(_ value: Value) throws -> [UInt8] {
        var tensors: [(String, Tensor)] = []
        let shape = try json(value, &tensors, depth: 0)
        return try SafeTensors.encode(tensors, metadata: [(key, shape.serialized())])
    }

    /// The value `encode` wrote into `bytes`.
    public static func decode(_ bytes: [UInt8]) throws -> Value {
        let file = try SafeTensors.decode(bytes)
        guard let text = file.metadata.first(where: { $0.0 == key })?.1 else {
            throw ScriptError("ValueError", "the result file holds no Soma value")
        }
        let tensors = Dictionary(file.tensors, uniquingKeysWith: { a, _ in a })
        return try value(try JSON.parse(text), tensors)
    }

    private static func json(_ value: Value, _ tensors: inout [(String, Tensor)], depth: Int) throws -> JSON {
        guard depth < 200 else { throw ScriptError("ValueError", "the result is nested more than 200 levels deep") }
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let x): return .object(["number": .string(x.description)])
        case .string(let s): return .string(s)
        case .range(let lo, let hi): return .object(["range": .array([.int(lo), .int(hi)])])
        case .list(let l): return .object(["list": .array(try l.items.map { try json($0, &tensors, depth: depth + 1) })])
        case .dictionary(let d):
            return .object(["dict": .array(try zip(d.keys, d.values).map {
                .array([try json($0, &tensors, depth: depth + 1), try json($1, &tensors, depth: depth + 1)])
            })])
        case .object(let o as TensorValue):
            let name = "t\(tensors.count)"
            tensors.append((name, o.tensor))
            return .object(["tensor": .string(name)])
        case .object(let o as HistoryValue): return .object(["history": o.history.json])
        default: return .object(["text": .string(value.text), "type": .string(value.typeName)])
        }
    }

    private static func value(_ j: JSON, _ tensors: [String: Tensor]) throws -> Value {
        func bad() -> ScriptError { ScriptError("ValueError", "the result file is damaged") }
        switch j {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .object(let o):
            if let n = o["number"]?.stringValue { return .number(Double(n) ?? .nan) }
            if case .array(let r)? = o["range"], r.count == 2, let lo = r[0].intValue, let hi = r[1].intValue { return .range(lo, hi) }
            if case .array(let items)? = o["list"] { return .list(ListStorage(try items.map { try value($0, tensors) })) }
            if case .array(let pairs)? = o["dict"] {
                let d = DictionaryStorage()
                for pair in pairs {
                    guard case .array(let kv) = pair, kv.count == 2 else { throw bad() }
                    try d.set(try value(kv[0], tensors), try value(kv[1], tensors))
                }
                return .dictionary(d)
            }
            if let name = o["tensor"]?.stringValue {
                guard let t = tensors[name] else { throw bad() }
                return Convert.wrap(t)
            }
            if let h = o["history"] {
                guard let history = TrainingHistory(json: h) else { throw bad() }
                return .object(HistoryValue(history))
            }
            if let text = o["text"]?.stringValue { return .string(text) }
            throw bad()
        default: throw bad()
        }
    }
}
