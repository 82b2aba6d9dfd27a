import Distributed
import Script
import TensorEngine

/// The global `dist`: the processes of a data-parallel job and the collective calls between them, as
/// PyTorch's `torch.distributed`. Under `mpirun`/`srun` every process runs the script; run alone, a
/// script is rank 0 of 1 and every collective returns its input.
final class DistValue: TabledObject {
    var typeName: String { "Dist" }
    var text: String { "<dist: rank \(Communicator.world.rank) of \(Communicator.world.size)>" }

    private static var world: Communicator { Communicator.world }

    static let members = MemberTable<DistValue>([
        .method("rank", [], "this process's rank, from 0.") { _, _, _ in .number(Double(world.rank)) },
        .method("size", [], "the number of processes in the job (1 without mpirun or srun).") { _, _, _ in .number(Double(world.size)) },
        .method("isMain", [], "whether this is rank 0, the process that prints progress, draws and writes checkpoints.") { _, _, _ in
            .bool(world.isMain)
        },
        .method("barrier", [], "waits until every process reaches this call.") { _, _, _ in
            try world.barrier()
            return .null
        },
        .method("allReduce", ["tensor", .defaulted("op", "sum")],
                "combines tensor across the processes with op (\"sum\", \"mean\", \"max\", \"min\" or \"product\"), writing the result into tensor on every process, and returns it. Every process must pass a tensor of the same shape and type.") { _, a, _ in
            let name = try a.string("op")
            guard let op = ReduceOp(rawValue: name) else {
                throw ScriptError("ValueError", "allReduce: op must be one of " + ReduceOp.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + ", not \"\(name)\"")
            }
            return Convert.wrap(try world.allReduce(try a.tensor("tensor", as: "the tensor of allReduce"), op: op))
        },
        .method("broadcast", ["tensor", .defaulted("from", 0)],
                "copies tensor of process from into tensor on every other process, and returns it.") { _, a, _ in
            Convert.wrap(try world.broadcast(try a.tensor("tensor", as: "the tensor of broadcast"), from: try a.integer("from")))
        },
        .method("allGather", ["tensor"], "every process's tensor, in rank order, as a list on every process.") { _, a, _ in
            .list(ListStorage(try world.allGather(try a.tensor("tensor", as: "the tensor of allGather")).map(Convert.wrap)))
        },
    ])
}
