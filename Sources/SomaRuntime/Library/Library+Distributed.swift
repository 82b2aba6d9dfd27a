import Distributed
import NN
import Script
import TensorEngine

/// Data-parallel training on MPI: `dist` (the job and its collective calls) and
/// `DistributedDataParallel(model)`; `DataLoader(..., shard: true)` and `fit(..., distributed: true)`
/// take their part of the job from here.
extension Library {
    static func distributed() -> Library {
        var lib = Library()
        lib.define("dist", .object(DistValue()))
        lib.add("DistributedDataParallel", ["model", .defaulted("bucketBytes", engine: GradientAverager.Defaults.bucketBytes)],
                "model, with its gradients averaged across the processes after every backward(), in all-reduce calls of about bucketBytes each; made, it gives every process rank 0's parameters. Call it as the model; .module is the model itself.") { a, vm in
            let model = try a.value("model")
            let module = try Convert.moduleArgument(model, "the model of DistributedDataParallel", vm)
            let bucketBytes = try a.integer("bucketBytes")
            return .object(try DistributedModelValue(model, module, bucketBytes: bucketBytes))
        }
        DistributedBlock.install(&lib)
        return lib
    }

    /// This process's part of a data set for `shard: true`: the seed of every pass's order is rank 0's
    /// draw from its generator, so all processes shuffle alike whatever else they drew.
    static func dataShard() throws -> DataShard {
        let world = Communicator.world
        let draw = try Tensor.full(checked: [], Double(RNG.global.next() >> 11), dtype: .float64)
        let seed = UInt64(try world.broadcast(draw, from: 0).itemValue())
        return try DataShard(rank: world.rank, size: world.size, seed: seed)
    }
}
