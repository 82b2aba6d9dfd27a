import CMPI
import TensorEngine

/// What one process asks of a collective call, exchanged before the call so that processes that
/// disagree (different shapes, types, roots or calls) get an error naming each side instead of
/// corrupt results or a wait that never ends.
struct CollectiveCall: Equatable {
    enum Kind: Int64 {
        case barrier = 1, allReduce, broadcast, allGather, gradients, finish
    }

    var kind: Kind
    var dtype: DType?
    var shape: [Int] = []
    /// The reduction's code for allReduce, the root for broadcast, the bucket count for gradients.
    var detail = 0
    /// Named in the description: the reduction of an allReduce.
    var label = ""

    static let finish = CollectiveCall(kind: .finish)

    /// The fixed-size record exchanged for this call: kind, dtype, detail, element count, rank and as
    /// many dimensions as fit.
    static let recordLength = 16

    var record: [Int64] {
        var r = [kind.rawValue, Int64(dtype.map { DType.allCases.firstIndex(of: $0)! + 1 } ?? 0), Int64(detail),
                 Int64(shape.reduce(1, *)), Int64(shape.count)]
        r += shape.prefix(Self.recordLength - r.count).map(Int64.init)
        return r + Array(repeating: -1, count: Self.recordLength - r.count)
    }

    init(kind: Kind, dtype: DType? = nil, shape: [Int] = [], detail: Int = 0, label: String = "") {
        self.kind = kind
        self.dtype = dtype
        self.shape = shape
        self.detail = detail
        self.label = label
    }

    /// The call a record describes, as far as the record holds it (for the error message).
    init(record r: ArraySlice<Int64>) {
        let v = Array(r)
        kind = Kind(rawValue: v[0]) ?? .barrier
        dtype = v[1] > 0 && Int(v[1]) <= DType.allCases.count ? DType.allCases[Int(v[1]) - 1] : nil
        detail = Int(v[2])
        let rank = Int(v[4])
        shape = v[5..<min(v.count, 5 + rank)].map { Int($0) }
        if shape.count < rank { shape.append(-1) }
        label = kind == .allReduce ? (ReduceOp(code: detail)?.rawValue ?? "") : ""
    }

    /// The call as an error names it: "allReduce(sum) of [3, 4] float32".
    var description: String {
        let tensor = "\(Self.describe(shape)) \(dtype?.rawValue ?? "")"
        switch kind {
        case .barrier: return "barrier()"
        case .allReduce: return "allReduce(\(label)) of \(tensor)"
        case .broadcast: return "broadcast from rank \(detail) of \(tensor)"
        case .allGather: return "allGather of \(tensor)"
        case .gradients: return "the gradient average of \(shape.first ?? 0) values in \(detail) bucket\(detail == 1 ? "" : "s")"
        case .finish: return "the end of the script"
        }
    }

    private static func describe(_ shape: [Int]) -> String {
        "[" + shape.map { $0 < 0 ? "…" : String($0) }.joined(separator: ", ") + "]"
    }
}

extension Communicator {
    /// Exchanges `call` with every process and throws a DistributedError naming each process's call
    /// when they differ; every process throws the same error, so none is left waiting.
    func agree(on call: CollectiveCall) throws {
        calls += 1
        guard usesMPI else { return }
        let mine = call.record
        let n = CollectiveCall.recordLength
        var all = [Int64](repeating: 0, count: n * size)
        let rc = mine.withUnsafeBytes { sent in
            all.withUnsafeMutableBytes { soma_mpi_allgather(sent.baseAddress, Int32(n * 8), $0.baseAddress) }
        }
        guard rc == MPI_SUCCESS else { throw Self.failure(call.description, rc) }
        let records = (0..<size).map { all[($0 * n)..<(($0 + 1) * n)] }
        guard records.contains(where: { Array($0) != mine }) else { return }
        // Ranks grouped by the call they made, in rank order of each group's first rank.
        var groups: [(record: [Int64], ranks: [Int])] = []
        for (r, record) in records.enumerated() {
            if let i = groups.firstIndex(where: { $0.record == Array(record) }) { groups[i].ranks.append(r) }
            else { groups.append((Array(record), [r])) }
        }
        let sides = groups.map { g -> String in
            let who = g.ranks.count == 1 ? "rank \(g.ranks[0])" : "ranks " + g.ranks.map(String.init).joined(separator: ", ")
            return "\(who) \(g.ranks.count == 1 ? "calls" : "call") \(CollectiveCall(record: g.record[...]).description)"
        }
        throw TensorError(.distributed, "the processes disagree at collective call \(calls): " + sides.joined(separator: "; "))
    }
}
